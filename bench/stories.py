"""Stories on the dev data: grouping, timelines and catch-up against their baselines.

    python -m bench.stories --data ../shared/data            # every figure, with the baselines
    python -m bench.stories --data ../shared/data --sensitivity   # and each constant moved

On ``stories/`` (four long-running stories, Timeline17): B-cubed precision / recall / F1 of
``newsbrief stories cluster`` over the four stories streamed together in publication order, and
of batch TF-IDF average-link clustering at its best threshold (chosen on the answer); how many
of the 247 unrelated CNN/DM articles end up sharing a story (undated as given, and all dated the
same day); Date-F1 and ROUGE-1/2 of ``stories timeline`` told each timeline's number of dates
and its mean sentences per date, against the most frequent publication dates with the first
sentences of that day's articles; ROUGE-1/2 of ``stories catchup`` with ``--since`` at each
timeline's middle date against the timeline's sentences after it, told as many sentences as
there are dates after it, against the first sentences of the newest articles. ROUGE is the
project's (rouge-score, stemmed, F1 x 100), over all sentences of a timeline at once.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newsbrief.cli.stories import read_article
from newsbrief.evaluation import RougeEvaluator
from newsbrief.reading.segmentation import split_sentences
from newsbrief.stories.catchup import catch_up
from newsbrief.stories.features import article_terms
from newsbrief.stories.grouping import GroupingSettings, group
from newsbrief.stories.sentences import StoryArticle
from newsbrief.stories.timeline import TimelineSettings, timeline

STORIES = ("egypt", "finan", "haiti", "mj")


class Rouge(RougeEvaluator):
    """The project's ROUGE (rouge-score, stemmed, F1 x 100, sentences split the same way), with
    ROUGE-1 and ROUGE-2 only: the summary-level LCS of a whole timeline costs minutes and the
    timeline literature does not report it."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self._scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)

    def score(self, candidate: Sequence[str], reference: str) -> dict[str, float]:
        scores = self._scorer.score(reference, "\n".join(candidate))
        return {name: 100.0 * scores[name].fmeasure for name in ("rouge1", "rouge2")}


@dataclass(frozen=True, slots=True)
class DevStories:
    lines: list[bytes]  # articles.jsonl, in file order
    labels: list[str]
    articles: list[StoryArticle]
    timelines: dict[str, list[dict[str, object]]]

    def story(self, name: str) -> list[StoryArticle]:
        return [a for a, label in zip(self.articles, self.labels, strict=True) if label == name]


def load(data: Path) -> DevStories:
    folder = data / "stories"
    lines = folder.joinpath("articles.jsonl").read_bytes().splitlines(keepends=True)
    labels = [str(json.loads(line)["story"]) for line in lines]
    timelines = {}
    for line in folder.joinpath("timelines.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        timelines[row["story"]] = row["timeline"]
    return DevStories(lines, labels, [read_article(x) for x in lines], timelines)


# ---------------------------------------------------------------- grouping


def bcubed(predicted: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998)."""
    in_predicted, in_gold = Counter(predicted), Counter(gold)
    pairs = list(zip(predicted, gold, strict=True))
    both = Counter(pairs)
    n = len(gold)
    precision = sum(both[(p, g)] / in_predicted[p] for p, g in pairs) / n
    recall = sum(both[(p, g)] / in_gold[g] for p, g in pairs) / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def cluster(
    articles: Sequence[StoryArticle], settings: GroupingSettings | None = None
) -> list[int]:
    return group([(article_terms(a.text, a.title), a.published) for a in articles], settings)


def sharing(stories: Sequence[int]) -> int:
    """How many articles share their story with another."""
    return sum(n for n in Counter(stories).values() if n > 1)


def unrelated(data: Path, *, same_day: bool) -> list[StoryArticle]:
    rows = [json.loads(x) for x in (data / "cnndm_dev.jsonl").read_text("utf-8").splitlines()]
    day = date(2015, 4, 1) if same_day else None
    return [StoryArticle(r["id"], r["article"], day) for r in rows]


def average_link(dev: DevStories, *, sublinear: bool) -> dict[str, float]:
    """Batch TF-IDF (scikit-learn's English stop words; raw or sublinear term frequency)
    average-link clustering at the cosine-distance threshold that scores best: a threshold
    chosen on the answer, so the baseline at its most favourable."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=sublinear)
    distances = cosine_distances(vectorizer.fit_transform([a.text for a in dev.articles]))
    best = {"f1": -1.0}
    for step in range(80, 100):
        threshold = step / 100
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
        ).fit_predict(distances)
        p, r, f = bcubed(list(labels), dev.labels)
        if f > best["f1"]:
            best = {"threshold": threshold, "precision": p, "recall": r, "f1": f}
    return best


# ---------------------------------------------------------------- timelines


def date_f1(predicted: set[str], gold: set[str]) -> float:
    if not predicted or not gold:
        return 0.0
    return 2 * len(predicted & gold) / (len(predicted) + len(gold))


def gold_shape(gold: list[dict[str, object]]) -> tuple[int, int]:
    """The timeline's number of dates and its mean sentences per date (rounded)."""
    sizes = [len(entry["sentences"]) for entry in gold]  # type: ignore[arg-type]
    return len(gold), max(1, round(statistics.mean(sizes)))


def gold_text(gold: list[dict[str, object]], after: str | None = None) -> str:
    return "\n".join(
        str(s)
        for entry in gold
        if after is None or str(entry["date"]) > after
        for s in entry["sentences"]  # type: ignore[attr-defined]
    )


def first_sentence(article: StoryArticle) -> str | None:
    sentences = split_sentences(article.text[:2000])
    return sentences[0].text if sentences else None


def publication_baseline(
    articles: Sequence[StoryArticle], dates: int, per_date: int
) -> dict[str, list[str]]:
    """The most frequent publication dates, each with its first articles' first sentences."""
    counts = Counter(a.published for a in articles if a.published)
    chosen = sorted(counts, key=lambda d: (-counts[d], d))[:dates]
    result = {}
    for day in sorted(chosen):
        leads = [first_sentence(a) for a in articles if a.published == day]
        result[day.isoformat()] = [s for s in leads if s][:per_date]
    return result


def timeline_scores(
    dev: DevStories, rouge: RougeEvaluator, settings: TimelineSettings | None = None
) -> dict[str, dict[str, float]]:
    scores = {}
    for name in STORIES:
        gold = dev.timelines[name]
        dates, per_date = gold_shape(gold)
        articles = dev.story(name)
        started = time.perf_counter()
        entries = timeline(articles, dates, per_date, settings)
        seconds = time.perf_counter() - started
        ours = rouge.score([s.text for e in entries for s in e.sentences], gold_text(gold))
        base = publication_baseline(articles, dates, per_date)
        theirs = rouge.score([s for lines in base.values() for s in lines], gold_text(gold))
        gold_dates = {str(e["date"]) for e in gold}
        scores[name] = {
            "dates": dates,
            "per_date": per_date,
            "date_f1": date_f1({e.day.isoformat() for e in entries}, gold_dates),
            "rouge1": ours["rouge1"],
            "rouge2": ours["rouge2"],
            "baseline_date_f1": date_f1(set(base), gold_dates),
            "baseline_rouge1": theirs["rouge1"],
            "baseline_rouge2": theirs["rouge2"],
            "seconds": seconds,
        }
    return scores


def catchup_scores(dev: DevStories, rouge: RougeEvaluator) -> dict[str, dict[str, float | str]]:
    scores: dict[str, dict[str, float | str]] = {}
    for name in STORIES:
        gold = dev.timelines[name]
        days = sorted(str(e["date"]) for e in gold)
        middle = days[len(days) // 2]
        count = sum(1 for d in days if d > middle)
        since = date.fromisoformat(middle)
        articles = dev.story(name)
        result = catch_up(articles, since, count)
        reference = gold_text(gold, after=middle)
        ours = rouge.score([s.text for s in result.sentences], reference)
        newest = sorted(
            (a for a in articles if a.published and a.published >= since),
            key=lambda a: a.published or date.min,
            reverse=True,
        )
        leads = [s for s in map(first_sentence, newest) if s][:count]
        theirs = rouge.score(leads, reference)
        scores[name] = {
            "since": middle,
            "sentences": count,
            "rouge1": ours["rouge1"],
            "rouge2": ours["rouge2"],
            "baseline_rouge1": theirs["rouge1"],
            "baseline_rouge2": theirs["rouge2"],
        }
    return scores


# ---------------------------------------------------------------- all figures


def grouping_scores(
    dev: DevStories, data: Path, settings: GroupingSettings | None = None
) -> dict[str, float]:
    p, r, f = bcubed(cluster(dev.articles, settings), dev.labels)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "cnndm_sharing": sharing(cluster(unrelated(data, same_day=False), settings)),
        "cnndm_sharing_same_day": sharing(cluster(unrelated(data, same_day=True), settings)),
    }


def figures(data: Path, *, baselines: bool = True) -> dict[str, object]:
    dev = load(data)
    rouge = Rouge()
    timelines = timeline_scores(dev, rouge)
    result: dict[str, object] = {
        "grouping": grouping_scores(dev, data),
        "timeline": timelines,
        "timeline_mean": {
            key: statistics.mean(float(s[key]) for s in timelines.values())
            for key in (
                "date_f1",
                "rouge1",
                "rouge2",
                "baseline_date_f1",
                "baseline_rouge1",
                "baseline_rouge2",
            )
        },
        "catchup": catchup_scores(dev, rouge),
    }
    if baselines:
        result["average_link"] = average_link(dev, sublinear=False)
        result["average_link_sublinear"] = average_link(dev, sublinear=True)
    return result


# ---------------------------------------------------------------- the CI gate

# Measured with `python -m bench.stories --data ../shared/data` (docs/benchmarks-stories.md);
# issue 11 asks for at least 0.95 and 0.70: those are the lowest these may ever be set to.
GROUPING_F1_FLOOR = 0.97
DATE_F1_FLOOR = 0.71
CNNDM_SHARING_CEILING = 8


def gate_failures(measured: dict[str, object]) -> list[str]:
    failures = []
    grouping = measured["grouping"]
    assert isinstance(grouping, dict)
    if grouping["f1"] < GROUPING_F1_FLOOR:
        failures.append(f"grouping B-cubed F1 {grouping['f1']:.3f} < {GROUPING_F1_FLOOR}")
    if grouping["cnndm_sharing"] > CNNDM_SHARING_CEILING:
        failures.append(
            f"{grouping['cnndm_sharing']} unrelated CNN/DM articles share a story "
            f"(at most {CNNDM_SHARING_CEILING})"
        )
    mean = measured["timeline_mean"]
    assert isinstance(mean, dict)
    if mean["date_f1"] < DATE_F1_FLOOR:
        failures.append(f"timeline mean Date-F1 {mean['date_f1']:.3f} < {DATE_F1_FLOOR}")
    if mean["rouge1"] <= mean["baseline_rouge1"]:
        failures.append(
            f"timeline ROUGE-1 {mean['rouge1']:.2f} does not beat the publication-date "
            f"baseline's {mean['baseline_rouge1']:.2f}"
        )
    catchups = measured["catchup"]
    assert isinstance(catchups, dict)
    for name, s in catchups.items():
        for metric in ("rouge1", "rouge2"):
            if s[metric] <= s[f"baseline_{metric}"]:
                failures.append(
                    f"catch-up {name} {metric} {s[metric]:.2f} does not beat the newest "
                    f"articles' {s[f'baseline_{metric}']:.2f}"
                )
    return failures


# ---------------------------------------------------------------- sensitivity


def _moved(settings: object, name: str, factor: float) -> object:
    value = getattr(settings, name)
    moved = max(1, round(value * factor)) if isinstance(value, int) else value * factor
    return dataclasses.replace(settings, **{name: moved})  # type: ignore[type-var]


def sensitivity(data: Path, factors: Sequence[float] = (0.75, 1.25)) -> dict[str, object]:
    """Each constant of the grouping and the timeline moved by each factor, one at a time."""
    dev = load(data)
    rouge = Rouge()
    grouping = {}
    for name in (f.name for f in dataclasses.fields(GroupingSettings)):
        for factor in factors:
            settings = _moved(GroupingSettings(), name, factor)
            assert isinstance(settings, GroupingSettings)
            grouping[f"{name} x{factor}"] = grouping_scores(dev, data, settings)
    timelines = {}
    for name in (f.name for f in dataclasses.fields(TimelineSettings)):
        for factor in factors:
            moved = _moved(TimelineSettings(), name, factor)
            assert isinstance(moved, TimelineSettings)
            scores = timeline_scores(dev, rouge, moved)
            timelines[f"{name} x{factor}"] = {
                key: statistics.mean(float(s[key]) for s in scores.values())
                for key in ("date_f1", "rouge1", "rouge2")
            }
    return {"grouping": grouping, "timeline": timelines}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Stories on the dev data, with baselines.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sensitivity", action="store_true", help="move each constant too")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed figures")
    args = parser.parse_args(argv)
    measured = figures(args.data)
    if not args.no_speed:
        from bench.stories_speed import speed

        measured["speed"] = speed(args.data)
    if args.sensitivity:
        measured["sensitivity"] = sensitivity(args.data)
    print(json.dumps(measured, indent=2, default=str))
    failures = gate_failures(measured)
    for failure in failures:
        print(f"gate: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
