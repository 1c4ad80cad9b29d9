"""Summarizing speed on the CNN/DailyMail dev articles, against sumy's LexRank, on one core.

    python -m bench --data ../shared/data            # or: make bench
    python -m bench --data ../shared/data --repeats 5 --no-batch

Every method gets the same raw article strings and does all of its own work in the timed loop:
newsbrief segments and scores (``summarizers.prepare`` + ``run``), sumy parses and ranks
(``PlaintextParser`` + ``LexRankSummarizer``). One process, one core, each method timed
``repeats`` times and the best pass kept (the least disturbed by the rest of the machine).

sumy's own tokenizer needs NLTK's punkt data, which an offline machine lacks;
:class:`OfflineTokenizer` stands in with nupunkt sentences and sumy's own word filter as a regex.
A regex is cheaper than NLTK's Treebank word tokenizer, so this sumy is, if anything, faster than
the stock one: the ratio below is a lower bound.

The batch figures (``--workers 1`` vs ``2``) run the whole ``newsbrief batch`` engine on the same
file, JSON parsing and text clean-up included, worker start-up included.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nupunkt

from newsbrief import batch, summarizers
from newsbrief.models import Article, SummaryOptions

DATA_FILE = "cnndm_dev.jsonl"
METHODS = ("news", "lead", "centrality")
SUMY = "sumy-lexrank"
SENTENCES = 3
# The targets, checked by --check (and by a CI gate calling measure()).
MIN_NEWS_RATE = 200.0
MIN_SPEEDUP = 10.0


class OfflineTokenizer:
    """sumy's ``Tokenizer`` interface (``language``, ``to_sentences``, ``to_words``) without NLTK
    data: nupunkt for sentences, and sumy's own word pattern (letters, inner ' and -)."""

    language = "english"
    _WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        spans = nupunkt.sent_spans(paragraph)
        return tuple(text for a, b in spans if (text := paragraph[a:b].strip()))

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
        """How many times faster ``news`` is than sumy's LexRank."""
        return self.rates["news"] / self.rates[SUMY] if self.rates.get(SUMY) else float("inf")

    def failures(self) -> list[str]:
        """The issue's targets this run missed (empty when all are met)."""
        missed = []
        if self.rates["news"] < MIN_NEWS_RATE:
            missed.append(f"news runs {self.rates['news']:.0f} articles/s < {MIN_NEWS_RATE:.0f}")
        if self.speedup < MIN_SPEEDUP:
            missed.append(f"news is {self.speedup:.1f}x sumy LexRank < {MIN_SPEEDUP:.0f}x")
        return missed


def load_texts(data: Path) -> list[str]:
    with (data / DATA_FILE).open(encoding="utf-8") as handle:
        return [json.loads(line)["article"] for line in handle if line.strip()]


def best_rate(work: Callable[[], None], count: int, repeats: int) -> float:
    """Articles per second of the fastest of ``repeats`` passes of ``work`` over ``count``."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return count / best


def newsbrief_pass(texts: Sequence[str], method: str) -> Callable[[], None]:
    options = SummaryOptions(method=method, sentences=SENTENCES)

    def work() -> None:
        for text in texts:
            summarizers.run(summarizers.prepare(Article(text=text)), options)

    return work


def sumy_pass(texts: Sequence[str]) -> Callable[[], None]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = OfflineTokenizer()

    def work() -> None:
        for text in texts:
            summarizer(PlaintextParser.from_string(text, tokenizer).document, SENTENCES)

    return work


def batch_rate(path: Path, workers: int) -> float:
    """Articles per second of the batch engine over ``path`` with ``workers`` processes."""
    options = SummaryOptions(method="news", sentences=SENTENCES)
    started = time.perf_counter()
    with path.open("rb") as stream:
        count = sum(1 for _ in batch.run(batch.read_items(stream), options, workers=workers))
    return count / (time.perf_counter() - started)


def measure(data: Path, *, repeats: int = 3, batch_workers: Sequence[int] = ()) -> SpeedReport:
    """Time every method (and the batch engine for each of ``batch_workers``) on the dev set."""
    texts = load_texts(data)
    work = {method: newsbrief_pass(texts, method) for method in METHODS}
    work[SUMY] = sumy_pass(texts)
    for run in work.values():
        run()  # warm-up: lazy imports and caches are not what is measured
    rates = {name: best_rate(run, len(texts), repeats) for name, run in work.items()}
    batch_rates = {n: batch_rate(data / DATA_FILE, n) for n in batch_workers}
    return SpeedReport(len(texts), repeats, rates, batch_rates)


def format_table(report: SpeedReport) -> str:
    lines = [
        f"{report.articles} articles, {SENTENCES} sentences each, best of {report.repeats} "
        "passes, one core",
        "",
        f"{'method':<24}{'articles/s':>12}",
    ]
    lines += [f"{name:<24}{rate:>12.1f}" for name, rate in report.rates.items()]
    lines += [
        f"{f'batch --workers {n}':<24}{rate:>12.1f}" for n, rate in report.batch_rates.items()
    ]
    lines += ["", f"news / sumy LexRank: {report.speedup:.1f}x"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-batch", action="store_true", help="skip the batch worker figures")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not (args.data / DATA_FILE).is_file():
        print(f"error: {args.data / DATA_FILE} not found (give --data)", file=sys.stderr)
        return 2
    workers = () if args.no_batch else (1, 2)
    report = measure(args.data, repeats=max(1, args.repeats), batch_workers=workers)
    print(format_table(report))
    missed = report.failures()
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed and args.check else 0


__all__ = ["OfflineTokenizer", "SpeedReport", "format_table", "main", "measure"]
