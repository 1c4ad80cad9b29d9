"""Extraction quality and time on the dev pages, per set, several extractors in the same run.

    python -m bench.extraction --data ../shared/data [--titles PATH] [--cold 3]

Sets: ``extraction`` (92 scrapinghub news pages), ``readability`` (Mozilla Readability's test
pages) and ``cleanportaleval`` (news portals); see :mod:`bench.extraction_pages` for the metric.
Extractors: plain ``trafilatura.extract(html)`` with its defaults, readability-lxml's article
rendered as text, and ``newsbrief.extract``'s body. They run interleaved, page by page in a
rotating order, so the machine's load weighs on all alike; each page's time is one call's.
Reported per set and extractor: F1 by the benchmark's aggregation (the one the gate pins) and
the mean page F1, precision, recall, empty results, title exact match (with ``--titles``: a JSON
file of gold titles, Readability.js's for the Readability pages), median / p95 / max time per
page; for newsbrief the share of pages whose cascade ran stage 2 (an untimed second pass), and
the pages it returned empty although another extractor found 100 words or more. ``--cold N``
times the first page of N fresh processes (imports excluded), where one-off loads show.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from bench.extraction_pages import (
    SETS,
    Page,
    aggregate,
    load_pages,
    page_score,
    percentile,
    same_title,
    word_count,
)
from newsbrief.errors import NewsbriefError
from newsbrief.reading.candidates import readability_text
from newsbrief.reading.cascade import read_html
from newsbrief.reading.decoding import decode
from newsbrief.reading.extraction import extract

# An extractor: page bytes and URL to (body text, title or None).
Extractor = Callable[[bytes, str | None], tuple[str, str | None]]
EMPTY_CHECK_WORDS = 100


def plain_trafilatura(html: bytes, url: str | None) -> tuple[str, str | None]:
    return trafilatura.extract(html) or "", None


def readability_lxml(html: bytes, url: str | None) -> tuple[str, str | None]:
    return readability_text(decode(html), url), None


def newsbrief_extract(html: bytes, url: str | None) -> tuple[str, str | None]:
    try:
        article = extract(html, url=url, kind="html", identify_language=False)
    except NewsbriefError:
        return "", None
    return article.text, article.title


EXTRACTORS: dict[str, Extractor] = {
    "trafilatura": plain_trafilatura,
    "readability-lxml": readability_lxml,
    "newsbrief": newsbrief_extract,
}


@dataclass(frozen=True)
class Output:
    text: str
    title: str | None
    seconds: float


def run(pages: Sequence[Page], names: Sequence[str]) -> dict[str, dict[str, Output]]:
    """Every extractor on every page, interleaved: {extractor: {page id: output}}."""
    outputs: dict[str, dict[str, Output]] = {name: {} for name in names}
    for index, page in enumerate(pages):
        html = page.html()
        turn = index % len(names)
        for name in [*names[turn:], *names[:turn]]:
            start = time.perf_counter()
            text, title = EXTRACTORS[name](html, page.url)
            outputs[name][page.id] = Output(text, title, time.perf_counter() - start)
    return outputs


def stage2_pages(pages: Sequence[Page]) -> set[str]:
    """The pages whose cascade ran readability-lxml (an untimed pass)."""
    ran = set()
    for page in pages:
        try:
            if read_html(decode(page.html()), page.url).stage2:
                ran.add(page.id)
        except NewsbriefError:
            continue
    return ran


@dataclass(frozen=True)
class Row:
    set: str
    extractor: str
    pages: int
    f1: float
    mean_f1: float
    precision: float
    recall: float
    empty: int
    titles: float | None
    median_ms: float
    p95_ms: float
    max_ms: float


def rows(pages: Sequence[Page], outputs: dict[str, dict[str, Output]]) -> list[Row]:
    """One row per (set, extractor), sets in the benchmark's order."""
    table: list[Row] = []
    for set_name in SETS:
        chosen = [p for p in pages if p.set == set_name]
        if not chosen:
            continue
        for name, by_page in outputs.items():
            out = [by_page[p.id] for p in chosen]
            scores = aggregate(
                [page_score(p.gold, o.text) for p, o in zip(chosen, out, strict=True)]
            )
            titled = [(p, o) for p, o in zip(chosen, out, strict=True) if p.gold_title]
            titles = (
                sum(same_title(o.title, p.gold_title or "") for p, o in titled) / len(titled)
                if titled and name == "newsbrief"
                else None
            )
            ms = [1000 * o.seconds for o in out]
            table.append(
                Row(
                    set=set_name,
                    extractor=name,
                    pages=len(chosen),
                    f1=scores.f1,
                    mean_f1=scores.mean_f1,
                    precision=scores.precision,
                    recall=scores.recall,
                    empty=sum(1 for o in out if not word_count(o.text)),
                    titles=titles,
                    median_ms=percentile(ms, 0.5),
                    p95_ms=percentile(ms, 0.95),
                    max_ms=max(ms),
                )
            )
    return table


def missed_articles(pages: Sequence[Page], outputs: dict[str, dict[str, Output]]) -> list[str]:
    """Pages newsbrief returned empty although another extractor found an article."""
    return [
        p.id
        for p in pages
        if not word_count(outputs["newsbrief"][p.id].text)
        and any(
            word_count(by_page[p.id].text) >= EMPTY_CHECK_WORDS
            for name, by_page in outputs.items()
            if name != "newsbrief"
        )
    ]


def extraction_scores(data: Path) -> dict[str, dict[str, float]]:
    """newsbrief's scores per set, for the CI gate: {set: {f1, mean_f1, precision, recall,
    missed}}, ``missed`` counting empty bodies for pages whose gold has 100 words or more."""
    pages = load_pages(data)
    outputs = run(pages, ["newsbrief"])["newsbrief"]
    scores: dict[str, dict[str, float]] = {}
    for row in rows(pages, {"newsbrief": outputs}):
        missed = sum(
            1
            for p in pages
            if p.set == row.set
            and word_count(p.gold) >= EMPTY_CHECK_WORDS
            and not word_count(outputs[p.id].text)
        )
        scores[row.set] = {
            "f1": row.f1,
            "mean_f1": row.mean_f1,
            "precision": row.precision,
            "recall": row.recall,
            "missed": float(missed),
        }
    return scores


_COLD = """
import sys, time
from pathlib import Path
from newsbrief.reading.extraction import extract
data = Path(sys.argv[1]).read_bytes()
times = []
for language in (False, True, True):
    start = time.perf_counter()
    extract(data, kind="html", identify_language=language)
    times.append(time.perf_counter() - start)
print(*times)
"""


def cold_start(pages: Sequence[Page], count: int) -> list[tuple[str, list[float]]]:
    """In ``count`` fresh processes, one page each: the first call without language
    identification, then the first with it (py3langid loads its model), then a warm one."""
    times = []
    for page in pages[:count]:
        done = subprocess.run(
            [sys.executable, "-c", _COLD, str(page.path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        times.append((page.id, [float(x) for x in done.stdout.split()]))
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--titles", type=Path, help="JSON file of gold titles by page id")
    parser.add_argument("--extractors", nargs="+", choices=list(EXTRACTORS), default=None)
    parser.add_argument("--cold", type=int, default=0, help="fresh processes to time")
    parser.add_argument("--cold-only", nargs="*", metavar="SET", help="only the fresh processes")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    pages = load_pages(args.data, args.titles)
    if not pages:
        print(f"error: no extraction benchmark under {args.data}", file=sys.stderr)
        return 2
    if args.cold_only:
        pages = [p for p in pages if p.set in args.cold_only] or pages
        args.extractors = []
    names = list(EXTRACTORS) if args.extractors is None else args.extractors
    if not names:
        _print_cold(cold_start(pages, args.cold or 1))
        return 0
    outputs = run(pages, names)
    table = rows(pages, outputs)
    ran = stage2_pages(pages) if "newsbrief" in names else set()
    if args.json:
        print(json.dumps([row.__dict__ for row in table], indent=1))
    else:
        _print(table, pages, ran)
    if "newsbrief" in names and len(names) > 1:
        missed = missed_articles(pages, outputs)
        print(
            f"\nnewsbrief empty where another extractor found >= 100 words: {len(missed)} {missed}"
        )
    slowest = max((o.seconds, n, i) for n, by in outputs.items() for i, o in by.items())
    print(f"slowest call: {slowest[1]} on {slowest[2]}: {slowest[0]:.2f} s")
    _print_cold(cold_start(pages, args.cold))
    return 0


def _print_cold(times: list[tuple[str, list[float]]]) -> None:
    for page_id, (first, language, warm) in times:
        print(
            f"fresh process, {page_id[:40]}: first call {first:.3f} s, first with language "
            f"identification {language:.3f} s, then {warm:.3f} s"
        )


def _print(table: Sequence[Row], pages: Sequence[Page], ran: set[str]) -> None:
    print(
        "| set | extractor | pages | F1 (bench) | mean F1 | P | R | empty | title exact "
        "| median ms | p95 ms | max ms | stage 2 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in table:
        titles = "" if r.titles is None else f"{r.titles:.3f}"
        stage2 = ""
        if r.extractor == "newsbrief":
            ids = {p.id for p in pages if p.set == r.set}
            stage2 = f"{100 * len(ids & ran) / len(ids):.1f} %"
        print(
            f"| {r.set} | {r.extractor} | {r.pages} | {r.f1:.4f} | {r.mean_f1:.4f} "
            f"| {r.precision:.4f} | {r.recall:.4f} | {r.empty} | {titles} | {r.median_ms:.1f} "
            f"| {r.p95_ms:.1f} | {r.max_ms:.0f} | {stage2} |"
        )


if __name__ == "__main__":
    raise SystemExit(main())
