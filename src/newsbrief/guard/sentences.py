"""Per-sentence checks: is one sentence of a summary supported by the article?

Pure: strings in, a :class:`SentenceCheck` out. A sentence is unsupported when

- a number or date it states is not in the article (normalised by :mod:`newsbrief.guard.quantities`:
  "2 million" ~ "two million", "March 18" ~ "18 March");
- a name it uses (a capitalised word inside the sentence, or a month or weekday) or a quoted
  phrase is not in the article;
- too many of its content words occur nowhere in the article ("novel" words: what a model
  invents usually needs words the article never used);
- or too little of it is covered by the one or two article sentences that overlap it most
  ("support": the share of its content words found there).

Unsupported sentences are dropped; :mod:`newsbrief.guard.verdict` judges the summary as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsbrief.guard.quantities import mentions, values
from newsbrief.guard.words import content_stems, names, squash, trigrams, whole_words
from newsbrief.reading.segmentation import split_sentences

_QUOTED = re.compile(r"[\"“]([^\"“”]{3,200})[\"”]")


@dataclass(frozen=True, slots=True)
class GuardConfig:
    """Per-sentence thresholds: which sentences are dropped. The defaults are the grid point that
    ``python -m bench.guard`` fitted on ``factuality_dev.jsonl`` (FRANK human labels) together
    with the former summary-level rewording rule; they are kept as they were (the summary-level
    verdict is now :mod:`newsbrief.guard.model`). The bench reports their figures alone."""

    # A sentence whose best one or two article sentences cover less of its content words than
    # this is unsupported. The fit found no gain over the novelty checks, so it is off (0.0);
    # the support is still computed and reported.
    min_support: float = 0.0
    # A sentence with more than this share of content words absent from the whole article is
    # unsupported.
    max_novel: float = 0.2
    # A sentence with more than this share of word trigrams absent from the article is
    # unsupported (free rewording is where the errors of abstractive systems hide).
    max_novel_trigrams: float = 0.8
    # Whether a capitalised word missing from the article is enough to drop a sentence.
    check_names: bool = True


DEFAULT_CONFIG = GuardConfig()


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    """One summary sentence: supported or not, why not, and its best supporting sentences."""

    text: str
    supported: bool
    score: float
    support: float
    novel: float
    novel_trigrams: float
    reasons: tuple[str, ...]
    # Indices (into the article's sentences) of the sentences that support it best.
    evidence: tuple[int, ...] = field(default=())
    # The numbers, dates, names and quotations it states that the article does not.
    facts: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "supported": self.supported, "reasons": list(self.reasons)}


def novel_trigram_share(index: ArticleIndex, sentence: str) -> float:
    """Share of the sentence's word trigrams that occur nowhere in the article (0: copied)."""
    grams = trigrams(sentence)
    return sum(g not in index.trigrams for g in grams) / len(grams) if grams else 0.0


@dataclass(frozen=True, slots=True)
class ArticleIndex:
    """What the guard needs from an article, computed once for all summary sentences."""

    sentences: tuple[str, ...]
    sentence_stems: tuple[frozenset[str], ...]
    stems: frozenset[str]
    trigrams: frozenset[tuple[str, str, str]]
    words: frozenset[str]
    numbers: frozenset[str]
    squashed: str

    @classmethod
    def of(cls, text: str) -> ArticleIndex:
        sentences = tuple(s.text for s in split_sentences(text)) or (text,)
        sentence_stems = tuple(frozenset(content_stems(s)) for s in sentences)
        words = frozenset(w.lower().replace("’", "'") for w in whole_words(text))
        return cls(
            sentences=sentences,
            sentence_stems=sentence_stems,
            stems=frozenset().union(*sentence_stems),
            trigrams=frozenset(trigrams(text)),
            words=words | {w[:-2] for w in words if w.endswith("'s")},
            numbers=frozenset(values(text)),
            squashed=f" {squash(text)} ",
        )


def _support(index: ArticleIndex, stems: set[str]) -> tuple[float, tuple[int, ...]]:
    """Share of ``stems`` covered by the best article sentence plus the best second one
    (summaries often fuse two sentences), and which sentences those are."""
    if not stems:
        return 1.0, ()
    overlaps = [len(stems & s) for s in index.sentence_stems]
    best = max(range(len(overlaps)), key=overlaps.__getitem__)
    rest = stems - index.sentence_stems[best]
    gains = [len(rest & s) if i != best else -1 for i, s in enumerate(index.sentence_stems)]
    second = max(range(len(gains)), key=gains.__getitem__) if len(gains) > 1 else best
    covered = overlaps[best] + max(gains[second], 0)
    if overlaps[best] == 0:
        return 0.0, ()  # nothing in the article supports it: no evidence to offer
    evidence = (best, second) if gains[second] > 0 else (best,)
    return covered / len(stems), tuple(sorted(evidence))


def _first_spellings(names: list[str]) -> list[str]:
    """One of each name whatever its case ("Tuesday", "tuesday"), as first spelled."""
    spellings: dict[str, str] = {}
    for name in names:
        spellings.setdefault(name.lower(), name)
    return list(spellings.values())


def missing_facts(index: ArticleIndex, sentence: str, check_names: bool = True) -> list[str]:
    """Reasons for each number, date, name or quotation in ``sentence`` absent from the article."""
    reasons: list[str] = []
    for mention in mentions(sentence):
        if mention.value not in index.numbers:
            reasons.append(f"{mention.kind} '{mention.text}' is not in the article")
    if check_names:
        missing = [
            n for n in names(sentence) if all(part.lower() not in index.words
                                              for part in n.split("-"))
        ]  # fmt: skip
        reasons.extend(f"name '{n}' is not in the article" for n in _first_spellings(missing))
    for quote in _QUOTED.findall(sentence):
        if f" {squash(quote)} " not in index.squashed:
            reasons.append(f"quote “{quote.strip()}” is not in the article")
    return reasons


def judge(
    support: float, novel: float, novel_trigrams: float, facts: Sequence[str], config: GuardConfig
) -> list[str]:
    """Every reason a sentence with these measurements is unsupported (none: supported)."""
    reasons = [r for r in facts if config.check_names or not r.startswith("name ")]
    if novel_trigrams > config.max_novel_trigrams:
        reasons.append(f"reworded too freely: {novel_trigrams:.0%} of its phrases are new")
    if novel > config.max_novel:
        reasons.append(f"{novel:.0%} of its words are not in the article")
    if support < config.min_support:
        reasons.append(f"weak support: {support:.0%} of its words in the closest sentences")
    return reasons


def check_sentence(
    index: ArticleIndex, sentence: str, config: GuardConfig = DEFAULT_CONFIG
) -> SentenceCheck:
    facts = missing_facts(index, sentence, config.check_names)
    stems = set(content_stems(sentence))
    support, evidence = _support(index, stems)
    novel = len(stems - index.stems) / len(stems) if stems else 0.0
    novel_trigrams = novel_trigram_share(index, sentence)
    reasons = judge(support, novel, novel_trigrams, facts, config)
    if novel > config.max_novel:
        unseen = ", ".join(sorted(w for w in stems if w not in index.stems)[:4])
        reasons = [f"{r} ({unseen})" if r.endswith("not in the article") and "%" in r else r
                   for r in reasons]  # fmt: skip
    # Each missing fact halves the score: a wrong number is worse than a loose paraphrase.
    score = support * (1.0 - novel) * 0.5 ** len(facts)
    return SentenceCheck(
        text=sentence,
        supported=not reasons,
        score=score,
        support=support,
        novel=novel,
        novel_trigrams=novel_trigrams,
        reasons=tuple(reasons),
        evidence=evidence,
        facts=tuple(facts),
    )


def summary_sentences(summary: str) -> list[str]:
    """A summary's sentences (a bulleted summary: one per line)."""
    lines = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line) for line in summary.splitlines()]
    return [s.text for line in lines if line.strip() for s in split_sentences(line)]


__all__ = [
    "DEFAULT_CONFIG",
    "ArticleIndex",
    "GuardConfig",
    "SentenceCheck",
    "check_sentence",
    "judge",
    "missing_facts",
    "novel_trigram_share",
    "summary_sentences",
]
