"""The cascade end to end on small pages written for the tests: which candidate it keeps and why,
never an empty body when any extractor found text, the page's metadata, and the fallback when
resiliparse cannot be imported (no wheel for the platform)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sample_texts import PARAGRAPHS

from newsbrief.reading import candidates
from newsbrief.reading.cascade import read_html

BODY = "".join(
    f"<p>Paragraph {i} of the report explains what the council decided about the old bridge "
    "today, and why.</p>"
    for i in range(10)
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Council closes the old bridge | Riverside Gazette</title>"
    '<meta property="og:site_name" content="Riverside Gazette">'
    '<link rel="canonical" href="https://riverside.example/news/bridge"></head><body>'
    "<nav><a href='/'>Home</a><a href='/s'>Sport</a></nav>"
    f"<article><h1>Council closes the old bridge</h1>{BODY}</article>"
    "<footer>Copyright Riverside Gazette</footer></body></html>"
)


def test_an_ordinary_page_stops_at_stage_one() -> None:
    reading = read_html(PAGE)
    assert reading.chosen == "tp"
    assert not reading.stage2
    assert reading.reason == "stage 1: tp and rs agree"
    assert reading.metadata.title == "Council closes the old bridge"
    assert reading.metadata.site_name == "Riverside Gazette"
    assert reading.metadata.url == "https://riverside.example/news/bridge"
    paragraphs = reading.text.split("\n\n")
    assert paragraphs[0].startswith("Paragraph 0 of the report")
    assert len(paragraphs) == 10
    assert "Home" not in paragraphs


SHORT_PAGE = "<html><body><div>Just one short line of text here.</div></body></html>"


def test_never_empty_when_an_extractor_found_text() -> None:
    reading = read_html(SHORT_PAGE)
    assert reading.text == "Just one short line of text here."
    assert reading.stage2
    assert reading.reason.startswith("tp-empty")


def test_nothing_to_find() -> None:
    reading = read_html("<html><body></body></html>")
    assert reading.text == ""
    assert reading.chosen == ""
    assert reading.reason.endswith("fell back to nothing")


def test_a_lone_paragraph_equal_to_the_headline_is_kept() -> None:
    page = "<html><head><title>Only line here</title></head><body><p>Only line here</p></body>"
    assert read_html(page + "</html>").text == "Only line here"


def test_resiliparse_is_installed_here() -> None:
    # The fallback below is tested in a child process; this one checks the normal path is real.
    assert candidates.HAS_RESILIPARSE
    assert "Paragraph 9" in candidates.resiliparse_text(PAGE)


def test_without_resiliparse_the_gate_reads_trafilatura_alone(tmp_path: Path) -> None:
    script = tmp_path / "no_resiliparse.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.modules["resiliparse"] = None  # what an absent wheel looks like to import
            from newsbrief.reading import candidates
            from newsbrief.reading.cascade import read_html
            from newsbrief.reading.extraction import extract
            assert not candidates.HAS_RESILIPARSE
            assert candidates.resiliparse_text({PAGE!r}) == ""
            reading = read_html({PAGE!r})
            assert reading.reason == "stage 1: tp", reading.reason
            assert reading.text.count("Paragraph") == 10
            short = read_html({SHORT_PAGE!r})
            assert short.text == "Just one short line of text here.", short
            assert short.reason.startswith("tp-empty"), short.reason
            article = extract({"".join(f"<p>{p}</p>" for p in PARAGRAPHS)!r})
            assert article.text.count("\\n\\n") == {len(PARAGRAPHS) - 1}
            print("ok")
            """
        )
    )
    src = Path(candidates.__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
