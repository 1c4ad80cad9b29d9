"""Site chrome: the lines of a page that are the site's buttons, labels and notices, not the story.

A news page keeps its chrome ("Share", "Advertisement", "No time to read? Get a summary") whether
it comes as HTML (a few such lines get past trafilatura) or as text copied from a browser. A line
counts as chrome only when the whole line is, so a story sentence that merely mentions "subscribe"
is never touched; a line ending in a full stop is never chrome.
"""

from __future__ import annotations

import re

_MAX_CHROME = 80

_EDGES = re.compile(r"^[\W_]+|[^\w.]+$")
_SPACES = re.compile(r"\s+")

# Whole-line patterns, matched against the lowercased line without surrounding symbols/arrows.
_CHROME_PHRASES = (
    r"no time to read|get (?:a|the|an ai) summary|tl;? ?dr this",
    r"summari[sz]e(?: (?:this|the))?(?: article| story| page)?(?: for me)?",
    r"share(?: (?:this|the))?(?: article| story| post| page| link)?(?: (?:on|via|to) [\w ]{1,20})?",
    r"facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|e-?mail|print|telegram|messenger",
    r"flipboard|bluesky|threads|copy link|copy url|link copied|copied",
    r"tweet(?: this)?|(?:click|tap) to (?:share|tweet|email|print|subscribe|copy)[\w ]{0,30}",
    r"subscribe(?: now| today| here| for free)?|subscribe to [\w' ]{1,40}",
    r"sign up(?: now| today| for free)?",
    r"sign up for [\w' ]{0,40}(?:newsletters?|alerts|updates|emails?)",
    r"(?:sign|log) (?:in|out)(?: to [\w ]{1,30})?|register|create (?:an )?account",
    r"(?:get|join) (?:our )?(?:free )?newsletters?|newsletters?(?: sign ?up)?",
    r"advertisement|advertising|advert|ads?|sponsored(?: content| post| story)?",
    r"paid (?:content|post|partnership)|promoted(?: content)?",
    r"(?:story|article) continues below(?: (?:this )?(?:advertisement|ad))?",
    r"continue reading(?: below| the(?: main)? story| this article)?",
    r"scroll (?:down )?to continue(?: with content| reading)?",
    r"read more(?: (?:about|on|from|at) [\w' ]{1,40})?",
    r"read (?:the )?(?:full|whole|rest of the) (?:article|story)",
    r"read next|up next|watch next|what to read next|(?:load|show|view|see) more(?: stories)?",
    r"related(?: (?:articles?|stories|posts?|content|coverage|news|reading|links|topics))?",
    r"more (?:from|on|in|about) [\w' ]{1,40}|more (?:stories|news|like this)",
    r"recommended(?: for you| stories| articles| reading)?",
    r"you (?:may|might) (?:also )?(?:like|enjoy)",
    r"most (?:read|popular|viewed|shared)|trending(?: now| stories)?|top stories",
    r"editors?'? picks?|see also|also read|read also",
    r"(?:accept|reject|allow|decline)(?: all)?(?: cookies)?",
    r"(?:manage|cookie) (?:cookies|preferences|settings|consent|policy|notice)",
    r"(?:\d+ )?comments?(?: \(\d+\))?|leave a (?:comment|reply)",
    r"join the (?:conversation|discussion)",
    r"(?:view|show|hide|load|read|post|add) (?:\d+ )?(?:a )?comments?",
    r"skip to (?:main )?(?:content|navigation)|back to top|(?:main )?menu|home|search|close",
    r"toggle navigation|listen(?: to (?:this|the) (?:article|story))?(?: \d+ min(?:utes?)?)?",
    r"\d+ min(?:ute)?s? read|follow us(?: on [\w ]{1,30})?|(?:download|get) (?:the|our) app",
    r"all rights reserved|(?:previous|prev|next|older|newer)(?: (?:article|story|post|page))?",
)
_CHROME = re.compile("|".join(f"(?:{phrase})" for phrase in _CHROME_PHRASES))
# "Related: <headline>" style inserts and tag/topic lists: a label, a colon, then anything.
_LABELLED = re.compile(
    r"(?i)^\W*(?:related|read more|see also|also read|read also|recommended|read next|up next"
    r"|more on this(?: story)?|watch|tags?|topics?|filed under|categories|category)"
    r"\s*:\s*\S.{0,150}$"
)
_COPYRIGHT = re.compile(r"(?i)^(?:©|\(c\)|copyright\b).{0,100}$")
_COOKIE = re.compile(r"(?i)\bcookies?\b")
_COOKIE_CONTEXT = re.compile(r"(?i)\b(?:accept|consent|we use|this (?:web)?site uses|privacy)\b")


def is_chrome(line: str) -> bool:
    """True when a whole line is a button, label or notice of the site rather than the story."""
    line = line.strip()
    if not line or (line.endswith(".") and not line.endswith("..")):
        return False
    if _LABELLED.match(line) or _COPYRIGHT.match(line):
        return True
    if _COOKIE.search(line) and _COOKIE_CONTEXT.search(line) and len(line) <= 400:
        return True
    if len(line) > _MAX_CHROME:
        return False
    core = _SPACES.sub(" ", _EDGES.sub("", line.lower())).rstrip(".")
    return bool(core) and _CHROME.fullmatch(core) is not None


__all__ = ["is_chrome"]
