"""The extraction benchmark's pages and metric, shared by ``bench.extraction``, ``bench.gate`` and
``bench.fit_extraction``.

Pages are read in place from the dev data folder, never copied: ``extraction/`` (92 scrapinghub
news pages, set ``extraction``) and ``extraction-more/`` (Mozilla Readability's test pages, set
``readability``, and CleanPortalEval's news portals, set ``cleanportaleval``). Gold titles are not
in the data; a JSON file of ``{page id: {"title": ...}}`` (e.g. built from Mozilla Readability's
``expected-metadata.json`` files) may be given for the Readability pages.

The metric is the scrapinghub benchmark's: 4-gram shingles over lowercased ``\\w+`` tokens. Two
aggregations: ``bench`` (per page, true / false positives and false negatives normalised to sum
to 1, summed over pages, then precision / recall / F1: the benchmark's own, and what the gate
pins) and ``mean`` (per-page F1 averaged, as the data README's figures).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

SETS = ("extraction", "readability", "cleanportaleval")
_TOKEN = re.compile(r"\w+")
_NGRAM = 4


@dataclass(frozen=True)
class Page:
    set: str
    id: str
    url: str | None
    path: Path
    gold: str
    gold_title: str | None = None

    def html(self) -> bytes:
        """The page's bytes, gunzipped when stored compressed."""
        data = self.path.read_bytes()
        return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data

    @property
    def group(self) -> str:
        """Pages sharing a gold text (near-identical Readability test pages) share a group, so
        cross-validation never splits them between folds."""
        return hashlib.sha1(self.gold.encode("utf-8")).hexdigest()


def load_pages(data: Path, titles: Path | None = None, sets: Sequence[str] = SETS) -> list[Page]:
    """The benchmark pages of ``sets`` under ``data``, extraction/ first."""
    gold_titles = _titles(titles)
    found: list[Page] = []
    for folder in ("extraction", "extraction-more"):
        root = data / folder
        truth = root / "ground_truth.jsonl"
        if not truth.is_file():
            continue
        with truth.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                row = json.loads(line)
                page_set = row.get("set", "extraction")
                if page_set in sets:
                    found.append(
                        Page(
                            set=page_set,
                            id=row["id"],
                            url=row.get("url"),
                            path=root / row["html_path"],
                            gold=row["article"],
                            gold_title=gold_titles.get(row["id"]),
                        )
                    )
    return found


def _titles(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return {
        key: value["title"]
        for key, value in loaded.items()
        if isinstance(value, dict) and isinstance(value.get("title"), str)
    }


def shingles(text: str) -> Counter[str]:
    """4-gram shingles of the lowercased ``\\w+`` tokens (one shingle for shorter texts)."""
    tokens = _TOKEN.findall(text.lower())
    return Counter(
        " ".join(tokens[i : i + _NGRAM]) for i in range(max(1, len(tokens) - _NGRAM + 1))
    )


@dataclass(frozen=True)
class PageScore:
    """One page: normalised (tp, fp, fn) shares and the page's own precision / recall / F1."""

    tp: float
    fp: float
    fn: float
    precision: float
    recall: float
    f1: float


def page_score(truth: str, predicted: str) -> PageScore:
    true, pred = shingles(truth), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if not total:
        return PageScore(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return PageScore(tp / total, fp / total, fn / total, precision, recall, _f1(precision, recall))


@dataclass(frozen=True)
class SetScore:
    precision: float
    recall: float
    f1: float
    mean_f1: float


def aggregate(scores: Sequence[PageScore]) -> SetScore:
    """Precision / recall / F1 by the benchmark's aggregation, and the mean page F1."""
    tp = sum(s.tp for s in scores)
    precision = _ratio(tp, tp + sum(s.fp for s in scores))
    recall = _ratio(tp, tp + sum(s.fn for s in scores))
    mean = sum(s.f1 for s in scores) / len(scores) if scores else 0.0
    return SetScore(precision, recall, _f1(precision, recall), mean)


def word_count(text: str) -> int:
    return len(_TOKEN.findall(text))


def same_title(found: str | None, gold: str) -> bool:
    """Exact match after whitespace normalisation."""
    return " ".join((found or "").split()) == " ".join(gold.split())


def percentile(values: Iterable[float], q: float) -> float:
    """The q-quantile (0 to 1) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)
