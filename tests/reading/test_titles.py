"""Headlines without their site names: known names, the visible headline, a blind cut of a short
tail; and which metadata title is taken first."""

from __future__ import annotations

from newsbrief.reading.titles import choose_title, host_label, site_names, strip_site


def choose(
    *,
    title: str | None = None,
    metas: dict[str, str] | None = None,
    jsonld: tuple[str | None, str | None] = (None, None),
    h1: list[str] | None = None,
    first_line: str | None = None,
    names: list[str] | None = None,
) -> tuple[str | None, str]:
    choice = choose_title(
        jsonld_titles=jsonld,
        metas=metas or {},
        title_tag=title,
        h1=h1 or [],
        body_first_line=first_line,
        names=names or [],
    )
    return choice.title, choice.source


def test_known_site_names_are_cut_repeatedly() -> None:
    assert strip_site("Gazette - Local - Council votes", ["Gazette"])[0] == "Local - Council votes"
    assert strip_site(
        "Council votes to close the bridge | News | Gazette", ["gazette", "news"]
    ) == (
        "Council votes to close the bridge",
        "site",
    )
    # as the issue saw them
    assert strip_site("Storm floods the valley – TechCrunch", ["TechCrunch"])[0] == (
        "Storm floods the valley"
    )


def test_colon_is_never_cut_blind() -> None:
    title = "Brexit: the vote that changed everything"
    assert strip_site(title, []) == (title, "")


def test_blind_cut_of_a_short_tail_after_a_long_head() -> None:
    assert strip_site("Council votes to close the old bridge - News Nation", []) == (
        "Council votes to close the old bridge",
        "blind",
    )
    assert strip_site("Short one - Daily Planet", [])[0] == "Short one - Daily Planet"


def test_the_visible_headline_decides_the_split() -> None:
    assert choose(title="Markets: Shares fall as oil climbs", h1=["Shares fall as oil climbs"]) == (
        "Shares fall as oil climbs",
        "title+visible",
    )
    assert choose(title="Markets: Shares fall as oil climbs")[0] == (
        "Markets: Shares fall as oil climbs"
    )


def test_order_of_sources() -> None:
    metas = {"og:title": "From og", "twitter:title": "From twitter"}
    assert choose(title="From title", metas=metas) == ("From og", "og:title")
    assert choose(title="From title", metas={"twitter:title": "From twitter"})[0] == "From twitter"
    assert choose(title="From title") == ("From title", "title")
    assert choose(h1=["Only a heading"]) == ("Only a heading", "h1")
    assert choose(first_line="First line of the body")[0] == "First line of the body"
    # a sentence is the story's first line, not a headline
    assert choose(first_line="The council met on Monday.")[0] is None


def test_a_jsonld_title_must_be_supported_by_the_others() -> None:
    title = "List of films with loops - Wiki"
    assert choose(title=title, jsonld=("Wiki list article", "List of films with loops"))[0] == (
        "List of films with loops"
    )
    assert choose(title="Storm hits coast", jsonld=("Wikimedia list article", None)) == (
        "Storm hits coast",
        "title",
    )


def test_site_names_and_host_labels() -> None:
    metas = {"og:site_name": "The Gazette", "twitter:site": "@gazette"}
    names = site_names(metas, "Gazette Media", "https://www.gazette.example/a")
    assert names == ["The Gazette", "Gazette Media", "gazette", "gazette"]
    assert host_label("https://www.nytimes.com/2020/01/01/x.html") == "nytimes"
    assert host_label("https://user@evil.example/") is None
    assert host_label("not a url") is None
