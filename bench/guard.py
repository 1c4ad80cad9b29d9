"""The faithfulness guard against human factuality labels (FRANK, ``factuality_dev.jsonl``).

The task: flag the summaries annotators found an error in. Reported per dataset (cnndm, xsum):
balanced accuracy (mean of the recall on erroneous and on factual summaries) and the share of
factual summaries wrongly flagged.

Honest tuning: the articles are split in two halves by a hash of their id; the thresholds are
fitted on one half (grid search, mean balanced accuracy over the two datasets) and reported on the
other, then the halves swap. ``--cv 5`` also reports 5-fold cross-validation over articles.

    python -m bench.guard --data ../shared/data
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from newsbrief.guard import ArticleIndex, GuardConfig, check_sentence, judge
from newsbrief.guard import summary_sentences as split_summary

SUPPORT_GRID = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6]
NOVEL_GRID = [0.2, 0.3, 0.4, 0.5, 1.0]
TRIGRAM_GRID = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
MEAN_TRIGRAM_GRID = [0.1, 0.15, 0.2, 0.225, 0.25, 0.3, 0.35, 0.4, 0.5, 1.0]
OBJECTIVES = ("cnndm", "mean")


@dataclass(frozen=True, slots=True)
class Measured:
    """One labelled summary with the guard's raw measurements per sentence."""

    article_id: str
    dataset: str
    factual: bool
    # (support, novel words, novel trigrams, missing facts) per sentence
    sentences: tuple[tuple[float, float, float, tuple[str, ...]], ...]

    def flagged(self, config: GuardConfig) -> bool:
        if any(judge(s, n, t, f, config) for s, n, t, f in self.sentences):
            return True
        mean = sum(t for _, _, t, _ in self.sentences) / max(len(self.sentences), 1)
        return mean > config.max_mean_novel_trigrams


def measure(data: Path, limit: int | None = None) -> list[Measured]:
    articles: dict[str, str] = {}
    for name in ("cnndm_dev.jsonl", "xsum_dev.jsonl"):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            articles[record["id"]] = record["article"]
    indexes: dict[str, ArticleIndex] = {}
    measured: list[Measured] = []
    lines = (data / "factuality_dev.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[:limit]:
        record = json.loads(line)
        article_id = record["id"]
        if article_id not in articles:
            continue  # 15 labelled summaries belong to 3 articles the dev files lack
        if article_id not in indexes:
            indexes[article_id] = ArticleIndex.of(articles[article_id])
        index = indexes[article_id]
        rows = []
        for sentence in split_summary(record["summary"]):
            c = check_sentence(index, sentence)
            rows.append((c.support, c.novel, c.novel_trigrams, c.facts))
        if rows:
            measured.append(Measured(article_id, record["dataset"], record["factual"], tuple(rows)))
    return measured


@dataclass(frozen=True, slots=True)
class Figures:
    count: int
    balanced_accuracy: float
    false_flag_rate: float  # factual summaries flagged
    recall: float  # erroneous summaries flagged

    def as_dict(self) -> dict[str, float]:
        return {
            "count": self.count,
            "balanced_accuracy": round(self.balanced_accuracy, 3),
            "false_flag_rate": round(self.false_flag_rate, 3),
            "error_recall": round(self.recall, 3),
        }


def score(flags: Sequence[bool], factual: Sequence[bool]) -> Figures:
    errors = [f for f, ok in zip(flags, factual, strict=True) if not ok]
    good = [f for f, ok in zip(flags, factual, strict=True) if ok]
    recall = sum(errors) / len(errors) if errors else 0.0
    false_flags = sum(good) / len(good) if good else 0.0
    return Figures(len(flags), (recall + 1 - false_flags) / 2, false_flags, recall)


def figures(items: Sequence[Measured], config: GuardConfig) -> Figures:
    return score([m.flagged(config) for m in items], [m.factual for m in items])


class Grid:
    """Every grid point's flags at once (numpy), so a fit takes seconds, not minutes."""

    def __init__(self, items: Sequence[Measured]) -> None:
        rows = [s for m in items for s in m.sentences]
        self.support = np.array([r[0] for r in rows])
        self.novel = np.array([r[1] for r in rows])
        self.trigrams = np.array([r[2] for r in rows])
        self.facts = np.array([any(not f.startswith("name ") for f in r[3]) for r in rows])
        self.names = np.array([any(f.startswith("name ") for f in r[3]) for r in rows])
        sizes = [len(m.sentences) for m in items]
        self.starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
        self.mean_trigrams = np.add.reduceat(self.trigrams, self.starts) / np.array(sizes)
        self.factual = np.array([m.factual for m in items])
        self.datasets = np.array([m.dataset for m in items])

    def flags(self, config: GuardConfig) -> NDArray[np.bool_]:
        sentence = (
            self.facts
            | (self.names & config.check_names)
            | (self.support < config.min_support)
            | (self.novel > config.max_novel)
            | (self.trigrams > config.max_novel_trigrams)
        )
        whole = np.maximum.reduceat(sentence, self.starts).astype(bool)
        result: NDArray[np.bool_] = whole | (self.mean_trigrams > config.max_mean_novel_trigrams)
        return result

    def balanced(self, flags: NDArray[np.bool_], mask: NDArray[np.bool_]) -> float:
        y, f = ~self.factual[mask], flags[mask]
        return float((f[y].mean() + 1 - f[~y].mean()) / 2)


def fit(items: Sequence[Measured], objective: str = "mean") -> GuardConfig:
    """The grid point with the best balanced accuracy on cnndm, or mean over the datasets."""
    grid = Grid(items)
    datasets = ["cnndm"] if objective == "cnndm" else sorted(set(grid.datasets))
    masks = [grid.datasets == d for d in datasets]
    best: tuple[float, GuardConfig] | None = None
    for support, novel, tri, mean_tri, names in itertools.product(
        SUPPORT_GRID, NOVEL_GRID, TRIGRAM_GRID, MEAN_TRIGRAM_GRID, (True, False)
    ):
        config = GuardConfig(support, novel, tri, mean_tri, names)
        flags = grid.flags(config)
        value = sum(grid.balanced(flags, m) for m in masks) / len(masks)
        if best is None or value > best[0]:
            best = (value, config)
    assert best is not None
    return best[1]


def by_dataset(items: Iterable[Measured]) -> dict[str, list[Measured]]:
    groups: dict[str, list[Measured]] = {}
    for item in items:
        groups.setdefault(item.dataset, []).append(item)
    return dict(sorted(groups.items()))


def fold_of(article_id: str, folds: int) -> int:
    return int(hashlib.sha256(article_id.encode()).hexdigest(), 16) % folds


def cross_validate(
    items: Sequence[Measured], folds: int, objective: str
) -> tuple[dict[str, Figures], list[str]]:
    """Out-of-fold flags: each fold judged with thresholds fitted on the others."""
    pooled: dict[str, list[tuple[Measured, GuardConfig]]] = {}
    fitted: list[str] = []
    for k in range(folds):
        train = [m for m in items if fold_of(m.article_id, folds) != k]
        config = fit(train, objective)
        fitted.append(describe(config))
        for m in items:
            if fold_of(m.article_id, folds) == k:
                pooled.setdefault(m.dataset, []).append((m, config))
    result: dict[str, Figures] = {}
    for dataset, pairs in sorted(pooled.items()):
        result[dataset] = score([m.flagged(c) for m, c in pairs], [m.factual for m, _ in pairs])
    return result, fitted


def describe(config: GuardConfig) -> str:
    return (
        f"min_support={config.min_support} max_novel={config.max_novel} "
        f"max_novel_trigrams={config.max_novel_trigrams} "
        f"max_mean_novel_trigrams={config.max_mean_novel_trigrams} "
        f"check_names={config.check_names}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--cv", type=int, default=5, help="folds of cross-validation (0: none)")
    parser.add_argument("--limit", type=int, default=None, help="first N labelled summaries")
    parser.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default="cnndm",
        help="what the fit maximises: cnndm's balanced accuracy, or the mean over datasets",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    items = measure(args.data, args.limit)
    report: dict[str, object] = {}
    halves = [[m for m in items if fold_of(m.article_id, 2) == k] for k in (0, 1)]
    for k, (train, test) in enumerate([(halves[0], halves[1]), (halves[1], halves[0])]):
        config = fit(train, args.objective)
        report[f"fit_half_{k}_report_half_{1 - k}"] = {
            "config": describe(config),
            **{d: f.as_dict() for d, f in by_dataset_figures(test, config).items()},
        }
    if args.cv > 1:
        result, fitted = cross_validate(items, args.cv, args.objective)
        report[f"cv{args.cv}"] = {d: f.as_dict() for d, f in result.items()}
        report[f"cv{args.cv}_configs"] = fitted
    default = GuardConfig()
    report["shipped_defaults_all_data"] = {
        "config": describe(default),
        **{d: f.as_dict() for d, f in by_dataset_figures(items, default).items()},
    }
    report["fitted_on_all_data"] = describe(fit(items, args.objective))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for name, value in report.items():
            print(f"{name}: {json.dumps(value)}")
    return 0


def by_dataset_figures(items: Sequence[Measured], config: GuardConfig) -> dict[str, Figures]:
    return {d: figures(g, config) for d, g in by_dataset(items).items()}


if __name__ == "__main__":
    sys.exit(main())
