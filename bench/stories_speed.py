"""Speed of the story grouping, on one core.

    python -m bench.stories --data ../shared/data       # prints these with the quality figures

* ``cluster_articles_per_second``: ``newsbrief stories cluster`` over the 871 dev story articles
  (``stories/articles.jsonl``): JSON lines parsed by the record reader, terms read, articles
  grouped in publication order; the file is read before the clock starts. The word memo is
  warmed on the CNN/DM and XSum dev texts first, as a process that has been running holds it.
* ``assign_ms``: one new article assigned (compared with the stories, then joined to one or
  started as one) with 10,000 stories stored. The stories are built from the dev texts (CNN/DM,
  XSum, Newsroom and the story articles): each of one to three random texts, dated over one year,
  so they share vocabulary as real stories do. The probes are the story articles, dated in the
  same year. Reading the article's terms is timed apart (``terms_ms``): it depends on the
  article's length, not on the stories stored.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from bench.stories import load
from newsbrief.cli.stories import read_article
from newsbrief.stories.features import ArticleTerms, article_terms
from newsbrief.stories.grouping import Decision, StoryIndex, group
from newsbrief.threads import single_threaded_numerics

STORED = 10_000
PROBES = 400
YEAR = date(2020, 1, 1)


def _texts(data: Path, name: str, field: str) -> list[str]:
    lines = (data / name).read_text(encoding="utf-8").splitlines()
    return [str(json.loads(line)[field]) for line in lines]


def cluster_speed(data: Path) -> float:
    for text in _texts(data, "cnndm_dev.jsonl", "article") + _texts(
        data, "xsum_dev.jsonl", "article"
    ):
        article_terms(text)
    lines = load(data).lines
    started = time.perf_counter()
    articles = [read_article(line) for line in lines]
    group([(article_terms(a.text, a.title), a.published) for a in articles])
    return len(lines) / (time.perf_counter() - started)


def stored_index(texts: list[ArticleTerms], rng: random.Random) -> StoryIndex:
    index = StoryIndex()
    for story_id in range(1, STORED + 1):
        day = YEAR + timedelta(days=rng.randrange(365))
        for part in range(rng.randint(1, 3)):
            terms = rng.choice(texts)
            vectors = index.vocabulary.weights(terms)
            joins = None if part == 0 else story_id
            index.apply(Decision(joins, 1.0, terms, vectors, day), story_id)
    return index


def assignment_speed(data: Path, seed: int = 11) -> dict[str, float]:
    rng = random.Random(seed)
    sources = (
        _texts(data, "cnndm_dev.jsonl", "article")
        + _texts(data, "xsum_dev.jsonl", "article")
        + _texts(data, "newsroom_dev.jsonl", "article")
    )
    probes_text = [a.text for a in load(data).articles]
    texts = [article_terms(t) for t in sources + probes_text]
    index = stored_index(texts, rng)
    assign, reading = [], []
    for text in rng.sample(probes_text, PROBES):
        day = YEAR + timedelta(days=rng.randrange(365))
        started = time.perf_counter()
        terms = article_terms(text)
        read = time.perf_counter()
        index.apply(index.decide(terms, day))
        done = time.perf_counter()
        reading.append(1000 * (read - started))
        assign.append(1000 * (done - read))
    assign.sort()
    return {
        "stories": float(STORED),
        "assign_ms_median": statistics.median(assign),
        "assign_ms_p90": assign[int(0.9 * len(assign))],
        "terms_ms_median": statistics.median(reading),
    }


def speed(data: Path) -> dict[str, object]:
    single_threaded_numerics()
    return {
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cluster_articles_per_second": cluster_speed(data),
        **assignment_speed(data),
    }


__all__ = ["assignment_speed", "cluster_speed", "speed"]
