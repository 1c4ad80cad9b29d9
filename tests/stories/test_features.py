"""The terms an article is grouped by: body, capitalised names and the lead."""

from __future__ import annotations

from newsbrief.stories.features import MAX_TERM, article_terms, entities


def test_capitalised_phrases_are_names_without_a_leading_function_word() -> None:
    text = "The Federal Reserve and Bank of America met. But Hosni Mubarak's aides left Cairo."
    assert entities(text) == ["federal reserve", "bank of america", "hosni mubarak", "cairo"]


def test_the_lead_view_reads_the_title_and_the_opening_only() -> None:
    text = "Rescuers dug through rubble. " + "Later paragraphs mention volcanoes. " * 40
    terms = article_terms(text, title="Earthquake strikes Haiti")
    assert "earthquake" in terms.lead and "rescuer" in terms.lead
    assert "earthquake" not in terms.body  # the title is not part of the body
    assert "volcanoe" in terms.body


def test_runs_without_spaces_are_not_terms() -> None:
    terms = article_terms("x" * 500 + " Flooding closed roads.")
    assert all(len(term) <= MAX_TERM for term in terms.body + terms.entities + terms.lead)
    assert "flooding" in terms.body


def test_an_empty_text_has_no_terms() -> None:
    assert article_terms("").empty
    assert not article_terms("Rain.").empty
