"""Fit the extractor cascade's constants (``newsbrief.reading.chooser.Rules``) on the dev pages,
and measure them honestly with group k-fold cross-validation.

    python -m bench.fit_extraction --data ../shared/data [--folds 10] [--cache /tmp/cands.json]

Every candidate (trafilatura precision and balanced, resiliparse, readability-lxml) runs once per
page; its text is cleaned as the cascade cleans the chosen one and scored against the gold. The
search is coordinate ascent over :data:`GRID` from seeded random starts drawn from the grid (so
the result does not depend on the constants in the code); the objective is the mean page F1 less
:data:`STAGE2_CHARGE` per page sent to stage 2 (among equals, prefer the cheaper rules). Folds
keep pages that share a gold text together. Printed: F1 per set (benchmark aggregation / mean)
of the shipped constants, the in-sample fit, the cross-validated picks and a fit on extraction/
only; each constant's range over the folds; and the fitted ``Rules`` block to paste over the
defaults in ``src/newsbrief/reading/chooser.py``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from bench.extraction_pages import SETS, Page, PageScore, aggregate, load_pages, page_score
from newsbrief.reading import candidates
from newsbrief.reading.budget import parse_within_budget
from newsbrief.reading.chooser import RULES, Rules, View, decide, needs_second_opinion, text_stats
from newsbrief.reading.cleanup import clean_body, drop_page_boilerplate
from newsbrief.reading.decoding import decode
from newsbrief.reading.metadata import Signals, page_metadata, read_signals

STAGE2_CHARGE = 0.002
GRID: dict[str, tuple[float, ...]] = {
    "gate_agree": (0.6, 0.7, 0.8, 0.85, 0.9),
    "gate_longer": (0.2, 0.3, 0.4, 0.6, 0.8, 1.0),
    "gate_bloat_words": (800, 1500, 3000, 10**9),
    "gate_bloat_prose": (0.3, 0.5, 0.7),
    "min_words": (30, 50, 100),
    "frag_contained": (0.9, 0.95),
    "frag_ratio": (0.05, 0.1, 0.15, 0.3, 0.45, 0.6, 0.8),
    "frag_confirm": (0.75, 0.8, 0.85, 0.9, 0.95),
    "bloat_contained": (0.75, 0.8, 0.9),
    "bloat_ratio": (-0.4, -0.6, -0.8, -1.0),
    "bloat_confirm": (0.85, 0.9, 0.95),
    "bloat_prose_gain": (0.2, 0.3, 0.5),
    "cons_confirm": (0.9, 0.95, 0.98),
    "cons_margin": (0.1, 0.2, 0.3, 0.5),
}
KEYS = ("tp", "rs", "rd", "td")


@dataclass(frozen=True)
class PageData:
    page: Page
    view: View  # all three candidates: the rules read only what their stage would have
    words: dict[str, int]
    scores: dict[str, PageScore]  # each candidate, cleaned as the cascade cleans its choice
    line_only: dict[str, PageScore]  # the same without the page rules of the clean-up


def candidate_texts(page: Page) -> dict[str, str]:
    html = decode(page.html())
    return {
        "tp": candidates.trafilatura_text(html, page.url, precise=True),
        "rs": candidates.resiliparse_text(html),
        "rd": candidates.readability_text(html, page.url),
        "td": candidates.trafilatura_text(html, page.url, precise=False),
    }


def load(pages: Sequence[Page], cache: Path | None) -> list[PageData]:
    cached: dict[str, dict[str, str]] = {}
    if cache is not None and cache.is_file():
        cached = json.loads(cache.read_text(encoding="utf-8"))
    data = []
    for page in pages:
        texts = cached.get(page.id) or candidate_texts(page)
        cached[page.id] = texts
        parsed = parse_within_budget(decode(page.html()))
        signals = read_signals(parsed.root) if parsed.root is not None else Signals()
        title = page_metadata(signals, texts["tp"].split("\n", 1)[0] or None, page.url).title
        scores, line_only = {}, {}
        for key in KEYS:
            cleaned = clean_body(texts[key], title)
            line_only[key] = page_score(page.gold, "\n\n".join(cleaned))
            if parsed.root is not None:
                cleaned = drop_page_boilerplate(cleaned, parsed.root)
            scores[key] = page_score(page.gold, "\n\n".join(cleaned))
        stats = {key: text_stats(texts[key]) for key in KEYS}
        view = View.of(stats["tp"], stats["rs"], stats["rd"])
        words = {k: s.words for k, s in stats.items()}
        data.append(PageData(page, view, words, scores, line_only))
    if cache is not None:
        cache.write_text(json.dumps(cached), encoding="utf-8")
    return data


def choose(d: PageData, rules: Rules) -> tuple[str, bool]:
    """(candidate, whether stage 2 ran), as :func:`newsbrief.reading.cascade.read_html`."""
    gate = needs_second_opinion(d.view, rules)
    choice = "tp" if gate is None else decide(d.view, rules).choice
    if not d.words[choice]:
        ran = ("tp", "rd", "rs") if gate is not None else ("tp", "rs")
        choice = next((k for k in ran if d.words[k]), "td")
    return choice, gate is not None


def objective(data: Sequence[PageData], rules: Rules) -> float:
    total = 0.0
    for d in data:
        choice, ran = choose(d, rules)
        total += d.scores[choice].f1 - (STAGE2_CHARGE if ran else 0.0)
    return total / max(1, len(data))


def fit(data: Sequence[PageData], starts: int = 30, rounds: int = 4, seed: int = 15) -> Rules:
    generator = random.Random(seed)
    best, best_score = RULES, float("-inf")
    for _ in range(starts):
        rules = replace(RULES, **{k: generator.choice(v) for k, v in GRID.items()})  # type: ignore[arg-type]
        score = objective(data, rules)
        for _ in range(rounds):
            changed = False
            for name, values in GRID.items():
                for value in values:
                    candidate = replace(rules, **{name: value})  # type: ignore[arg-type]
                    candidate_score = objective(data, candidate)
                    if candidate_score > score + 1e-9:
                        rules, score, changed = candidate, candidate_score, True
            if not changed:
                break
        if score > best_score + 1e-9:
            best, best_score = rules, score
    return best


def folds(data: Sequence[PageData], k: int) -> list[list[int]]:
    """k folds of page indices, whole groups (pages sharing a gold text) per fold."""
    groups = sorted({d.page.group for d in data})
    fold_of = {g: i % k for i, g in enumerate(groups)}
    out: list[list[int]] = [[] for _ in range(k)]
    for index, d in enumerate(data):
        out[fold_of[d.page.group]].append(index)
    return out


def line(
    label: str,
    data: Sequence[PageData],
    picks: dict[str, tuple[str, bool]],
    *,
    page_rules: bool = True,
) -> str:
    cells = []
    for name in SETS:
        chosen = [d for d in data if d.page.set == name]
        score = aggregate(
            [(d.scores if page_rules else d.line_only)[picks[d.page.id][0]] for d in chosen]
        )
        cells.append(f"{score.f1:.4f} / {score.mean_f1:.4f}")
    stage2 = 100 * sum(ran for _, ran in picks.values()) / max(1, len(picks))
    return f"| {label} | " + " | ".join(cells) + f" | {stage2:.1f} % |"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--starts", type=int, default=30)
    parser.add_argument("--cache", type=Path, help="JSON file of candidate texts, kept outside")
    args = parser.parse_args(argv)
    data = load(load_pages(args.data), args.cache)
    print("| constants | " + " | ".join(f"{s} (bench / mean)" for s in SETS) + " | stage 2 |")
    print("|---|" + "---:|" * (len(SETS) + 1))
    shipped = {d.page.id: choose(d, RULES) for d in data}
    print(line("shipped (chooser.RULES)", data, shipped))
    print(line("shipped, without the page clean-up", data, shipped, page_rules=False))
    for key in ("tp", "rd", "rs"):
        print(line(f"{key} alone, cleaned", data, {d.page.id: (key, key == "rd") for d in data}))
    fitted = fit(data, args.starts)
    print(line("fitted on all pages", data, {d.page.id: choose(d, fitted) for d in data}))
    cv: dict[str, tuple[str, bool]] = {}
    per_fold = []
    for fold in folds(data, args.folds):
        held = set(fold)
        rules = fit([d for i, d in enumerate(data) if i not in held], args.starts)
        per_fold.append(rules)
        cv.update({data[i].page.id: choose(data[i], rules) for i in fold})
    print(line(f"group {args.folds}-fold CV (out of fold)", data, cv))
    only = fit([d for d in data if d.page.set == "extraction"], args.starts)
    print(line("fitted on extraction/ only", data, {d.page.id: choose(d, only) for d in data}))
    print("\n| constant | shipped | fitted | range over the folds |\n|---|---:|---:|---|")
    for f in fields(Rules):
        values = [getattr(r, f.name) for r in per_fold]
        print(
            f"| {f.name} | {getattr(RULES, f.name)} | {getattr(fitted, f.name)} "
            f"| {min(values)} to {max(values)} |"
        )
    print("\nRules (fitted on all pages):\n")
    for f in fields(Rules):
        print(f"    {f.name}: {type(getattr(fitted, f.name)).__name__} = {getattr(fitted, f.name)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
