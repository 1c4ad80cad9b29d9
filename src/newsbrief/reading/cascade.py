"""An HTML page to its article text and metadata: the extractor cascade end to end.

The page is first held to its budget (:mod:`.budget`, which parses it once). Stage 1 runs
trafilatura's precision mode and resiliparse; the gate in :mod:`.chooser` decides whether the
page is ambiguous, and only then stage 2 runs readability-lxml and :func:`.chooser.decide`
picks. The result is never empty when any candidate found text: the choice falls back to the
first non-empty of trafilatura, readability-lxml and resiliparse, then trafilatura's balanced
mode, which runs only then. The chosen text is cleaned (:mod:`.cleanup`) and the page's own
metadata (:mod:`.metadata`) gives the headline, byline, date, canonical URL and site name.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbrief.reading import candidates
from newsbrief.reading.budget import parse_within_budget
from newsbrief.reading.chooser import RULES, Decision, Rules, View, decide, needs_second_opinion
from newsbrief.reading.chooser import text_stats as stats_of
from newsbrief.reading.cleanup import clean_body, drop_page_boilerplate
from newsbrief.reading.metadata import PageMetadata, Signals, page_metadata, read_signals


@dataclass(frozen=True, slots=True)
class HtmlReading:
    """What the cascade read: the cleaned body ('' when nothing was found), the metadata, and
    which candidate was chosen and why."""

    text: str
    metadata: PageMetadata
    chosen: str  # "tp", "rd", "rs", "td", or "" when no candidate found text
    reason: str
    stage2: bool  # whether readability-lxml ran


def read_html(html: str, url: str | None = None, rules: Rules = RULES) -> HtmlReading:
    """Read one page. Raises ``too_complex`` for a page over the budget."""
    parsed = parse_within_budget(html)
    texts, decision = _choose(html, url, rules, stage2=parsed.stage2_affordable)
    signals = read_signals(parsed.root) if parsed.root is not None else Signals()
    metadata = page_metadata(signals, texts["tp"].split("\n", 1)[0] or None, url)
    chosen = decision.choice
    paragraphs = clean_body(texts[chosen], metadata.title) if chosen else []
    if parsed.root is not None:
        paragraphs = drop_page_boilerplate(paragraphs, parsed.root)
    return HtmlReading(
        "\n\n".join(paragraphs), metadata, chosen, decision.reason, stage2="rd" in texts
    )


def _choose(
    html: str, url: str | None, rules: Rules, *, stage2: bool
) -> tuple[dict[str, str], Decision]:
    """Every candidate's text that ran, and which one is the article ("" for none)."""
    texts = {"tp": candidates.trafilatura_text(html, url, precise=True)}
    if candidates.HAS_RESILIPARSE:
        texts["rs"] = candidates.resiliparse_text(html)
    stats = {key: stats_of(text) for key, text in texts.items()}
    gate = needs_second_opinion(View.of(stats["tp"], stats.get("rs")), rules)
    decision = Decision("tp", "stage 1: tp and rs agree" if "rs" in texts else "stage 1: tp")
    if gate is not None and not stage2:
        decision = Decision("tp", f"{gate} -> over the stage-2 budget, rd skipped")
    elif gate is not None:
        texts["rd"] = candidates.readability_text(html, url)
        stats["rd"] = stats_of(texts["rd"])
        picked = decide(View.of(stats["tp"], stats.get("rs"), stats["rd"]), rules)
        decision = Decision(picked.choice, f"{gate} -> {picked.reason}")
    if stats[decision.choice].words:
        return texts, decision
    # Never empty when a candidate found text; trafilatura's balanced mode is the last resort.
    found = next((key for key in ("tp", "rd", "rs") if key in stats and stats[key].words), "")
    if not found:
        texts["td"] = candidates.trafilatura_text(html, url, precise=False)
        found = "td" if stats_of(texts["td"]).words else ""
    return texts, Decision(found, f"{decision.reason}; empty, fell back to {found or 'nothing'}")


__all__ = ["HtmlReading", "read_html"]
