"""The CI quality gate: pinned ROUGE and extraction floors on the dev data.

    python -m bench.gate --data ../shared/data

Fails (exit 1, one line per failure) when the default ``news`` method drops more than
:data:`EPSILON` below a pinned floor, stops beating ``lead`` on CNN/DailyMail, falls behind ``lead``
on Newsroom, or when extraction F1 drops below its floor or below plain trafilatura's. The floors
are the shipped model's scores measured when it was fitted; lowering one is a reviewed change.
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
EXTRACTION_F1_FLOOR = 0.9664
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


def extraction_failures(data: Path) -> tuple[list[str], dict[str, float]]:
    scores = extraction_scores(data)
    ours, plain = scores["newsbrief_f1"], scores["trafilatura_f1"]
    failures = []
    if ours < EXTRACTION_F1_FLOOR - EPSILON / 100:
        failures.append(f"extraction F1 {ours:.4f} < floor {EXTRACTION_F1_FLOOR:.4f}")
    if ours < plain:
        failures.append(f"extraction F1 {ours:.4f} < plain trafilatura {plain:.4f}")
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
