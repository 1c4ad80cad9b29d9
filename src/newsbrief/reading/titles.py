"""The headline of a page: its first metadata title, without the site name around it.

:func:`choose_title` takes, in order, the JSON-LD ``headline`` / ``name`` (when the page's other
titles support it), ``og:title``, ``twitter:title``, Dublin Core, Parse.ly / Sailthru, then
``<title>``; with none of them the first ``<h1>``, then the body's first line. :func:`strip_site`
then cuts the site name, by three kinds of evidence in turn: known site names, the visible
headline, and a blind cut of a short tail. The rule and its accuracy against Readability.js's
titles are in docs/benchmarks.md ("Extraction").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", ": ", " » ", " · ", " / ")
# Separators cut without other evidence; ": " and " / " join the parts of real headlines
# ("Brexit: the vote"), so they are cut only when a site name or the visible headline says so.
_BLIND_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ")
_BLIND_MAX_SITE_WORDS = 4
_BLIND_MIN_HEADLINE_WORDS = 4
# A JSON-LD title sharing less than this share of its words with the other titles is a
# description (Wikipedia's "Wikimedia list article"), not the headline.
_JSONLD_SUPPORT = 0.5
_MAX_BODY_TITLE = 200
_SENTENCE_END = (".", "!", "?", ":", ";", ",", "…", "。", "！", "？")
_PUNCTUATION = re.compile(r"[\W_]+")
_HOST = re.compile(r"[a-z][a-z0-9+.-]*://([^/?#\s]+)", re.IGNORECASE)
_HOST_PREFIXES = frozenset(("www", "m", "amp", "edition"))


@dataclass(frozen=True, slots=True)
class TitleChoice:
    title: str | None
    source: str  # where the title came from, "+site" / "+visible" / "+blind" when cut


def choose_title(
    *,
    jsonld_titles: Sequence[str | None],
    metas: Mapping[str, str],
    title_tag: str | None,
    h1: Sequence[str],
    body_first_line: str | None,
    names: Sequence[str],
) -> TitleChoice:
    """The headline: the first metadata title, its site-name decoration removed."""
    ordered = (
        ("jsonld", _jsonld_title(jsonld_titles, (title_tag, metas.get("og:title"), *h1[:1]))),
        ("og:title", metas.get("og:title")),
        ("twitter:title", metas.get("twitter:title")),
        ("dc.title", metas.get("dc.title") or metas.get("dcterms.title")),
        ("parsely-title", metas.get("parsely-title") or metas.get("sailthru.title")),
        ("title", title_tag),
    )
    found = next(((source, value) for source, value in ordered if value), None)
    if found is None:
        if h1:
            return TitleChoice(h1[0], "h1")
        line = " ".join(body_first_line.split()) if body_first_line else ""
        return TitleChoice(line if _headline_like(line) else None, "body")
    source, raw = found
    visible = [*h1[:3], *([body_first_line] if body_first_line else [])]
    title, evidence = strip_site(raw, names, visible)
    return TitleChoice(title, f"{source}+{evidence}" if evidence else source)


def strip_site(
    title: str, site_names: Sequence[str], visible: Sequence[str] = ()
) -> tuple[str, str]:
    """``title`` without its site-name decoration, and the evidence that decided ("" if none).

    1. ``site``: a leading or trailing part equal (ignoring case and punctuation) to a known
       site name is removed, repeatedly ("Story | Section | Site").
    2. ``visible``: a part equal to the visible headline (an ``<h1>`` or the body's first line)
       is kept and the rest dropped.
    3. ``blind``: at the last `` | `` `` - `` `` – `` `` — `` `` :: `` `` » ``, a tail of at most
       four words after a head of at least four is taken for a site name.
    """
    keys = {_key(name) for name in site_names if _key(name)}
    evidence = ""
    changed = True
    while changed:
        changed = False
        for left, right in _cuts(title):
            if left and right and (_key(right) in keys or _key(left) in keys):
                title = left if _key(right) in keys else right
                evidence, changed = "site", True
                break
    visible_keys = {_key(line) for line in visible if len(_key(line).split()) >= 2}
    for left, right in _cuts(title):
        for part in (left, right):
            if part and _key(part) in visible_keys:
                return part, "visible"
    for separator in _BLIND_SEPARATORS:
        if separator in title:
            head, _, tail = title.rpartition(separator)
            if (
                len(head.split()) >= _BLIND_MIN_HEADLINE_WORDS
                and len(tail.split()) <= _BLIND_MAX_SITE_WORDS
            ):
                return head.strip(), "blind"
            break
    return title, evidence


def site_names(metas: Mapping[str, str], publisher: str | None, url: str | None) -> list[str]:
    """Every name the page gives its site, and the label of its URL's host."""
    names = (
        metas.get("og:site_name"),
        publisher,
        metas.get("application-name"),
        metas.get("apple-mobile-web-app-title"),
        metas.get("al:ios:app_name"),
        (metas.get("twitter:site") or "").lstrip("@") or None,
        host_label(url or metas.get("og:url")),
    )
    return [name for name in names if name]


def host_label(url: str | None) -> str | None:
    """'nytimes' for https://www.nytimes.com/..., the label people read as the site's name."""
    match = _HOST.match(url.strip()) if url else None
    if match is None or "@" in match.group(1):
        return None
    host = match.group(1).lower().rsplit(":", 1)[0]
    labels = [p for p in host.split(".") if p and p not in _HOST_PREFIXES]
    if len(labels) >= 2:
        return labels[-2]
    return labels[0] if labels else None


def _headline_like(line: str) -> bool:
    """A first line that reads as a headline: short, and not a sentence (the body keeps those)."""
    return 0 < len(line) < _MAX_BODY_TITLE and not line.endswith(_SENTENCE_END)


def _key(text: str) -> str:
    return _PUNCTUATION.sub(" ", text.casefold()).strip()


def _cuts(title: str) -> list[tuple[str, str]]:
    """Every way to cut ``title`` once at a separator: (left, right) pairs, left to right."""
    cuts: list[tuple[int, str]] = []
    for separator in _SEPARATORS:
        start = 0
        while (index := title.find(separator, start)) >= 0:
            cuts.append((index, separator))
            start = index + 1
    return [(title[:i].strip(), title[i + len(s) :].strip()) for i, s in sorted(cuts)]


def _overlap(a: str, b: str) -> float:
    """Share of a's words found in b (ignoring case and punctuation)."""
    words = _key(a).split()
    other = set(_key(b).split())
    return sum(1 for w in words if w in other) / len(words) if words else 0.0


def _jsonld_title(options: Sequence[str | None], references: Sequence[str | None]) -> str | None:
    """JSON-LD ``headline`` or ``name``: the one the page's other titles support most."""
    given = [t for t in options if t]
    supports = [r for r in references if r]
    if not given or not supports:
        return given[0] if given else None
    scored = [(max(_overlap(t, r) for r in supports), -i, t) for i, t in enumerate(given)]
    score, _, best = max(scored)
    return best if score >= _JSONLD_SUPPORT else None


__all__ = ["TitleChoice", "choose_title", "host_label", "site_names", "strip_site"]
