"""Summary-level features for the faithfulness guard's verdict (pure: strings in, floats out).

Each summary sentence gets a row of measurements against the article: the guard's own checks
(novel words, novel trigrams, support, missing numbers and names) plus how it was built from the
article (copied fragments, stitching of far-apart fragments, names that never meet in one article
sentence, a negation its evidence lacks). The summary's feature vector is the maximum and the mean
of each measurement over its sentences, then trigram repetition and the sentence count.
:mod:`newsbrief.guard.model` turns the vector into the probability that the summary is faithful.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.guard.quantities import mentions, values
from newsbrief.guard.sentences import (
    _STOP_WORDS,
    ArticleIndex,
    SentenceCheck,
    _words,
    check_sentence,
    content_stems,
    stem,
)

_TOKEN = re.compile(r"[^\W_]+|[,;:\"“”'‘’(\-–—]")
_NEGATIONS = frozenset({"not", "no", "never", "nor", "without", "t"})

# Per-sentence measurements, in row order (each enters as its max and its mean).
SENTENCE_MEASURES = (
    "novel",  # share of content words absent from the article
    "novel_trigrams",  # share of word trigrams absent from the article
    "novel_stem_trigrams",  # the same over stemmed words (rewording that only changes endings)
    "uncovered",  # share of words outside copied fragments (two or more words)
    "uncovered_long",  # share of words outside copied fragments of three or more words
    "density",  # log(1 + mean squared fragment length): long copies score high
    "missing_numbers",  # 1 when a number or date is not in the article
    "missing_names",  # 1 when a name is not in the article
    "negation",  # 1 when a negation is missing from its evidence sentences
    "unsupported",  # 1 - support by the best one or two article sentences
    "unsupported_single",  # 1 - coverage by the single best article sentence
    "novel_count",  # count of novel content words
    "unk",  # 1 when the sentence contains the token "unk" (a model's unknown word)
    "length",  # words
    "keys_off_evidence",  # share of names and numbers (in the article) not in the evidence
    "pairs_apart",  # share of name/number pairs never in one article sentence together
    "mid_clause_start",  # 1 when it opens with a fragment copied from inside a clause
    "stitches",  # copied fragments that do not continue each other in the article
    "long_stitches",  # the same among fragments of four or more words
    "fragments",  # copied fragments of two or more words
)
FEATURE_NAMES = (
    *(f"max_{m}" for m in SENTENCE_MEASURES),
    *(f"mean_{m}" for m in SENTENCE_MEASURES),
    "repeated_trigrams",
    "sentences",
)
# Tokenised, lowercased summaries ("... on friday . locke replaced ...") split here too.
_LOWER_SPLIT = re.compile(r"(?<= [.!?]) +(?=[a-z`'‘])")


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
        tokens: list[str] = []
        starts: set[int] = set()
        clauses: set[int] = set()
        names: set[str] = set()
        for sentence in index.sentences:
            starts.add(len(tokens))
            for token in _TOKEN.findall(sentence):
                if token[0].isalnum():
                    tokens.append(token.lower())
                else:
                    clauses.add(len(tokens))
            for word in _words_cased(sentence)[1:]:
                if word[0].isupper() and word.lower() not in _STOP_WORDS:
                    names.add(word.lower())
        positions: dict[str, list[int]] = {}
        for i, token in enumerate(tokens):
            positions.setdefault(token, []).append(i)
        stems = [stem(w) for w in _words(" ".join(index.sentences))]
        return cls(
            index=index,
            tokens=tuple(tokens),
            positions={k: tuple(v) for k, v in positions.items()},
            sentence_starts=frozenset(starts),
            clause_starts=frozenset(clauses),
            stem_trigrams=frozenset(zip(stems, stems[1:], stems[2:], strict=False)),
            name_words=frozenset(names),
            sentence_keys=tuple(frozenset(_words(s)) | values(s) for s in index.sentences),
        )


def _words_cased(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def feature_sentences(sentences: Sequence[str]) -> list[str]:
    """The summary's sentences as the features see them: tokenised lowercase text split too."""
    return [p for s in sentences for p in _LOWER_SPLIT.split(s) if p.strip()]


def _fragments(shape: ArticleShape, words: list[str]) -> list[tuple[int, int, int]]:
    """Greedy copied fragments (summary start, article start, length) of two or more words."""
    found: list[tuple[int, int, int]] = []
    i = 0
    while i < len(words):
        best = (0, -1)
        for j in shape.positions.get(words[i], ()):
            k = 0
            while i + k < len(words) and j + k < len(shape.tokens):
                if words[i + k] != shape.tokens[j + k]:
                    break
                k += 1
            if k > best[0] or (k == best[0] and j in shape.sentence_starts):
                best = (k, j)
        if best[0] >= 2:
            found.append((i, best[1], best[0]))
            i += best[0]
        else:
            i += 1
    return found


def _stitches(fragments: list[tuple[int, int, int]]) -> int:
    return sum(1 for a, b in itertools.pairwise(fragments) if b[1] != a[1] + a[2])


def sentence_row(shape: ArticleShape, check: SentenceCheck) -> list[float]:
    """The measurements of :data:`SENTENCE_MEASURES` for one checked sentence."""
    index, text = shape.index, check.text
    words = _words(text)
    n = max(len(words), 1)
    fragments = _fragments(shape, words)
    lengths = [f[2] for f in fragments]
    stems = [stem(w) for w in words]
    grams = list(zip(stems, stems[1:], stems[2:], strict=False))
    stem_novel = sum(g not in shape.stem_trigrams for g in grams) / len(grams) if grams else 0.0
    evidence: set[str] = set()
    for i in check.evidence:
        evidence |= shape.sentence_keys[i]
    keys = list(dict.fromkeys([w for w in words if w in shape.name_words]
                              + [m.value for m in mentions(text)]))  # fmt: skip
    present = [k for k in keys if any(k in s for s in shape.sentence_keys)]
    pairs = [(a, b) for i, a in enumerate(present) for b in present[i + 1 :]]
    apart = sum(not any(a in s and b in s for s in shape.sentence_keys) for a, b in pairs)
    content = set(content_stems(text))
    single = max((len(content & s) for s in index.sentence_stems), default=0)
    head = 0.0
    if fragments and fragments[0][0] == 0:
        j = fragments[0][1]
        head = float(j not in shape.sentence_starts and j not in shape.clause_starts)
    facts = check.facts
    return [
        check.novel,
        check.novel_trigrams,
        stem_novel,
        1.0 - sum(lengths) / n,
        1.0 - sum(x for x in lengths if x >= 3) / n,
        math.log1p(sum(x * x for x in lengths) / n),
        float(any(not f.startswith("name ") for f in facts)),
        float(any(f.startswith("name ") for f in facts)),
        float(bool(check.evidence) and any(w in _NEGATIONS and w not in evidence for w in words)),
        1.0 - check.support,
        1.0 - single / len(content) if content else 0.0,
        float(len(content - index.stems)),
        float("unk" in words),
        float(len(words)),
        sum(k not in evidence for k in present) / len(present) if present else 0.0,
        apart / len(pairs) if pairs else 0.0,
        head,
        float(_stitches(fragments)),
        float(_stitches([f for f in fragments if f[2] >= 4])),
        float(len(fragments)),
    ]


def summary_features(shape: ArticleShape, sentences: Sequence[str]) -> list[float]:
    """The summary's feature vector, in :data:`FEATURE_NAMES` order."""
    parts = feature_sentences(sentences)
    rows = [sentence_row(shape, check_sentence(shape.index, s)) for s in parts]
    rows = [r for r in rows if r[13] >= 3] or [[0.0] * len(SENTENCE_MEASURES)]
    columns = list(zip(*rows, strict=True))
    words = _words(" ".join(sentences))
    grams = list(zip(words, words[1:], words[2:], strict=False))
    repeated = 1.0 - len(set(grams)) / len(grams) if grams else 0.0
    return [
        *(max(c) for c in columns),
        *(sum(c) / len(c) for c in columns),
        repeated,
        float(len(parts)),
    ]


__all__ = [
    "FEATURE_NAMES",
    "SENTENCE_MEASURES",
    "ArticleShape",
    "feature_sentences",
    "sentence_row",
    "summary_features",
]
