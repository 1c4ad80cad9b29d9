"""Summary-level features for the faithfulness guard's verdict (pure: strings in, floats out).

Each summary sentence gets a :class:`SentenceRow` of measurements against the article: the
guard's own checks (novel words, novel trigrams, support, missing numbers and names) plus how it
was built from the article (copied fragments, stitching of far-apart fragments, names that never
meet in one article sentence, a negation its evidence lacks). The summary's feature vector is the
maximum and the mean of each measurement over its sentences, then trigram repetition and the
sentence count. :mod:`newsbrief.guard.model` turns the vector into the probability that the
summary is faithful.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from newsbrief.guard.quantities import mentions, values
from newsbrief.guard.sentences import ArticleIndex, SentenceCheck, check_sentence
from newsbrief.guard.words import STOP_WORDS, cased_words, content_stems, lower_words, stem

_TOKEN = re.compile(r"[^\W_]+|[,;:\"“”'‘’(\-–—]")
_NEGATIONS = frozenset({"not", "no", "never", "nor", "without", "t"})
# Tokenised, lowercased summaries ("... on friday . locke replaced ...") split here too.
_LOWER_SPLIT = re.compile(r"(?<= [.!?]) +(?=[a-z`'‘])")


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """One summary sentence's measurements. The field order is the feature order: each field
    enters the summary's vector as its max and its mean, and the fitted model depends on it."""

    novel: float  # share of content words absent from the article
    novel_trigrams: float  # share of word trigrams absent from the article
    novel_stem_trigrams: float  # the same over stemmed words (rewording that only changes endings)
    uncovered: float  # share of words outside copied fragments (two or more words)
    uncovered_long: float  # share of words outside copied fragments of three or more words
    density: float  # log(1 + mean squared fragment length): long copies score high
    missing_numbers: float  # 1 when a number, date or quotation is not in the article
    missing_names: float  # 1 when a name is not in the article
    negation: float  # 1 when a negation is missing from its evidence sentences
    unsupported: float  # 1 - support by the best one or two article sentences
    unsupported_single: float  # 1 - coverage by the single best article sentence
    novel_count: float  # count of novel content words
    unk: float  # 1 when the sentence contains the token "unk" (a model's unknown word)
    length: float  # words
    keys_off_evidence: float  # share of names and numbers (in the article) not in the evidence
    pairs_apart: float  # share of name/number pairs never in one article sentence together
    mid_clause_start: float  # 1 when it opens with a fragment copied from inside a clause
    stitches: float  # copied fragments that do not continue each other in the article
    long_stitches: float  # the same among fragments of four or more words
    fragments: float  # copied fragments of two or more words

    def as_tuple(self) -> tuple[float, ...]:
        """The measurements in :data:`SENTENCE_MEASURES` order."""
        return tuple(getattr(self, name) for name in SENTENCE_MEASURES)


SENTENCE_MEASURES = tuple(f.name for f in dataclasses.fields(SentenceRow))
FEATURE_NAMES = (
    *(f"max_{m}" for m in SENTENCE_MEASURES),
    *(f"mean_{m}" for m in SENTENCE_MEASURES),
    "repeated_trigrams",
    "sentences",
)


@dataclass(frozen=True, slots=True)
class ArticleShape:
    """What the features need from an article beyond :class:`ArticleIndex`."""

    index: ArticleIndex
    tokens: tuple[str, ...]
    positions: dict[str, tuple[int, ...]]
    sentence_starts: frozenset[int]
    clause_starts: frozenset[int]
    stem_trigrams: frozenset[tuple[str, str, str]]
    name_words: frozenset[str]
    sentence_keys: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, index: ArticleIndex) -> ArticleShape:
        tokens, starts, clauses = _article_tokens(index.sentences)
        positions: dict[str, list[int]] = {}
        for i, token in enumerate(tokens):
            positions.setdefault(token, []).append(i)
        stems = [stem(w) for w in lower_words(" ".join(index.sentences))]
        return cls(
            index=index,
            tokens=tuple(tokens),
            positions={k: tuple(v) for k, v in positions.items()},
            sentence_starts=frozenset(starts),
            clause_starts=frozenset(clauses),
            stem_trigrams=frozenset(zip(stems, stems[1:], stems[2:], strict=False)),
            name_words=_name_words(index.sentences),
            sentence_keys=tuple(frozenset(lower_words(s)) | values(s) for s in index.sentences),
        )


def _article_tokens(sentences: Sequence[str]) -> tuple[list[str], set[int], set[int]]:
    """The article's lowercase word tokens, and the token positions where a sentence starts and
    where a clause starts (after punctuation)."""
    tokens: list[str] = []
    starts: set[int] = set()
    clauses: set[int] = set()
    for sentence in sentences:
        starts.add(len(tokens))
        for token in _TOKEN.findall(sentence):
            if token[0].isalnum():
                tokens.append(token.lower())
            else:
                clauses.add(len(tokens))
    return tokens, starts, clauses


def _name_words(sentences: Sequence[str]) -> frozenset[str]:
    """Lowercased capitalised words that do not open their sentence: the article's names."""
    return frozenset(
        word.lower()
        for sentence in sentences
        for word in cased_words(sentence)[1:]
        if word[0].isupper() and word.lower() not in STOP_WORDS
    )


def feature_sentences(sentences: Sequence[str]) -> list[str]:
    """The summary's sentences as the features see them: tokenised lowercase text split too."""
    return [p for s in sentences for p in _LOWER_SPLIT.split(s) if p.strip()]


class Fragment(NamedTuple):
    """A run of summary words copied from the article."""

    start: int  # in the summary sentence's words
    source: int  # in the article's tokens
    length: int


def _common_length(words: Sequence[str], i: int, tokens: Sequence[str], j: int) -> int:
    """How many words from ``words[i]`` on equal the article's tokens from ``tokens[j]`` on."""
    k = 0
    while i + k < len(words) and j + k < len(tokens) and words[i + k] == tokens[j + k]:
        k += 1
    return k


def _longest_copy(shape: ArticleShape, words: Sequence[str], i: int) -> tuple[int, int]:
    """(length, article position) of the longest copy starting at ``words[i]``; among equally long
    ones the last that opens an article sentence, else the first."""
    best = (0, -1)
    for j in shape.positions.get(words[i], ()):
        k = _common_length(words, i, shape.tokens, j)
        if k > best[0] or (k == best[0] and j in shape.sentence_starts):
            best = (k, j)
    return best


def copied_fragments(shape: ArticleShape, words: Sequence[str]) -> list[Fragment]:
    """Greedy copied fragments of two or more words, left to right."""
    found: list[Fragment] = []
    i = 0
    while i < len(words):
        length, source = _longest_copy(shape, words, i)
        if length >= 2:
            found.append(Fragment(i, source, length))
            i += length
        else:
            i += 1
    return found


def _stitches(fragments: Sequence[Fragment]) -> int:
    return sum(1 for a, b in itertools.pairwise(fragments) if b.source != a.source + a.length)


def _uncovered(fragments: Sequence[Fragment], words: int, shortest: int) -> float:
    """Share of the ``words`` outside copied fragments of at least ``shortest`` words."""
    return 1.0 - sum(f.length for f in fragments if f.length >= shortest) / words


def _density(fragments: Sequence[Fragment], words: int) -> float:
    return math.log1p(sum(f.length * f.length for f in fragments) / words)


def _mid_clause_start(shape: ArticleShape, fragments: Sequence[Fragment]) -> float:
    if not fragments or fragments[0].start != 0:
        return 0.0
    source = fragments[0].source
    return float(source not in shape.sentence_starts and source not in shape.clause_starts)


def _novel_stem_trigrams(shape: ArticleShape, words: Sequence[str]) -> float:
    stems = [stem(w) for w in words]
    grams = list(zip(stems, stems[1:], stems[2:], strict=False))
    return sum(g not in shape.stem_trigrams for g in grams) / len(grams) if grams else 0.0


def _missing(facts: Sequence[str], names: bool) -> float:
    """1 when a missing fact is a name (``names``), or is not a name (not ``names``)."""
    return float(any(f.startswith("name ") == names for f in facts))


def _evidence_words(shape: ArticleShape, evidence: Sequence[int]) -> set[str]:
    """The words and values of the sentence's evidence sentences."""
    found: set[str] = set()
    for i in evidence:
        found |= shape.sentence_keys[i]
    return found


def _keys_in_article(shape: ArticleShape, words: Sequence[str], text: str) -> list[str]:
    """The sentence's names and numbers (first occurrence each) that the article has somewhere."""
    keys = dict.fromkeys([w for w in words if w in shape.name_words]
                         + [m.value for m in mentions(text)])  # fmt: skip
    return [k for k in keys if any(k in s for s in shape.sentence_keys)]


def _share_off_evidence(keys: Sequence[str], evidence: set[str]) -> float:
    return sum(k not in evidence for k in keys) / len(keys) if keys else 0.0


def _share_of_pairs_apart(shape: ArticleShape, keys: Sequence[str]) -> float:
    """Share of pairs of ``keys`` that no article sentence has together."""
    pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
    apart = sum(not any(a in s and b in s for s in shape.sentence_keys) for a, b in pairs)
    return apart / len(pairs) if pairs else 0.0


def _negation_missing(check: SentenceCheck, words: Sequence[str], evidence: set[str]) -> float:
    """1 when the sentence has evidence and a negation word that its evidence lacks."""
    negated = any(w in _NEGATIONS and w not in evidence for w in words)
    return float(bool(check.evidence) and negated)


def _unsupported_single(index: ArticleIndex, content: set[str]) -> float:
    """1 - the share of ``content`` stems covered by the single best article sentence."""
    single = max((len(content & s) for s in index.sentence_stems), default=0)
    return 1.0 - single / len(content) if content else 0.0


def sentence_row(shape: ArticleShape, check: SentenceCheck) -> SentenceRow:
    """The measurements of one checked sentence."""
    words = lower_words(check.text)
    size = max(len(words), 1)
    fragments = copied_fragments(shape, words)
    content = set(content_stems(check.text))
    evidence = _evidence_words(shape, check.evidence)
    keys = _keys_in_article(shape, words, check.text)
    return SentenceRow(
        novel=check.novel,
        novel_trigrams=check.novel_trigrams,
        novel_stem_trigrams=_novel_stem_trigrams(shape, words),
        uncovered=_uncovered(fragments, size, shortest=2),
        uncovered_long=_uncovered(fragments, size, shortest=3),
        density=_density(fragments, size),
        missing_numbers=_missing(check.facts, names=False),
        missing_names=_missing(check.facts, names=True),
        negation=_negation_missing(check, words, evidence),
        unsupported=1.0 - check.support,
        unsupported_single=_unsupported_single(shape.index, content),
        novel_count=float(len(content - shape.index.stems)),
        unk=float("unk" in words),
        length=float(len(words)),
        keys_off_evidence=_share_off_evidence(keys, evidence),
        pairs_apart=_share_of_pairs_apart(shape, keys),
        mid_clause_start=_mid_clause_start(shape, fragments),
        stitches=float(_stitches(fragments)),
        long_stitches=float(_stitches([f for f in fragments if f.length >= 4])),
        fragments=float(len(fragments)),
    )


def _repeated_trigrams(sentences: Sequence[str]) -> float:
    """Share of the summary's word trigrams that repeat an earlier one."""
    words = lower_words(" ".join(sentences))
    grams = list(zip(words, words[1:], words[2:], strict=False))
    return 1.0 - len(set(grams)) / len(grams) if grams else 0.0


def summary_features(shape: ArticleShape, sentences: Sequence[str]) -> list[float]:
    """The summary's feature vector, in :data:`FEATURE_NAMES` order."""
    parts = feature_sentences(sentences)
    rows = [sentence_row(shape, check_sentence(shape.index, s)) for s in parts]
    # Sentences under three words are left out, as they were when the model was fitted.
    kept = [r.as_tuple() for r in rows if r.length >= 3] or [(0.0,) * len(SENTENCE_MEASURES)]
    columns = list(zip(*kept, strict=True))
    return [
        *(max(c) for c in columns),
        *(sum(c) / len(c) for c in columns),
        _repeated_trigrams(sentences),
        float(len(parts)),
    ]


__all__ = [
    "FEATURE_NAMES",
    "SENTENCE_MEASURES",
    "ArticleShape",
    "Fragment",
    "SentenceRow",
    "copied_fragments",
    "feature_sentences",
    "sentence_row",
    "summary_features",
]
