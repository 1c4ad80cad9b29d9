"""Summarizing speed on the CNN/DailyMail dev articles, against sumy's LexRank, on one core.

    python -m bench --data ../shared/data            # or: make bench
    python -m bench --data ../shared/data --repeats 5 --no-batch

Every method gets the same raw article strings and does all of its own work in the timed loop:
newsbrief segments and scores (``summarizers.prepare`` + ``run``), sumy parses and ranks
(``PlaintextParser`` + ``LexRankSummarizer``).

Each timed pass runs in a fresh process that first summarizes the other dev articles (XSum and
Newsroom, untimed) and then the 247 CNN/DailyMail articles once, timed. Memos therefore hold
what a worker that has been running a while holds, but never the timed articles themselves:
newsbrief's word memo, and nupunkt's own document cache (nupunkt splits a text it has seen
before four times faster), would otherwise turn repeated passes over the same articles into a
cache benchmark. ``repeats`` fresh processes per method; the fastest is kept (the least
disturbed by the rest of the machine). One BLAS thread, one process, one core.

sumy's own tokenizer needs NLTK's punkt data, which an offline machine lacks, so two offline
stand-ins are timed:

* ``sumy-lexrank`` (the baseline of the target): sumy as shipped with only the download replaced.
  Sentences come from nupunkt (a Punkt model, as NLTK's punkt is) and words from NLTK's own
  Treebank-style word tokenizer, the one ``nltk.word_tokenize`` applies to each sentence, then
  sumy's word filter, exactly as ``sumy.nlp.tokenizers.Tokenizer`` does.
* ``sumy-lexrank-regex``: the same with sumy's word filter turned into a regex that finds the
  words directly, a faster sumy than anyone gets out of the box; its ratio is printed too.

The batch figures (``--workers 1`` vs ``2``) run the whole ``newsbrief batch`` engine on the same
file, JSON parsing and text clean-up included, worker start-up included; the engine's one-off
loads (the language model) happen before the clock starts, and the memos start empty.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import multiprocessing
import re
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import nupunkt

from newsbrief import records, summarizers
from newsbrief.batch import local as batch
from newsbrief.models import Article
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.threads import single_threaded_numerics

T = TypeVar("T")

DATA_FILE = "cnndm_dev.jsonl"
METHODS = ("news", "lead", "centrality")
# ``news`` with its sentence statistics computed by numpy, as on an install without a C compiler.
NEWS_PURE_PYTHON = "news-pure-python"
SUMY = "sumy-lexrank"
SUMY_REGEX = "sumy-lexrank-regex"
SENTENCES = 3
# The targets, checked by --check (and by a CI gate calling measure()).
MIN_NEWS_RATE = 200.0
MIN_SPEEDUP = 10.0


class OfflineTokenizer:
    """sumy's ``Tokenizer`` interface (``language``, ``to_sentences``, ``to_words``) without NLTK
    data: nupunkt sentences, NLTK's Treebank-style words filtered by sumy's own word test."""

    language = "english"

    def __init__(self) -> None:
        from nltk.tokenize import NLTKWordTokenizer
        from sumy.nlp.tokenizers import Tokenizer

        self._words = NLTKWordTokenizer()
        self._is_word = Tokenizer._is_word

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        spans = nupunkt.sent_spans(paragraph)
        return tuple(text for a, b in spans if (text := paragraph[a:b].strip()))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(filter(self._is_word, self._words.tokenize(sentence)))


class RegexWordTokenizer(OfflineTokenizer):
    """:class:`OfflineTokenizer` with the words found by one regex built from sumy's word test."""

    _WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(self._WORD.findall(sentence))


@dataclass(frozen=True, slots=True)
class SpeedReport:
    """Articles per second for each method (and batch worker count), on ``articles`` articles."""

    articles: int
    repeats: int
    rates: dict[str, float]
    batch_rates: dict[int, float] = field(default_factory=dict)

    @property
    def speedup(self) -> float:
        """How many times faster ``news`` is than sumy's LexRank (the target's baseline)."""
        return self.ratio(SUMY)

    def ratio(self, baseline: str) -> float:
        """How many times faster ``news`` is than ``baseline``."""
        rate = self.rates.get(baseline)
        return self.rates["news"] / rate if rate else float("inf")

    def failures(self) -> list[str]:
        """The issue's targets this run missed (empty when all are met)."""
        missed = []
        if self.rates["news"] < MIN_NEWS_RATE:
            missed.append(f"news runs {self.rates['news']:.0f} articles/s < {MIN_NEWS_RATE:.0f}")
        if self.speedup < MIN_SPEEDUP:
            missed.append(f"news is {self.speedup:.1f}x sumy LexRank < {MIN_SPEEDUP:.0f}x")
        return missed


WARM_UP_FILES = ("xsum_dev.jsonl", "newsroom_dev.jsonl")


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["article"] for line in handle if line.strip()]


def newsbrief_pass(texts: Sequence[str], method: str) -> Callable[[], None]:
    options = SummaryOptions(method=method, sentences=SENTENCES)

    def work() -> None:
        for text in texts:
            summarizers.summarize_document(summarizers.segment(Article(text=text)), options)

    return work


def sumy_pass(texts: Sequence[str], tokenizer: OfflineTokenizer) -> Callable[[], None]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def work() -> None:
        for text in texts:
            summarizer(PlaintextParser.from_string(text, tokenizer).document, SENTENCES)

    return work


def _work(name: str, texts: Sequence[str]) -> Callable[[], None]:
    if name == NEWS_PURE_PYTHON:
        from newsbrief.summarizers import selection, statistics

        # As on an install without a C compiler: numpy statistics and tuple trigrams. This
        # process only: it was spawned for this pass.
        statistics._compiled = None
        selection._trigram_keys = None  # type: ignore[attr-defined]
        return newsbrief_pass(texts, "news")
    if name == SUMY:
        return sumy_pass(texts, OfflineTokenizer())
    if name == SUMY_REGEX:
        return sumy_pass(texts, RegexWordTokenizer())
    return newsbrief_pass(texts, name)


def _warm_up(name: str, data: Path) -> None:
    """One BLAS thread, and an untimed pass of ``name`` over the warm-up articles."""
    single_threaded_numerics()
    _work(name, [text for file in WARM_UP_FILES for text in load_texts(data / file)])()


def fresh_pass(name: str, data: Path) -> float:
    """Articles per second of one pass of ``name`` over the timed articles, in this process
    after an untimed pass over the warm-up articles (run it in a fresh process)."""
    _warm_up(name, data)
    texts = load_texts(data / DATA_FILE)
    run = _work(name, texts)
    started = time.perf_counter()
    run()
    return len(texts) / (time.perf_counter() - started)


def news_stages(data: Path) -> dict[str, float]:
    """Milliseconds per article that ``news`` spends in each stage on the unseen articles, after
    the same warm-up as :func:`fresh_pass` (run it in a fresh process)."""
    from newsbrief.summarizers.features import sentence_features
    from newsbrief.summarizers.news import NewsSummarizer

    _warm_up("news", data)
    texts = load_texts(data / DATA_FILE)
    options = SummaryOptions(method="news", sentences=SENTENCES)
    clock = [time.perf_counter()]
    documents = [summarizers.segment(Article(text=text)) for text in texts]
    clock.append(time.perf_counter())
    for document in documents:
        sentence_features(document)
    clock.append(time.perf_counter())
    summarizer = NewsSummarizer()
    for document in documents:
        summarizer(document, options)  # features again (their words now known) + selection
    clock.append(time.perf_counter())
    stages = ("segmentation", "features (first reading)", "features again + selection")
    return {
        stage: (end - start) * 1000 / len(texts)
        for stage, start, end in zip(stages, clock[:-1], clock[1:], strict=True)
    }


def in_fresh_process(work: Callable[..., T], *args: object) -> T:
    """``work(*args)`` run in a new process, so no memo of this one leaks into the timing."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(work, *args).result()


def best_fresh_rate(name: str, data: Path, repeats: int) -> float:
    """The fastest of ``repeats`` :func:`fresh_pass` runs, each in a new process."""
    return max(in_fresh_process(fresh_pass, name, data.resolve()) for _ in range(repeats))


def batch_rate(path: Path, workers: int) -> float:
    """Articles per second of the batch engine over ``path`` with ``workers`` processes."""
    options = SummaryOptions(method="news", sentences=SENTENCES)
    # Load what the engine loads once per process (language model, ...) before the clock runs;
    # forked workers inherit it.
    with path.open("rb") as stream:
        first = b"".join(itertools.islice(stream, 3))
    for _ in batch.run(records.read_items(io.BytesIO(first)), options):
        pass
    started = time.perf_counter()
    with path.open("rb") as stream:
        count = sum(1 for _ in batch.run(records.read_items(stream), options, workers=workers))
    return count / (time.perf_counter() - started)


def measure(data: Path, *, repeats: int = 3, batch_workers: Sequence[int] = ()) -> SpeedReport:
    """Time every method (and the batch engine for each of ``batch_workers``) on the dev set."""
    names = (*METHODS, NEWS_PURE_PYTHON, SUMY, SUMY_REGEX)
    rates = {name: best_fresh_rate(name, data, repeats) for name in names}
    batch_rates = {
        n: in_fresh_process(batch_rate, (data / DATA_FILE).resolve(), n) for n in batch_workers
    }
    articles = len(load_texts(data / DATA_FILE))
    return SpeedReport(articles, repeats, rates, batch_rates)


def format_table(report: SpeedReport) -> str:
    lines = [
        f"{report.articles} articles, {SENTENCES} sentences each, best of {report.repeats} "
        "fresh processes, each warmed up on other articles, one core",
        "",
        f"{'method':<24}{'articles/s':>12}",
    ]
    lines += [f"{name:<24}{rate:>12.1f}" for name, rate in report.rates.items()]
    lines += [
        f"{f'batch --workers {n}':<24}{rate:>12.1f}" for n, rate in report.batch_rates.items()
    ]
    lines += [
        "",
        f"news / sumy LexRank: {report.speedup:.1f}x",
        f"news / sumy LexRank with regex words: {report.ratio(SUMY_REGEX):.1f}x",
        f"news without the compiled reader / sumy LexRank: "
        f"{report.rates[NEWS_PURE_PYTHON] / report.rates[SUMY]:.1f}x",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-batch", action="store_true", help="skip the batch worker figures")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--stages", action="store_true", help="print where news spends its time, and stop"
    )
    args = parser.parse_args(argv)
    if not (args.data / DATA_FILE).is_file():
        print(f"error: {args.data / DATA_FILE} not found (give --data)", file=sys.stderr)
        return 2
    if args.stages:
        stages = in_fresh_process(news_stages, args.data.resolve())
        print("news, ms per unseen article (fresh process, warmed up on other articles):")
        print("\n".join(f"  {stage:<28}{ms:7.3f}" for stage, ms in stages.items()))
        return 0
    workers = () if args.no_batch else (1, 2)
    report = measure(args.data, repeats=max(1, args.repeats), batch_workers=workers)
    print(format_table(report))
    missed = report.failures()
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed and args.check else 0


__all__ = [
    "OfflineTokenizer",
    "RegexWordTokenizer",
    "SpeedReport",
    "format_table",
    "main",
    "measure",
    "news_stages",
]
