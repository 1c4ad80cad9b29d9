"""Which sentences state the story: the filter every extractive summary picks through.

A page's text holds lines that are not statements of the story, and a summary that picks one
wastes the reader's time or repeats what is already on screen: the headline or a sub-headline
repeated in the body, photo captions (DailyMail's "Tragic: ...", "(pictured)", "Jane Doe, left,"),
bylines and datelines ("By Jane Doe", "PUBLISHED: 12:01 EST", "(CNN) --" alone), "declined to
comment", "Scroll down for video", calls to share or subscribe, an editor's note. A sentence
without a final punctuation mark is never a statement either: that one test catches captions
glued to nothing, headings, table rows, timestamps and the fragments a caption leaves when the
segmenter cuts it off the sentence it was glued to.

Cost is bounded and small: a sentence is judged only when a summary's ranking reaches it
(:class:`Statements`), and its tests read its end or its first characters (patterns anchored at
the start, gated by a prefix check); the patterns that may match anywhere run only on a sentence
holding one of their keywords; the headline test compares word counts, after a length check.
Where a pattern repeats a group, the count is small and fixed ({0,5} at most) and the group's
parts match different characters, so no pattern can backtrack far on hostile text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.models import Article, Sentence

# What may follow the final mark: closing quotes and brackets, and stray spaces.
_CLOSING = "\"'”’»)]} \u00a0\t"
_FINAL = tuple(".!?…。！？")
# A near-copy of the headline shares this much of its words (Dice coefficient on word counts).
_NEAR_COPY = 0.8
# A headline repeated inside a longer sentence counts when it is at least this long.
_MIN_TITLE_WORDS = 4
# A standalone line this short, in title case or all capitals, or a question, is a heading.
_MAX_HEADING_WORDS = 12
_WORD = re.compile(r"\w+")
# Headlines carry the site's name after a separator: "Story - Site", "Story | Site".
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:]\s+")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or over per the to up via vs with".split()
)

# Capitalised words after "By" that open a sentence rather than name its writer.
_NOT_NAMES = "|".join(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Then Now The This That Last Next""".split()
)
# Tests anchored at the start of a sentence (one combined pattern: a failed match costs a look at
# the first characters).
_OPENERS = re.compile(
    r"""(?ix)
    (?P<byline>
        by\s+\.                                          # DailyMail: "By . Jane Doe . PUBLISHED"
      | (?-i:By\s+(?!(?:"""
    + _NOT_NAMES
    + r""")\b)[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von)){0,4}\s*(?:[,|]|$))
      | (?:published|updated|last\ updated|posted)\s*:?\s*\d
      | (?:[A-Z][A-Z.,\ ]{0,40})?\((?:cnn|ap|afp|reuters|upi)\)[-—–.:\s]*$
      | (?-i:(?:[A-Z][\w.'’-]*[\ ,]+){0,5}
            (?:[Rr]eporter|[Cc]orrespondent|[Ee]ditor|[Ss]taff\ [Ww]riter|[Cc]ontributor)s?)
        [.\s]*$                                          # a name and a role, nothing else
    )
  | (?P<caption>
        (?:pictured|photo|photograph|picture|image|credit|caption|video|file\ photo)s?\s*:
      | pictured\b
    )
  | (?P<call>
        scroll\ down | click\ here | tap\ here | sign\ up | subscribe\b | follow\ (?:us|@)
      | like\ us\ on | share\ (?:this|on|with|your) | download\ (?:the|our) | read\ more
      | watch\ (?:the\ )?video | watch\ : | email\ us | send\ us | join\ us | don['’]t\ miss
      | see\ more\ : | for\ more\ information | please\ (?:visit|share|subscribe|follow)
    )
  | (?P<note>
        editor['’]s\ note | the\ (?:views|opinions)\ expressed\ in\ this
    )
    """
)
# DailyMail's photo captions open with a short label and a colon: "Tragic: ...", "Pictured
# together: ...". A label with a verb of saying introduces a quotation instead ("He said: ...").
_LABEL = re.compile(r"[A-Z][\w'’-]*(?:[ \u00a0][\w'’-]+){0,3}:[ \u00a0]")
_SAYING = frozenset(
    """said says say told tells added adds wrote writes write continued continues explained
    explains asked asks replied replies posted posts tweeted tweets read reads stated states
    insisted insists revealed reveals claimed claims admitted admits warned warns commented
    comments recalled recalls declared declares noted notes concluded concludes confessed
    described describes joked jokes argued argues urged urges announced announces went on
    goes""".split()
)

# Every opener above starts with one of these (lowercased): the pattern runs only then.
_OPENER_PREFIXES = (
    "by ",
    "by\u00a0",
    "published",
    "updated",
    "last updated",
    "posted",
    "pictured",
    "photo",
    "picture",
    "image",
    "credit",
    "caption",
    "video",
    "file photo",
    "scroll down",
    "click here",
    "tap here",
    "sign up",
    "subscribe",
    "follow ",
    "like us on",
    "share ",
    "download ",
    "read more",
    "watch",
    "email us",
    "send us",
    "join us",
    "don't miss",
    "don’t miss",
    "see more",
    "for more information",
    "please ",
    "editor",
    "the views expressed",
    "the opinions expressed",
)
# A sentence that is only a dateline ("(CNN) --", "WASHINGTON (AP) -") or a writer's credit
# ("Daily Mail Reporter.") is this short; every sentence this short meets the whole pattern.
_SHORT = 60
# A caption's label (at most four words) ends this early.
_LABEL_REACH = 60


@dataclass(frozen=True, slots=True)
class _Anywhere:
    """A pattern that may match anywhere in a sentence; it runs only on a sentence that holds
    one of its ``keywords`` (a plain substring test, far cheaper than the pattern), in the
    lowercased sentence unless the rule is ``cased``."""

    reason: str
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]
    cased: bool = False


# Where a caption places a person: "(left)", "Jane Doe, right, ...".
_PLACES = "left right cent top bottom above below inset file front back second far"
_PLACES_IN_BRACKETS = (*(f"({place}" for place in _PLACES.split()), "(l)", "(r)", "(c)")
_PLACES_IN_COMMAS = tuple(
    f", {place}," for place in "left right centre center circled pictured above below".split()
)
_ANYWHERE = (
    _Anywhere(
        "caption",
        ("pictured",),
        re.compile(r"\(pictured|pictured\)|\bpictured (?:above|below|left|right|here)\b"),
    ),
    _Anywhere(
        "caption",
        _PLACES_IN_BRACKETS,
        re.compile(
            r"\((?:left|right|centre|center|top|bottom|above|below|inset|front|back"
            r"|file(?: (?:photo|picture|image))?"
            r"|second (?:left|right)|far (?:left|right)|l|r|c)\)"
        ),
    ),
    _Anywhere(
        "caption",
        _PLACES_IN_COMMAS,
        re.compile(r"[A-Z][\w'’-]+, (?:left|right|centre|center|circled|pictured|above|below),"),
        cased=True,
    ),
    _Anywhere(
        "caption",
        ("getty", "photo"),
        re.compile(r"getty images|\bap photo\b|\bphoto(?:graph)?:|photo credit"),
    ),
    _Anywhere("byline", ("PUBLISHED:", "UPDATED:"), re.compile(r"PUBLISHED:|UPDATED:"), cased=True),
    _Anywhere(
        "no comment",
        ("comment", "reached"),
        re.compile(
            r"declined to comment|\bfor (?:further |immediate )?comment\b|\bno comment\b"
            r"|\bcould not be reached\b"
        ),
    ),
    _Anywhere(
        "no comment",
        ("respond",),
        re.compile(
            r"\b(?:did not|didn['’]t|has not|hasn['’]t|have not|haven['’]t) (?:yet )?"
            r"(?:immediately )?respond(?:ed)? to (?:a |an |our |multiple |several |repeated )?"
            r"(?:request|requests|email|emails|message|messages|call|calls|inquiry|inquiries"
            r"|questions)\b"
        ),
    ),
    _Anywhere(
        "call",
        ("scroll down", "click ", "follow us", "sign up"),
        re.compile(
            r"\bscroll down for\b|\bclick (?:here|the link|below)\b|\bfollow us on\b"
            r"|\bsign up (?:for|to) (?:our|the|a) (?:\w+ ){0,3}(?:newsletter|alerts)"
        ),
    ),
)


# Every keyword of every rule above, lowercased, in one pattern: a sentence holding none (most)
# is done with the rules after one search.
_TRIGGER = re.compile("|".join(re.escape(k.lower()) for rule in _ANYWHERE for k in rule.keywords))


class Statements:
    """Which sentences of an article state its story, judged one sentence at a time when asked
    (a summary asks about the few sentences its ranking reaches, not all of them)."""

    def __init__(self, article: Article, sentences: Sequence[Sentence]) -> None:
        self._article = article
        self._sentences = sentences
        self._reasons: dict[int, str | None] = {}
        self._titles: list[_Title] | None = None

    def __call__(self, index: int) -> bool:
        """Whether the sentence at ``index`` states the story."""
        return self.reason(index) is None

    def mask(self) -> list[bool]:
        """For each sentence, whether it states the story."""
        return [self(index) for index in range(len(self._sentences))]

    def reason(self, index: int) -> str | None:
        """Why the sentence at ``index`` is not a statement of the story, or None."""
        if index not in self._reasons:
            self._reasons[index] = self._judge(index)
        return self._reasons[index]

    def _judge(self, index: int) -> str | None:
        text = self._sentences[index].text
        reason = _own_reason(text)
        if reason is not None:
            return reason
        lowered = text.lower()
        if _TRIGGER.search(lowered):
            for rule in _ANYWHERE:
                seen = text if rule.cased else lowered
                if any(k in seen for k in rule.keywords) and rule.pattern.search(seen):
                    return rule.reason
        if self._article.title:
            if self._titles is None:
                self._titles = _title_words(self._article.title)
            if _repeats_title(_words(text), self._titles):
                return "headline"
        if _is_heading(self._article.text, self._sentences, index):
            return "heading"
        return None


def statement_mask(article: Article, sentences: Sequence[Sentence]) -> list[bool]:
    """For each sentence, whether it states the story (see the module docstring)."""
    return Statements(article, sentences).mask()


def non_statements(article: Article, sentences: Sequence[Sentence]) -> list[str | None]:
    """For each sentence, why it is not a statement of the story, or None when it is one."""
    statements = Statements(article, sentences)
    return [statements.reason(index) for index in range(len(sentences))]


def _own_reason(text: str) -> str | None:
    """What the sentence's own end and start say: unfinished, or an opener of a non-statement."""
    if not text.rstrip(_CLOSING).endswith(_FINAL):
        return "unfinished"
    head = text[:_LABEL_REACH].lower()
    if head.startswith(_OPENER_PREFIXES) or len(text) <= _SHORT:
        opener = _OPENERS.match(text)
        if opener is not None:
            return opener.lastgroup
    if ":" in head:
        label = _LABEL.match(text)
        if label is not None and not _SAYING.intersection(label.group().lower()[:-2].split()):
            return "caption"
    return None


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True, slots=True)
class _Title:
    """A headline's words, counted once for every sentence's comparison."""

    counts: Counter[str]
    size: int

    @classmethod
    def of(cls, words: list[str]) -> _Title:
        return cls(Counter(words), len(words))


def _title_words(title: str) -> list[_Title]:
    """The headline's words, and those of each of its parts when a separator joins the story's
    headline to the site's name or a section label."""
    whole = _words(title)
    parts = [_words(part) for part in _TITLE_SEPARATOR.split(title)]
    titles = [whole, *(part for part in parts if len(part) >= 3 and part != whole)]
    return [_Title.of(words) for words in titles if words]


def _repeats_title(words: list[str], titles: list[_Title]) -> bool:
    """Whether a sentence's words are a near-copy of the headline (or of a part of it), or hold
    all of a headline of a few words or more."""
    if not words:
        return False
    counts: Counter[str] | None = None
    for title in titles:
        total = len(words) + title.size
        near = 2 * min(len(words), title.size) >= _NEAR_COPY * total
        holds = title.size >= _MIN_TITLE_WORDS and len(words) >= title.size
        if not (near or holds):
            continue  # the lengths alone rule both out
        counts = counts if counts is not None else Counter(words)
        shared = sum(min(n, counts[word]) for word, n in title.counts.items())
        if (near and 2 * shared >= _NEAR_COPY * total) or (holds and shared == title.size):
            return True
    return False


def _is_heading(text: str, sentences: Sequence[Sentence], index: int) -> bool:
    """A short line on its own (nothing else on its line) that reads as a heading: title case,
    all capitals, or a question."""
    if len(sentences) == 1:
        return False  # a line is a heading over other lines, not on its own
    sentence = sentences[index]
    before = sentences[index - 1].end if index else 0
    after = sentences[index + 1].start if index + 1 < len(sentences) else len(text)
    if (index and "\n" not in text[before : sentence.start]) or (
        index + 1 < len(sentences) and "\n" not in text[sentence.end : after]
    ):
        return False
    words = _WORD.findall(sentence.text)
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    if sentence.text.rstrip(_CLOSING).endswith("?"):
        return True
    lettered = [w for w in words if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    return len(lettered) >= 2 and all(w[0].isupper() for w in lettered)


__all__ = ["Statements", "non_statements", "statement_mask"]
