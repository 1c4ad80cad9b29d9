"""Fit the ``news`` summarizer's weights on the dev data, with cross-validation.

    python -m bench.fit_news --data ../shared/data            # CV report only
    python -m bench.fit_news --data ../shared/data --write     # also rewrite news_weights.py

Labels come from a greedy ROUGE oracle (the 3 sentences that best match the reference, R1+R2);
a logistic regression over :data:`FEATURE_NAMES` learns to rank sentences like the oracle. The
ROUGE printed is k-fold: every article is summarized by a model that never saw it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from rouge_score import rouge_scorer
from sklearn.linear_model import LogisticRegression

from newsbrief import summarizers
from newsbrief.evaluation import RougeEvaluator, RougeScores
from newsbrief.models import Article, SummaryOptions
from newsbrief.summarizers.base import Document, select
from newsbrief.summarizers.features import FEATURE_NAMES, sentence_features

TRAIN_SETS = ("cnndm_dev", "newsroom_dev")
ORACLE_SIZE = 3


@dataclass
class Item:
    dataset: str
    document: Document
    reference: str
    features: NDArray[np.float64]
    labels: NDArray[np.float64]


def load(data: Path, name: str) -> list[tuple[Article, str]]:
    with (data / f"{name}.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [(Article(r["article"]), r["reference"]) for r in rows]


def oracle_labels(document: Document, reference: str, scorer: rouge_scorer.RougeScorer) -> NDArray[np.float64]:
    sentences = [s.text for s in document.sentences]
    labels = np.zeros(len(sentences))
    chosen: list[int] = []
    best = 0.0
    for _ in range(ORACLE_SIZE):
        pick, pick_score = -1, best
        for i in range(len(sentences)):
            if i in chosen:
                continue
            text = "\n".join(sentences[j] for j in sorted([*chosen, i]))
            scores = scorer.score(reference, text)
            value = scores["rouge1"].fmeasure + scores["rouge2"].fmeasure
            if value > pick_score:
                pick, pick_score = i, value
        if pick < 0:
            break
        chosen.append(pick)
        best = pick_score
    labels[chosen] = 1.0
    return labels


def build(data: Path, names: Sequence[str]) -> list[Item]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    items = []
    for name in names:
        for article, reference in load(data, name):
            document = summarizers.prepare(article)
            items.append(
                Item(name, document, reference, sentence_features(document),
                     oracle_labels(document, reference, scorer))
            )
    return items


def fit(items: Sequence[Item], c: float) -> NDArray[np.float64]:
    x = np.vstack([it.features for it in items])
    y = np.concatenate([it.labels for it in items])
    mean = x[:, 1:].mean(axis=0)
    std = x[:, 1:].std(axis=0)
    std[std == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit((x[:, 1:] - mean) / std, y)
    coef = model.coef_[0] / std
    bias = float(model.intercept_[0] - (coef * mean).sum())
    return np.concatenate([[bias], coef])


def evaluate(items: Sequence[Item], weights_for: dict[int, NDArray[np.float64]], sentences: int) -> dict[str, RougeScores]:
    evaluator = RougeEvaluator()
    out = {}
    for name in sorted({it.dataset for it in items}):
        pairs = []
        for k, it in enumerate(items):
            if it.dataset != name:
                continue
            scores = it.features @ weights_for[k]
            summary = select(it.document, scores.tolist(), SummaryOptions(sentences=sentences), "news")
            pairs.append(([s.text for s in summary.sentences], it.reference))
        out[name] = evaluator.mean(pairs)
    return out


def cross_validate(items: Sequence[Item], c: float, folds: int, seed: int = 0) -> dict[str, RougeScores]:
    rng = np.random.default_rng(seed)
    fold_of = rng.permutation(len(items)) % folds
    weights_for = {}
    for fold in range(folds):
        train = [it for it, f in zip(items, fold_of) if f != fold]
        w = fit(train, c)
        for k, f in enumerate(fold_of):
            if f == fold:
                weights_for[k] = w
    return evaluate(items, weights_for, ORACLE_SIZE)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    items = build(args.data, TRAIN_SETS)
    for c in args.c:
        for name, s in cross_validate(items, c, args.folds).items():
            print(f"C={c:<6} {name:<14} {s.rouge1:6.2f} {s.rouge2:6.2f} {s.rougeLsum:6.2f}")
    w = fit(items, args.c[0])
    for name, value in zip(FEATURE_NAMES, w):
        print(f"    {name:<20} {value:+.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
