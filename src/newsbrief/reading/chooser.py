"""Which candidate's text is the article: a two-stage cascade with a few explained thresholds.

Stage 1 (every page) reads the two cheap candidates: trafilatura in precision mode (``tp``) and
resiliparse (``rs``, whose main-content text is a loose superset of the article). When they
agree, tp is kept and nothing else runs. :func:`needs_second_opinion` names the ways they
disagree when tp went wrong:

* ``tp-empty``: tp has fewer than ``min_words`` words;
* ``tp-rs-disagree``: their agreement is under ``gate_agree`` (tp kept a fragment, or the wrong
  block);
* ``rs-longer``: rs is over ``gate_longer`` (log2 of the word ratio) longer than tp;
* ``tp-long-not-prose``: tp is long (over ``gate_bloat_words``) and mostly not prose (comments
  or link lists kept: under ``gate_bloat_prose`` of its words in sentence-like lines).

Stage 2 (those pages only) adds readability-lxml (``rd``); :func:`decide` applies, in order:

* **empty**: tp is empty: take rd (rs when rd is shorter and short);
* **fragment**: tp lies inside rd (containment >= ``frag_contained``), rd is longer (log2 ratio
  >= ``frag_ratio``) and rs confirms rd (agreement >= ``frag_confirm``): two independent
  extractors found the longer article around tp's fragment;
* **bloat**: rd lies inside tp (>= ``bloat_contained``), is shorter (log2 ratio <=
  ``bloat_ratio``), and rs confirms it or it is markedly more prose (``bloat_prose_gain``):
  rd dropped the comments or link lists;
* **consensus**: rd and rs agree (>= ``cons_confirm``) and tp agrees with both less by
  ``cons_margin``;
* otherwise tp is kept.

Without resiliparse (no wheel for the platform) the gate reads tp alone: only an empty tp asks
readability-lxml, and only the empty rule can fire.

Every decision carries a reason string. The constants of :class:`Rules` were fitted on the dev
pages by ``python -m bench.fit_extraction`` (coordinate ascent over a small grid from seeded
random starts, scored by mean page F1 less a small charge per page sent to stage 2, with group
k-fold cross-validation; docs/benchmarks.md, "Extraction"). To refit: run it and paste the
"Rules" block it prints over the defaults below.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

_TOKEN = re.compile(r"\w+")
_NGRAM = 4
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")", ":", ";", "。", "！", "？", "…")


@dataclass(frozen=True, slots=True)
class TextStats:
    """What the rules read of one candidate's text."""

    words: int
    prose_share: float  # share of the words in lines that end like a sentence
    shingles: Counter[tuple[str, ...]]  # 4-gram multiset, as the benchmark's metric counts
    total: int


def text_stats(text: str) -> TextStats:
    tokens: list[str] = []
    prose = 0
    for line in text.lower().split("\n"):
        words = _TOKEN.findall(line)
        tokens.extend(words)
        if line.strip().endswith(_SENTENCE_END):
            prose += len(words)
    grams: Counter[tuple[str, ...]] = Counter(
        zip(*(tokens[i:] for i in range(_NGRAM)), strict=False)
    )
    return TextStats(
        words=len(tokens),
        prose_share=prose / len(tokens) if tokens else 0.0,
        shingles=grams,
        total=sum(grams.values()),
    )


def containment(a: TextStats, b: TextStats) -> float:
    """Share of a's shingles found in b (1.0 when a lies inside b; 0 when a is empty)."""
    return sum((a.shingles & b.shingles).values()) / a.total if a.total else 0.0


def agreement(a: TextStats, b: TextStats) -> float:
    """Dice overlap of the two shingle multisets (symmetric, 0 to 1)."""
    total = a.total + b.total
    return 2 * sum((a.shingles & b.shingles).values()) / total if total else 0.0


def log_ratio(a: TextStats, b: TextStats) -> float:
    """log2 of a's word count over b's (+1 smoothing): +1 means a is twice as long."""
    return math.log2((a.words + 1) / (b.words + 1))


@dataclass(frozen=True, slots=True)
class View:
    """The numbers the rules read, computed once per page (a refit re-reads them many times).
    ``has_rs`` is false without resiliparse; the ``rd`` fields are 0 before stage 2."""

    tp_words: int
    tp_prose: float
    has_rs: bool
    rs_words: int = 0
    a_tp_rs: float = 0.0
    lr_rs_tp: float = 0.0
    has_rd: bool = False
    rd_words: int = 0
    rd_prose: float = 0.0
    a_rd_rs: float = 0.0
    a_tp_rd: float = 0.0
    c_tp_rd: float = 0.0
    c_rd_tp: float = 0.0
    lr_rd_tp: float = 0.0

    @classmethod
    def of(cls, tp: TextStats, rs: TextStats | None, rd: TextStats | None = None) -> View:
        view = cls(tp_words=tp.words, tp_prose=tp.prose_share, has_rs=rs is not None)
        if rs is not None:
            view = replace(
                view, rs_words=rs.words, a_tp_rs=agreement(tp, rs), lr_rs_tp=log_ratio(rs, tp)
            )
        if rd is not None:
            view = replace(
                view,
                has_rd=True,
                rd_words=rd.words,
                rd_prose=rd.prose_share,
                a_rd_rs=agreement(rd, rs) if rs is not None else 0.0,
                a_tp_rd=agreement(tp, rd),
                c_tp_rd=containment(tp, rd),
                c_rd_tp=containment(rd, tp),
                lr_rd_tp=log_ratio(rd, tp),
            )
        return view


@dataclass(frozen=True, slots=True)
class Rules:
    """The cascade's constants (see the module's docstring); refit with bench.fit_extraction."""

    gate_agree: float = 0.7
    gate_longer: float = 0.4
    gate_bloat_words: int = 3000
    gate_bloat_prose: float = 0.3
    min_words: int = 30
    frag_contained: float = 0.9
    frag_ratio: float = 0.05
    frag_confirm: float = 0.75
    bloat_contained: float = 0.75
    bloat_ratio: float = -0.8
    bloat_confirm: float = 0.85
    bloat_prose_gain: float = 0.2
    cons_confirm: float = 0.95
    cons_margin: float = 0.5


RULES = Rules()


@dataclass(frozen=True, slots=True)
class Decision:
    choice: str  # "tp", "rd" or "rs"
    reason: str


def needs_second_opinion(v: View, rules: Rules = RULES) -> str | None:
    """Why stage 2 must run, or None when tp can be kept (reads tp and rs only)."""
    if v.tp_words < rules.min_words:
        return "tp-empty"
    if not v.has_rs:
        return None
    if v.a_tp_rs < rules.gate_agree:
        return "tp-rs-disagree"
    if v.lr_rs_tp > rules.gate_longer:
        return "rs-longer"
    if v.tp_words > rules.gate_bloat_words and v.tp_prose < rules.gate_bloat_prose:
        return "tp-long-not-prose"
    return None


def decide(v: View, rules: Rules = RULES) -> Decision:
    """Stage 2: tp, rd or rs, by the empty / fragment / bloat / consensus rules."""
    if not v.has_rd:
        return Decision("tp", "kept: no second opinion")
    if v.tp_words < rules.min_words:
        if not v.has_rs or v.rd_words >= rules.min_words or v.rd_words >= v.rs_words:
            return Decision("rd", "empty: tp empty, rd")
        return Decision("rs", "empty: tp empty, rs")
    if not v.has_rs:
        return Decision("tp", "kept: nothing confirms rd")
    if (
        v.c_tp_rd >= rules.frag_contained
        and v.lr_rd_tp >= rules.frag_ratio
        and v.a_rd_rs >= rules.frag_confirm
    ):
        return Decision("rd", "fragment: tp inside rd, rs confirms rd")
    if (
        v.c_rd_tp >= rules.bloat_contained
        and v.lr_rd_tp <= rules.bloat_ratio
        and v.rd_words >= rules.min_words
        and (v.a_rd_rs >= rules.bloat_confirm or v.rd_prose - v.tp_prose >= rules.bloat_prose_gain)
    ):
        return Decision("rd", "bloat: rd inside tp, shorter, confirmed")
    if (
        v.a_rd_rs >= rules.cons_confirm
        and v.a_rd_rs - max(v.a_tp_rs, v.a_tp_rd) >= rules.cons_margin
    ):
        return Decision("rd", "consensus: rd and rs agree, tp agrees with neither")
    return Decision("tp", "kept: no rule fired")


__all__ = [
    "RULES",
    "Decision",
    "Rules",
    "TextStats",
    "View",
    "agreement",
    "containment",
    "decide",
    "log_ratio",
    "needs_second_opinion",
    "text_stats",
]
