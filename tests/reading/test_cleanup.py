"""The clean-up of the chosen text: chrome and the headline's repeat, nested articles, a closing
list of related links, credit and contact lines at the end."""

from __future__ import annotations

import lxml.html

from newsbrief.reading.cleanup import clean_body, drop_page_boilerplate

STORY = [f"Sentence {i} of the story says what the council did about the bridge." for i in range(5)]


def tree(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def test_clean_body() -> None:
    assert clean_body("Title\nShare\n  Body text.  \n\n", "Title") == ["Body text."]
    assert clean_body("Only line", "Only line") == ["Only line"]


def test_nested_articles_are_related_posts() -> None:
    teaser = "Another post that the site shows under this one, cut short here …"
    page = tree(
        "<article>" + "".join(f"<p>{s}</p>" for s in STORY) + f"<article><p>{teaser}</p></article>"
        "</article>"
    )
    assert drop_page_boilerplate([*STORY, teaser], page) == STORY


def test_a_story_inside_a_nested_article_is_kept() -> None:
    page = tree(
        "<article><article>" + "".join(f"<p>{s}</p>" for s in STORY) + "</article></article>"
    )
    assert drop_page_boilerplate(STORY, page) == STORY


def test_a_closing_run_of_links_goes() -> None:
    links = ["Five things to know about bridges", "Why the council votes on Mondays"]
    page = tree(
        "".join(f"<p>{s}</p>" for s in STORY)
        + "<ul>"
        + "".join(f"<li><a href='/{i}'>{t}</a></li>" for i, t in enumerate(links))
        + "</ul>"
    )
    assert drop_page_boilerplate([*STORY, *(f"- {t}" for t in links)], page) == STORY
    # one link alone may be the story's last line
    assert drop_page_boilerplate([*STORY, links[0]], page) == [*STORY, links[0]]


def test_credits_and_contacts_at_the_end() -> None:
    tail = [
        "(Reporting by Jane Doe; Editing by John Roe)",
        "Email Jane Doe at jane@example.org or follow her @janedoe.",
    ]
    assert drop_page_boilerplate([*STORY, *tail], tree("")) == STORY
    early = ["Reporting by the council's own auditors found the bridge unsafe.", *STORY]
    assert drop_page_boilerplate(early, tree("")) == early


def test_never_everything() -> None:
    only = ["(Reporting by Jane Doe)"]
    assert drop_page_boilerplate(only, tree("")) == only
