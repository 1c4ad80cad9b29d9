"""Key points against Lead-N and the ``news`` method's N best sentences, on the dev sets.

    python -m bench.points --data ../shared/data            # the table (shipped constants)
    python -m bench.points --data ../shared/data --fit      # also cross-validate the choice

The table gives ROUGE-1/2/Lsum (rouge-score, stemmed, F1 x 100) and the mean relative position
of the picked sentences (0 the article's first sentence, 1 its last; averaged per article, then
over articles) for key points (``points=N``) of every extractive method, Lead-N and ``news`` at
N sentences, on CNN/DailyMail and Newsroom.

``--fit`` picks each method's trade-off (:class:`~newsbrief.summarizers.points.Coverage`) on a
grid: the highest ROUGE-1, averaged over the two data sets, among the settings whose picks sit
on average at least :data:`~newsbrief.summarizers.points.MIN_MEAN_POSITION` down the article in
both. It reports that choice cross-validated (10 folds, three shuffles: each article is
summarized with the setting chosen on the other nine folds only) and the choice on all articles,
which is what ``newsbrief/summarizers/points.py`` ships.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.fit_news import Grams, Stems, _f1
from newsbrief import summarizers
from newsbrief.evaluation import RougeEvaluator
from newsbrief.models import Article
from newsbrief.summarizers.base import Document, SummaryOptions
from newsbrief.summarizers.centrality import lexrank_and_similarity
from newsbrief.summarizers.features import sentence_features
from newsbrief.summarizers.news import blended_scores, weight_vector
from newsbrief.summarizers.news_weights import DIVERSITY, LEAD_BONUS, LENGTH_PENALTY, WEIGHTS
from newsbrief.summarizers.points import COVERAGE, MIN_MEAN_POSITION, Coverage
from newsbrief.summarizers.selection import scored_window, select
from newsbrief.summarizers.statistics.arrays import Matrix

DATA_SETS = ("cnndm_dev", "newsroom_dev")
METHODS = ("news", "lead", "centrality")
POINTS = 4
GRID_COVERAGE = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5, 2.0, 3.0)
GRID_LENGTH = (0.0, 0.5, 1.0, 1.5)
GRID_DIVERSITY = (0.0, 0.5, 1.0, 2.0)
FOLDS = 10
SEEDS = (0, 1, 2)


@dataclass
class Item:
    """One dev article: its scored window, its reference, and each method's scores."""

    dataset: str
    document: Document
    reference: str
    grams: list[Grams]
    reference_grams: Grams
    scores: dict[str, tuple[list[float], Matrix | None]]


def method_scores(method: str, window: Document) -> tuple[list[float], Matrix | None]:
    """What ``method`` scores the sentences of ``window`` with, and its similarity matrix."""
    if method == "news":
        features = sentence_features(window)
        weights = weight_vector(WEIGHTS)
        blended = blended_scores(features, weights, LEAD_BONUS, LENGTH_PENALTY)
        return blended.tolist(), features.similarity
    if method == "centrality":
        shares, similarity = lexrank_and_similarity(window)
        return shares.tolist(), similarity
    count = len(window.sentences)
    return [float(count - i) for i in range(count)], None


def build(data: Path) -> list[Item]:
    stems = Stems()
    items = []
    for dataset in DATA_SETS:
        with (data / f"{dataset}.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                window, _ = scored_window(summarizers.segment(Article(row["article"])))
                items.append(
                    Item(
                        dataset,
                        window,
                        row["reference"],
                        [stems.grams(s.text) for s in window.sentences],
                        stems.grams(row["reference"]),
                        {method: method_scores(method, window) for method in METHODS},
                    )
                )
    return items


def key_points(item: Item, method: str, coverage: Coverage | None, count: int) -> list[int]:
    """Indexes of the key points ``method`` picks (its shipped trade-off when ``coverage`` is
    None), through the same selection as the library."""
    scores, similarity = item.scores[method]
    summary = select(
        item.document,
        scores,
        SummaryOptions(method=method, points=count),
        method,
        similarity=similarity,
        coverage=coverage,
    )
    return [s.index for s in summary.sentences]


def best_sentences(item: Item, method: str, count: int) -> list[int]:
    """Indexes of the ``count`` sentences ``method`` picks as a plain summary."""
    scores, similarity = item.scores[method]
    summary = select(
        item.document,
        scores,
        SummaryOptions(method=method, sentences=count),
        method,
        similarity=similarity if method == "news" else None,
        diversity=DIVERSITY if method == "news" else 0.0,
    )
    return [s.index for s in summary.sentences]


def position(item: Item, picked: Sequence[int]) -> float:
    """Mean relative position of the picked sentences (0 first, 1 last)."""
    last = max(1, len(item.document.sentences) - 1)
    return float(np.mean([i / last for i in picked])) if picked else 0.0


def quick_scores(item: Item, picked: Sequence[int]) -> tuple[float, float]:
    """ROUGE-1 and ROUGE-2 F1 x 100 from rouge-score's own tokens (no LCS: fast for a grid)."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    for i in picked:
        unigrams.update(item.grams[i][0])
        bigrams.update(item.grams[i][1])
    reference = item.reference_grams
    return 100 * _f1(unigrams, reference[0]), 100 * _f1(bigrams, reference[1])


def grid(method: str) -> list[Coverage]:
    diversities = GRID_DIVERSITY if method != "lead" else (0.0,)  # lead has no similarities
    return [
        Coverage(coverage, length, diversity)
        for coverage, length, diversity in itertools.product(
            GRID_COVERAGE, GRID_LENGTH, diversities
        )
    ]


def grid_figures(items: Sequence[Item], method: str, settings: Sequence[Coverage]) -> Matrix:
    """Per setting and article: ROUGE-1 and position (shape settings x articles x 2)."""
    figures = np.zeros((len(settings), len(items), 2))
    for s, setting in enumerate(settings):
        for a, item in enumerate(items):
            picked = key_points(item, method, setting, POINTS)
            figures[s, a] = (quick_scores(item, picked)[0], position(item, picked))
    return figures


def choose(figures: Matrix, datasets: Sequence[str], among: Matrix) -> int:
    """The setting with the best ROUGE-1 (mean of the data sets' means) over the articles
    ``among`` (a boolean mask) whose mean position is at least the target in every data set;
    the most spread-out setting when none reaches it."""
    names = sorted(set(datasets))
    labels = np.asarray(datasets)
    rouge = np.zeros(figures.shape[0])
    spread = np.full(figures.shape[0], np.inf)
    for name in names:
        mask = among & (labels == name)
        rouge += figures[:, mask, 0].mean(axis=1) / len(names)
        spread = np.minimum(spread, figures[:, mask, 1].mean(axis=1))
    allowed = spread >= MIN_MEAN_POSITION
    if not allowed.any():
        return int(np.argmax(spread))
    return int(np.argmax(np.where(allowed, rouge, -np.inf)))


def cross_validate(
    items: Sequence[Item], method: str, settings: Sequence[Coverage], figures: Matrix
) -> tuple[dict[str, tuple[float, float, float]], list[Coverage]]:
    """Held-out ROUGE-1, ROUGE-2 and position per data set (mean over :data:`SEEDS`), and the
    setting each fold chose."""
    datasets = [item.dataset for item in items]
    totals: dict[str, list[float]] = {name: [0.0, 0.0, 0.0] for name in sorted(set(datasets))}
    chosen: list[Coverage] = []
    for seed in SEEDS:
        fold_of = np.random.default_rng(seed).permutation(len(items)) % FOLDS
        for fold in range(FOLDS):
            pick = choose(figures, datasets, fold_of != fold)
            chosen.append(settings[pick])
            for a in map(int, np.flatnonzero(fold_of == fold)):
                picked = key_points(items[a], method, settings[pick], POINTS)
                r1, r2 = quick_scores(items[a], picked)
                total = totals[items[a].dataset]
                total[0] += r1
                total[1] += r2
                total[2] += position(items[a], picked)
    counts = Counter(datasets)
    report = {
        name: (
            total[0] / (counts[name] * len(SEEDS)),
            total[1] / (counts[name] * len(SEEDS)),
            total[2] / (counts[name] * len(SEEDS)),
        )
        for name, total in totals.items()
    }
    return report, chosen


def fit(items: Sequence[Item]) -> None:
    datasets = [item.dataset for item in items]
    everything = np.ones(len(items), dtype=bool)
    for method in METHODS:
        settings = grid(method)
        figures = grid_figures(items, method, settings)
        report, chosen = cross_validate(items, method, settings, figures)
        final = settings[choose(figures, datasets, everything)]
        print(f"{method}: chosen on all articles {final} (shipped: {COVERAGE.get(method)})")
        common = Counter(chosen).most_common(3)
        print(f"  fold choices: {', '.join(f'{c} x{k}' for c, k in common)}")
        for name, (r1, r2, spread) in report.items():
            held_out = f"rouge1 {r1:.2f} rouge2 {r2:.2f} position {spread:.3f}"
            print(f"  {name:<13} cross-validated {held_out}")


def table(items: Sequence[Item]) -> list[tuple[str, str, float, float, float, float]]:
    """(data set, system, rouge1, rouge2, rougeLsum, position) rows with the shipped settings."""
    evaluator = RougeEvaluator()
    systems: list[tuple[str, str, int | None]] = [
        (f"key points={POINTS} ({method})", method, POINTS) for method in METHODS
    ]
    systems += [(f"lead, {POINTS} sentences", "lead", None)]
    systems += [(f"news, {POINTS} sentences", "news", None)]
    rows = []
    for dataset in DATA_SETS:
        chosen = [item for item in items if item.dataset == dataset]
        for label, method, points in systems:
            picks = [
                key_points(item, method, None, points)
                if points
                else best_sentences(item, method, POINTS)
                for item in chosen
            ]
            scores = evaluator.mean(
                ([item.document.sentences[i].text for i in picked], item.reference)
                for item, picked in zip(chosen, picks, strict=True)
            )
            spread = float(np.mean([position(it, p) for it, p in zip(chosen, picks, strict=True)]))
            rows.append((dataset, label, scores.rouge1, scores.rouge2, scores.rougeLsum, spread))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--fit", action="store_true", help="cross-validate the trade-offs")
    args = parser.parse_args(argv)
    if not (args.data / f"{DATA_SETS[0]}.jsonl").is_file():
        print(f"error: {args.data} holds no {DATA_SETS[0]}.jsonl (give --data)", file=sys.stderr)
        return 2
    items = build(args.data)
    if args.fit:
        fit(items)
    print(
        f"{'data':<13} {'system':<28} {'rouge1':>7} {'rouge2':>7} {'rougeLsum':>9} {'position':>8}"
    )
    for dataset, label, r1, r2, rl, spread in table(items):
        print(f"{dataset:<13} {label:<28} {r1:7.2f} {r2:7.2f} {rl:9.2f} {spread:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
