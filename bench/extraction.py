"""Extraction quality on the scrapinghub article-extraction benchmark (92 real news pages).

Run ``python -m bench.extraction --data ../shared/data``. Scores follow the benchmark's own
definition: 4-gram shingles over lowercased ``\\w+`` tokens; per page, true/false positives and
false negatives are normalised to sum to 1 (so long pages weigh no more than short ones), summed
over pages, and precision / recall / F1 are computed from those sums. Two extractors run side by
side on the same pages: plain ``trafilatura.extract(html)`` with default settings, and
``newsbrief.reading.extraction.extract``'s body text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import trafilatura

from newsbrief.errors import NewsbriefError
from newsbrief.reading.extraction import extract

_TOKEN = re.compile(r"\w+")
_NGRAM = 4

Extractor = Callable[[bytes, str], str]


def shingles(text: str) -> Counter[str]:
    """4-gram shingles of the lowercased ``\\w+`` tokens (one shingle for shorter texts)."""
    tokens = _TOKEN.findall(text.lower())
    return Counter(
        " ".join(tokens[i : i + _NGRAM]) for i in range(max(1, len(tokens) - _NGRAM + 1))
    )


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) shares of one page's shingles, normalised to sum to 1."""
    true, pred = shingles(truth), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision_recall_f1(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    tp = sum(c[0] for c in counts)
    fp = sum(c[1] for c in counts)
    fn = sum(c[2] for c in counts)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def read_html(path: Path) -> bytes:
    """The page's bytes, gunzipped when stored compressed (by suffix or magic number)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def pages(data_dir: Path) -> Iterator[tuple[str, str, bytes, str]]:
    """(id, url, html bytes, true article body) for each benchmark page."""
    root = data_dir / "extraction"
    with (root / "ground_truth.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                yield row["id"], row["url"], read_html(root / row["html_path"]), row["article"]


def plain_trafilatura(html: bytes, url: str) -> str:
    return trafilatura.extract(html) or ""


def newsbrief_body(html: bytes, url: str) -> str:
    try:
        return extract(html, url=url, kind="html").text
    except NewsbriefError:
        return ""


EXTRACTORS: dict[str, Extractor] = {"trafilatura": plain_trafilatura, "newsbrief": newsbrief_body}


def run(data_dir: Path) -> dict[str, dict[str, float]]:
    """Scores and timing of every extractor: {name: {precision, recall, f1, seconds, pages}}."""
    loaded = list(pages(data_dir))
    results: dict[str, dict[str, float]] = {}
    for name, extractor in EXTRACTORS.items():
        start = time.perf_counter()
        predicted = [extractor(html, url) for _, url, html, _ in loaded]
        seconds = time.perf_counter() - start
        counts = [page_counts(t, p) for (_, _, _, t), p in zip(loaded, predicted, strict=True)]
        results[name] = {**precision_recall_f1(counts), "seconds": seconds, "pages": len(loaded)}
    return results


def extraction_scores(data_dir: str | Path) -> dict[str, float]:
    """Flat scores for a CI gate: ``newsbrief_f1``, ``trafilatura_f1``, ``..._precision`` ..."""
    flat: dict[str, float] = {}
    for name, scores in run(Path(data_dir)).items():
        for metric in ("precision", "recall", "f1"):
            flat[f"{name}_{metric}"] = scores[metric]
    return flat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args(argv)
    if not (args.data / "extraction" / "ground_truth.jsonl").is_file():
        print(f"error: no extraction benchmark under {args.data}", file=sys.stderr)
        return 2
    results = run(args.data)
    print(f"{'extractor':<12} {'precision':>9} {'recall':>9} {'F1':>9} {'seconds':>8}")
    for name, s in results.items():
        print(
            f"{name:<12} {s['precision']:>9.4f} {s['recall']:>9.4f} {s['f1']:>9.4f} "
            f"{s['seconds']:>8.2f}"
        )
    ours, base = results["newsbrief"], results["trafilatura"]
    print(
        f"{'difference':<12} {ours['precision'] - base['precision']:>+9.4f} "
        f"{ours['recall'] - base['recall']:>+9.4f} {ours['f1'] - base['f1']:>+9.4f}"
    )
    print(f"pages: {int(ours['pages'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
