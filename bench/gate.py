"""The CI quality gate: pinned ROUGE and extraction floors on the dev data.

    python -m bench.gate --data ../shared/data

Fails (exit 1, one line per failure) when the default ``news`` method drops more than
:data:`EPSILON` below a pinned floor, stops beating ``lead`` on CNN/DailyMail, falls behind ``lead``
on Newsroom, or when extraction F1 on a dev set drops below its floor, or extraction returns an
empty body for a page whose true article has 100 words or more. The floors are the shipped
model's and extractor's scores measured when they were fitted; lowering one is a reviewed change.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.extraction import extraction_scores
from newsbrief import summarizers
from newsbrief.evaluation import RougeEvaluator, RougeScores
from newsbrief.models import Article
from newsbrief.summarizers.base import SummaryOptions

EPSILON = 0.1
# Measured with `python -m bench.gate --data ../shared/data --show` on 2026-12-03, after the
# statement filter (issue 13) stopped every method from picking non-statements, a sentence
# without a final punctuation mark among them. A reviewed move, down on CNN/DM and up on
# Newsroom: many CNN/DM (DailyMail) sentences lost their full stop when the data set was built,
# and Lead-3 and news both pay for skipping them. The weights did not change (the filter acts on
# the picks, not on the features or the fit's labels); the figures before and after, and the
# cross-validated ones, are on docs/benchmarks.md ("The statement filter").
ROUGE_FLOORS = {
    "cnndm_dev": {"rouge1": 41.39, "rouge2": 18.91, "rougeLsum": 37.56},
    "newsroom_dev": {"rouge1": 27.67, "rouge2": 16.05, "rougeLsum": 25.10},
}
# Extraction F1 by the benchmark's aggregation (bench.extraction_pages), per dev set, measured
# with `python -m bench.extraction --data ../shared/data` (docs/benchmarks.md, "Extraction"); F1
# is deterministic for given library versions, so the margin only absorbs their small drift.
EXTRACTION_F1_FLOORS = {"extraction": 0.9759, "readability": 0.9620, "cleanportaleval": 0.9521}
EXTRACTION_EPSILON = 0.001
SUMMARY_SENTENCES = 3


def rouge(data: Path, dataset: str, method: str) -> RougeScores:
    evaluator = RougeEvaluator()
    options = SummaryOptions(method=method, sentences=SUMMARY_SENTENCES)
    summarizer = summarizers.get(method)
    pairs = []
    with (data / f"{dataset}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            summary = summarizer(summarizers.segment(Article(row["article"])), options)
            pairs.append(([s.text for s in summary.sentences], row["reference"]))
    return evaluator.mean(pairs)


def rouge_failures(data: Path) -> tuple[list[str], dict[str, dict[str, float]]]:
    failures: list[str] = []
    measured: dict[str, dict[str, float]] = {}
    for dataset, floors in ROUGE_FLOORS.items():
        news = rouge(data, dataset, "news").as_dict()
        lead = rouge(data, dataset, "lead").as_dict()
        measured[dataset] = news
        for metric, floor in floors.items():
            if news[metric] < floor - EPSILON:
                failures.append(f"{dataset} {metric}: news {news[metric]:.2f} < floor {floor:.2f}")
            # CNN/DM must be beaten outright; on Newsroom a tie with lead is allowed.
            strict = dataset == "cnndm_dev"
            if news[metric] < lead[metric] or (strict and news[metric] == lead[metric]):
                failures.append(
                    f"{dataset} {metric}: news {news[metric]:.2f} does not beat lead "
                    f"{lead[metric]:.2f}"
                )
    return failures, measured


def extraction_failures(data: Path) -> tuple[list[str], dict[str, dict[str, float]]]:
    scores = extraction_scores(data)
    failures = []
    for name, floor in EXTRACTION_F1_FLOORS.items():
        measured = scores.get(name)
        if measured is None:
            failures.append(f"extraction set {name} is missing")
            continue
        if measured["f1"] < floor - EXTRACTION_EPSILON:
            failures.append(f"extraction F1 on {name} {measured['f1']:.4f} < floor {floor:.4f}")
        if measured["missed"]:
            failures.append(f"extraction empty on {int(measured['missed'])} {name} pages")
    return failures, scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the pinned quality floors.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--show", action="store_true", help="print the measured figures")
    args = parser.parse_args(argv)
    rouge_fail, measured = rouge_failures(args.data)
    extraction_fail, extraction = extraction_failures(args.data)
    if args.show:
        print(json.dumps({"rouge": measured, "extraction": extraction}, indent=2))
    for failure in rouge_fail + extraction_fail:
        print(f"gate: {failure}", file=sys.stderr)
    return 1 if rouge_fail or extraction_fail else 0


if __name__ == "__main__":
    sys.exit(main())
