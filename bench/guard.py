"""The faithfulness guard against human factuality labels (FRANK, ``factuality_dev.jsonl``).

The task: flag the summaries annotators found an error in. Reported per dataset (cnndm, xsum):
balanced accuracy (mean of the recall on erroneous and on factual summaries) and the share of
factual summaries wrongly flagged.

The summary-level verdict is the logistic model of :mod:`newsbrief.guard.model`. ``--cv 5``
reports it by 5-fold cross-validation over articles (folds by a hash of the article id; each fold
judged by weights, standardisation and thresholds fitted on the other four; the style detector
routes by the summary's own novel-trigram share, never by the dataset). ``--fit`` fits on all the
data and prints the constants; ``--write`` rewrites them in ``guard/model.py``. The per-sentence
thresholds (which sentences are dropped) are reported as a rule of their own: fitted on one half of
the articles by grid search and reported on the other, then swapped.

    python -m bench.guard --data ../shared/data --cv 5
    python -m bench.guard --data ../shared/data --fit --write
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from newsbrief.guard.features import ArticleShape, summary_features
from newsbrief.guard.model import MODEL, STYLE_CUT, GuardModel, StyleModel
from newsbrief.guard.sentences import ArticleIndex, GuardConfig, check_sentence, judge
from newsbrief.guard.sentences import summary_sentences as split_summary

SUPPORT_GRID = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6]
NOVEL_GRID = [0.2, 0.3, 0.4, 0.5, 1.0]
TRIGRAM_GRID = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
# Regularisation of the logistic fit (scikit-learn's C) per style.
C_COPIED = 0.3
C_PARAPHRASE = 0.05
MODEL_PATH = Path(__file__).resolve().parents[1] / "src" / "newsbrief" / "guard" / "model.py"
OBJECTIVES = ("cnndm", "mean")


@dataclass(frozen=True, slots=True)
class Measured:
    """One labelled summary with the guard's raw measurements per sentence."""

    article_id: str
    dataset: str
    factual: bool
    # (support, novel words, novel trigrams, missing facts) per sentence
    sentences: tuple[tuple[float, float, float, tuple[str, ...]], ...]
    # The summary-level features (newsbrief.guard.features.FEATURE_NAMES order).
    features: tuple[float, ...]

    def flagged(self, config: GuardConfig) -> bool:
        """Whether the per-sentence rules drop any sentence."""
        return any(judge(s, n, t, f, config) for s, n, t, f in self.sentences)


def measure(data: Path, limit: int | None = None) -> list[Measured]:
    articles: dict[str, str] = {}
    for name in ("cnndm_dev.jsonl", "xsum_dev.jsonl"):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            articles[record["id"]] = record["article"]
    indexes: dict[str, ArticleShape] = {}
    measured: list[Measured] = []
    lines = (data / "factuality_dev.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[:limit]:
        record = json.loads(line)
        article_id = record["id"]
        if article_id not in articles:
            continue  # a few labelled summaries belong to articles the dev files lack
        if article_id not in indexes:
            indexes[article_id] = ArticleShape.of(ArticleIndex.of(articles[article_id]))
        shape = indexes[article_id]
        rows = []
        sentences = split_summary(record["summary"])
        for sentence in sentences:
            c = check_sentence(shape.index, sentence)
            rows.append((c.support, c.novel, c.novel_trigrams, c.facts))
        if rows:
            features = tuple(summary_features(shape, sentences))
            measured.append(
                Measured(article_id, record["dataset"], record["factual"], tuple(rows), features)
            )
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
        result: NDArray[np.bool_] = np.maximum.reduceat(sentence, self.starts).astype(bool)
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
    for support, novel, tri, names in itertools.product(
        SUPPORT_GRID, NOVEL_GRID, TRIGRAM_GRID, (True, False)
    ):
        config = GuardConfig(support, novel, tri, names)
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


def _inputs(items: Sequence[Measured]) -> NDArray[np.float64]:
    """The model's inputs before standardisation: log1p |feature|."""
    values: NDArray[np.float64] = np.log1p(np.abs(np.array([m.features for m in items], float)))
    return values


def _balanced(flags: NDArray[np.bool_], errors: NDArray[np.bool_]) -> float:
    return float((flags[errors].mean() + 1 - flags[~errors].mean()) / 2)


def fit_style(items: Sequence[Measured], c: float) -> StyleModel:
    """Balanced logistic regression for "has an error", and the threshold on its decision value
    (a quantile of the training values) with the best balanced accuracy on the training items."""
    from sklearn.linear_model import LogisticRegression  # the bench's extra, never the runtime

    x = _inputs(items)
    errors = np.array([not m.factual for m in items])
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / scale
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit(z, errors)
    decision = model.decision_function(z)
    cuts = np.unique(np.quantile(decision, np.linspace(0.01, 0.99, 99)))
    cut = max(cuts, key=lambda t: _balanced(decision >= t, errors))
    return StyleModel(
        mean=tuple(round(float(v), 6) for v in mean),
        scale=tuple(round(float(v), 6) for v in scale),
        weights=tuple(round(float(v), 6) for v in model.coef_[0]),
        bias=round(float(model.intercept_[0]), 6),
        # flagged when decision >= cut, i.e. P(faithful) = 1 / (1 + e^decision) <= 1 / (1 + e^cut)
        threshold=round(1.0 / (1.0 + float(np.exp(cut))), 9),
    )


def fit_model(items: Sequence[Measured], style_cut: float = STYLE_CUT) -> GuardModel:
    """One weight set per style, each fitted on its dataset's summaries (the label is used to fit,
    never to judge: at inference the style detector picks the set)."""
    copied = [m for m in items if m.dataset == "cnndm"]
    paraphrase = [m for m in items if m.dataset == "xsum"]
    return GuardModel(style_cut, fit_style(copied, C_COPIED), fit_style(paraphrase, C_PARAPHRASE))


def model_cv(
    items: Sequence[Measured], folds: int, style_cut: float = STYLE_CUT
) -> dict[str, Figures]:
    """Out-of-fold verdicts of the model, by dataset."""
    flags: dict[int, bool] = {}
    for k in range(folds):
        model = fit_model([m for m in items if fold_of(m.article_id, folds) != k], style_cut)
        for i, m in enumerate(items):
            if fold_of(m.article_id, folds) == k:
                flags[i] = not model.faithful(m.features)
    result: dict[str, Figures] = {}
    for dataset in sorted({m.dataset for m in items}):
        chosen = [i for i, m in enumerate(items) if m.dataset == dataset]
        result[dataset] = score([flags[i] for i in chosen], [items[i].factual for i in chosen])
    return result


def model_figures(items: Sequence[Measured], model: GuardModel) -> dict[str, Figures]:
    return {
        d: score([not model.faithful(m.features) for m in g], [m.factual for m in g])
        for d, g in by_dataset(items).items()
    }


def render_model(model: GuardModel) -> str:
    """The fitted-constants block of guard/model.py."""

    def style(name: str, m: StyleModel) -> str:
        def floats(values: Sequence[float]) -> str:
            lines = textwrap.wrap(", ".join(repr(v) for v in values), 88)
            return "(\n" + "".join(f"        {line}\n" for line in lines) + "    )"

        return (
            f"{name} = StyleModel(\n"
            f"    mean={floats(m.mean)},\n"
            f"    scale={floats(m.scale)},\n"
            f"    weights={floats(m.weights)},\n"
            f"    bias={m.bias!r},\n"
            f"    threshold={m.threshold!r},\n"
            ")  # fmt: skip\n"
        )

    return (
        f"{BEGIN}\nSTYLE_CUT = {model.style_cut!r}\n"
        f"{style('COPIED', model.copied)}{style('PARAPHRASE', model.paraphrase)}{END}"
    )


BEGIN = (
    "# --- fitted constants: written by "
    "`python -m bench.guard --data ../shared/data --fit --write` ---"
)
END = "# --- end of fitted constants ---"


def write_model(model: GuardModel, path: Path = MODEL_PATH) -> None:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(head + render_model(model) + tail, encoding="utf-8")


def describe(config: GuardConfig) -> str:
    return (
        f"min_support={config.min_support} max_novel={config.max_novel} "
        f"max_novel_trigrams={config.max_novel_trigrams} "
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
        help="what the per-sentence grid fit maximises: cnndm's balanced accuracy, or the mean",
    )
    parser.add_argument("--fit", action="store_true", help="fit the model on all data, print it")
    parser.add_argument("--write", action="store_true", help="with --fit: rewrite guard/model.py")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    items = measure(args.data, args.limit)
    report: dict[str, object] = {}
    if args.cv > 1:
        result = model_cv(items, args.cv)
        report[f"model_cv{args.cv}"] = {d: f.as_dict() for d, f in result.items()}
    report["model_shipped_all_data"] = {
        d: f.as_dict() for d, f in model_figures(items, MODEL).items()
    }
    halves = [[m for m in items if fold_of(m.article_id, 2) == k] for k in (0, 1)]
    for k, (train, test) in enumerate([(halves[0], halves[1]), (halves[1], halves[0])]):
        config = fit(train, args.objective)
        report[f"sentence_rules_fit_half_{k}_report_half_{1 - k}"] = {
            "config": describe(config),
            **{d: f.as_dict() for d, f in by_dataset_figures(test, config).items()},
        }
    default = GuardConfig()
    report["sentence_rules_shipped_all_data"] = {
        "config": describe(default),
        **{d: f.as_dict() for d, f in by_dataset_figures(items, default).items()},
    }
    if args.fit:
        model = fit_model(items)
        report["model_fitted_all_data"] = {
            d: f.as_dict() for d, f in model_figures(items, model).items()
        }
        if args.write:
            write_model(model)
            report["written"] = str(MODEL_PATH)
        else:
            print(render_model(model))
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
