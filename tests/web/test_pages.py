"""The reader's pages: listing, search, the article with its button, the no-JS summary page,
previous/next links, escaping of hostile articles."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsbrief.models import Article
from newsbrief.storage import Store
from newsbrief.storage.ingest import collect, ingest

BUTTON = re.compile(r'<a class="summary-button"[^>]*href="(/articles/\d+/summary)"', re.S)


FACTS = [
    "Engineers surveyed the {t} site in January and found cracked foundations",
    "The mayor promised residents a public meeting before any money is spent",
    "Contractors bidding for the {t} work must publish their safety records",
    "A petition signed by four thousand people asked for a slower timetable",
    "Opposition councillors called the {t} budget unrealistic and vague",
    "Local shops expect fewer customers while the roads stay closed",
    "The regional auditor will review every invoice over ten thousand",
    "Volunteers offered to plant trees along the new {t} footpath",
]


def paragraphs(n: int, topic: str) -> str:
    return "\n\n".join(
        f"{FACTS[i].format(t=topic)}. In week {i + 1}, officials said the {topic} plan had changed."
        for i in range(n)
    )


def add_three(store: Store) -> list[int]:
    base = datetime(2025, 3, 1, tzinfo=UTC)
    return [
        store.articles.add(
            Article(
                paragraphs(6, topic),
                title=f"{topic.title()} plan revised",
                byline="Desk Reporter",
                published=(base + timedelta(days=day)).isoformat(),
                url=f"https://www.paper.example/{topic}",
            )
        ).id
        for day, topic in enumerate(["harbour", "railway", "school"])
    ]


def test_index_lists_latest_with_date_source_and_reading_time(
    client: TestClient, store: Store
) -> None:
    add_three(store)
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert html.index("School plan revised") < html.index("Railway plan revised")
    assert "3 March 2025" in html and "paper.example" in html and "1 min read" in html
    assert 'role="search"' in html


def test_an_undated_article_shows_no_date(client: TestClient, store: Store) -> None:
    """The ingestion time is not presented as a publication date, on the list or the page."""
    ingested = datetime(2026, 5, 4, tzinfo=UTC)
    article_id = store.articles.add(
        Article(paragraphs(2, "bridge"), title="Bridge plan revised"), now=ingested
    ).id
    for html in (client.get("/").text, client.get(f"/articles/{article_id}").text):
        assert "Bridge plan revised" in html
        assert "<time" not in html and "May 2026" not in html
        assert "1 min read" in html


def test_a_one_paragraph_body_is_shown_in_paragraphs(client: TestClient, store: Store) -> None:
    body = " ".join(f"{FACTS[i % 8].format(t='canal')} in week {i}." for i in range(15))
    article_id = store.articles.add(Article(body, title="Canal works")).id
    html = client.get(f"/articles/{article_id}").text
    shown = re.findall(r"<p>([^<]*)</p>", html.split('class="story-body"')[1])
    assert len(shown) == 5
    assert " ".join(shown).split() == body.split()
    # The stored text is unchanged: one paragraph.
    assert store.articles.get(article_id).article.text == body


def test_index_paginates(client: TestClient, store: Store, settings: object) -> None:
    for n in range(25):
        store.articles.add(
            Article(f"Item {n} happened. It was notable in way {n}.", title=f"Item {n}")
        )
    first = client.get("/").text
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/?page=2").text
    assert second.count('class="article-card"') == 5 and 'rel="prev"' in second


def test_search_box_finds_articles(client: TestClient, store: Store) -> None:
    add_three(store)
    html = client.get("/", params={"q": "railway"}).text
    assert "Railway plan revised" in html and "Harbour plan revised" not in html
    assert "1 article found" in html
    assert "No article matches" in client.get("/", params={"q": "zeppelin"}).text


def test_article_page_has_button_above_and_below_and_neighbours(
    client: TestClient, store: Store
) -> None:
    harbour, railway, school = add_three(store)
    html = client.get(f"/articles/{railway}").text
    assert "<h1>Railway plan revised</h1>" in html
    assert "By Desk Reporter" in html and "2 March 2025" in html and "min read" in html
    buttons = BUTTON.findall(html)
    assert buttons == [f"/articles/{railway}/summary"] * 2
    assert html.count("No time to read?") == 2 and html.count("Get a summary") == 2
    body_start = html.index('class="story-body"')
    assert (
        html.index('id="summary-button-top"')
        < body_start
        < html.index('id="summary-button-bottom"')
    )
    assert f'href="/articles/{harbour}"' in html and "Harbour plan revised" in html
    assert f'href="/articles/{school}"' in html and "School plan revised" in html
    assert html.index("Previous article") < html.index("Next article")
    first = client.get(f"/articles/{harbour}").text
    assert "Previous article" not in first and "Next article" in first


def test_no_js_summary_page_and_lengths(client: TestClient, store: Store) -> None:
    article_id = add_three(store)[0]
    page = client.get(f"/articles/{article_id}/summary")
    assert page.status_code == 200
    html = page.text
    assert "Read the full article" in html
    assert html.count('class="summary-length"') == 3
    assert 'aria-pressed="true"' in html
    short = re.search(r'<p class="summary-text">(.*?)</p>', html, re.S)
    assert short is not None and 0 < short.group(1).count(". ") + 1 <= 2
    points = client.get(f"/articles/{article_id}/summary?length=points").text
    assert points.count("<li>") == 5 and ">Key points</a>" in points
    assert 'data-length="points" aria-pressed="true"' in points
    # An old "Bullets" link still works: it shows the key points.
    assert client.get(f"/articles/{article_id}/summary?length=bullets").text == points
    huge = client.get(f"/articles/{article_id}/summary?length=huge")
    assert huge.status_code == 400 and "points, short" in huge.text


def test_fragment_is_the_panel_alone(client: TestClient, store: Store) -> None:
    article_id = add_three(store)[0]
    fragment = client.get(f"/articles/{article_id}/summary/fragment?length=medium").text
    assert fragment.lstrip().startswith('<section class="summary"')
    assert "<html" not in fragment


def test_unknown_article_page_is_an_html_404(client: TestClient) -> None:
    for path in ["/articles/4242", "/articles/nope", "/articles/4242/summary", "/missing"]:
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "Not found" in response.text


HOSTILE_TITLE = '<script>alert("t")</script><img src=x onerror=alert(1)>'
HOSTILE_BODY = (
    "Click <a href=\"javascript:alert('b')\">here</a> now. "
    "<script>document.title='owned'</script> An <img src=x onerror=\"alert(2)\"> image.\n\n"
    "A second paragraph says the <b>story</b> goes on, and on, for a while."
)


def test_hostile_article_renders_as_text(client: TestClient, store: Store) -> None:
    article_id = store.articles.add(
        Article(HOSTILE_BODY, title=HOSTILE_TITLE, byline="<i>x</i>", url="javascript:alert(3)")
    ).id
    pages = [
        client.get(f"/articles/{article_id}"),
        client.get(f"/articles/{article_id}/summary"),
        client.get(f"/articles/{article_id}/summary/fragment"),
        client.get("/"),
    ]
    for page in pages:
        html = page.text
        assert page.status_code == 200
        assert "<script>alert" not in html and "<script>document" not in html
        assert "<img src=x" not in html and '<a href="javascript' not in html
        assert 'href="javascript' not in html
        assert "&lt;script&gt;" in html
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"


def test_ingested_html_is_sanitized(client: TestClient, store: Store, tmp_path: Path) -> None:
    page = tmp_path / "evil.html"
    page.write_text(
        "<html><head><title>Evil page</title><script>alert(1)</script></head><body><article>"
        '<h1>Evil page</h1><p onclick="alert(2)">The harbour board met on Friday and agreed a '
        "new fee schedule for visiting yachts.</p><script>steal()</script>"
        "<p>Fees will rise by a tenth next season, the board said after a long debate.</p>"
        '<p><a href="javascript:alert(3)">More</a> about the plan was published online.</p>'
        "</article></body></html>",
        encoding="utf-8",
    )
    report = ingest(store.articles, collect([page]))
    assert report.failed == [] and len(report.added) == 1
    html = client.get(f"/articles/{report.added[0]}").text
    assert "steal()" not in html and "onclick" not in html and "javascript:" not in html
    assert "harbour board met" in html


def test_sample_page_renders(client: TestClient, store: Store, shared_data: Path) -> None:
    report = ingest(store.articles, collect([shared_data / "sample_article_page.txt"]))
    html = client.get(f"/articles/{report.added[0]}").text
    assert "Trump Putin Talks Seek Longer Term Peace and Stability" in html
    assert html.count("Get a summary") == 2
    summary = client.get(f"/articles/{report.added[0]}/summary").text
    assert "summary-text" in summary


@pytest.mark.parametrize("path", ["/static/site.css", "/static/summary.js"])
def test_static_assets_are_local(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "http://" not in response.text and "https://" not in response.text


def test_head_is_answered_on_pages_without_a_body(client: TestClient, store: Store) -> None:
    article_id = add_three(store)[0]
    for path in ("/", f"/articles/{article_id}", f"/articles/{article_id}/summary", "/docs"):
        got = client.get(path)
        head = client.head(path)
        assert head.status_code == 200, (path, head.status_code)
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert "content-security-policy" in head.headers
    assert client.head("/articles/999999").status_code == 404


def test_favicon_is_small_cacheable_and_linked(client: TestClient, store: Store) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert len(icon.content) < 1024 and icon.content.lstrip().startswith(b"<svg")
    assert "max-age=" in icon.headers["cache-control"]
    html = client.get("/").text
    assert '<link rel="icon" href="/favicon.ico"' in html


def test_the_article_element_carries_the_article_language(client: TestClient, store: Store) -> None:
    korean = store.articles.add(
        Article("서울시는 월요일 새 다리 건설 계획을 발표했다.", title="다리", language="ko")
    ).id
    html = client.get(f"/articles/{korean}").text
    assert '<article class="story" lang="ko">' in html
    english = add_three(store)[0]
    assert '<article class="story">' in client.get(f"/articles/{english}").text


def _summary_text(html: str) -> str:
    found = re.search(r'class="summary-text">(.*?)</(?:p|ul)>', html, re.S)
    assert found is not None
    return found.group(1)


def test_the_panel_does_not_repeat_the_paragraph_beside_it(
    client: TestClient, store: Store
) -> None:
    article_id = add_three(store)[0]
    text = client.get(f"/api/v1/articles/{article_id}").json()["text"]
    opening, closing = text.split("\n\n")[0], text.split("\n\n")[-1]
    for length in ("short", "medium", "points"):
        url = f"/articles/{article_id}/summary/fragment?length={length}"
        everything = _summary_text(client.get(url).text)
        top = client.get(url + "&at=top").text
        bottom = client.get(url + "&at=bottom").text
        for html, beside in ((top, opening), (bottom, closing)):
            printed = _summary_text(html)
            sentences = [s.strip() + "." for s in beside.split(". ") if s.strip()]
            repeated = [s.rstrip(".") for s in sentences if s.rstrip(".") in everything]
            assert not any(s in printed for s in repeated), (length, html)
            if repeated:
                assert 'class="summary-seen"' in html
    # The short summary of this article is in its opening paragraph: the panel says so.
    short_top = client.get(f"/articles/{article_id}/summary/fragment?at=top").text
    assert "opening paragraph, just below" in short_top


def test_a_very_short_article_gets_one_button_and_no_length_that_repeats_it(
    client: TestClient, store: Store
) -> None:
    teaser = store.articles.add(
        Article(
            "The harbour ferry returns on Monday after a winter overhaul. Fares stay the same. "
            "A later sailing is added on Fridays from May.",
            title="Ferry returns",
        )
    ).id
    html = client.get(f"/articles/{teaser}").text
    assert BUTTON.findall(html) == [f"/articles/{teaser}/summary"]
    panel = client.get(f"/articles/{teaser}/summary/fragment").text
    assert re.findall(r'data-length="(\w+)"', panel) == ["short"]
    longer = add_three(store)[0]
    assert len(BUTTON.findall(client.get(f"/articles/{longer}").text)) == 2
