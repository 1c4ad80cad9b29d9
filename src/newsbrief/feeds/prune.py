"""An RSS or Atom document cut down to what one poll reads, before feedparser sees it.

feedparser's cost grows with every XML element, and a 10 MB document can hold millions. So the
document is first streamed through defusedxml (which refuses entity declarations and external
references), keeping only the newest entries (``max_entries``), entries of a sensible size and a
bounded amount of feed-level markup; whatever else streams past is dropped as soon as it ends, so
memory stays bounded too. A document that keeps everything is handed on unchanged; otherwise the
kept part is serialised into a smaller document of the same shape. A document that is not
well-formed keeps the entries that were whole before the fault.
"""

from __future__ import annotations

import codecs
import heapq
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from newsbrief.errors import ErrorCode, InputError
from newsbrief.feeds.fields import on_utc_line, read_date

# Room for any real entry, an Atom entry whose content is a whole article in XHTML included.
# Attributes count as elements in every budget.
MAX_ENTRY_ELEMENTS = 2000
# Feed-level markup: title, links, image, categories... (not the entries).
MAX_FEED_ELEMENTS = 1000
# Elements handed to feedparser in all: its work is per element, and costly per element.
MAX_ELEMENTS = 20_000
MAX_DEPTH = 64
# The root's and the channel's attributes kept (version, xml:base, xml:lang...).
MAX_CONTAINER_ATTRIBUTES = 50
# Elements read at all: past this the rest of the document is not looked at. Real feeds stay
# far below it; a document of millions of empty elements does not.
MAX_SCANNED = 500_000
_ENTRY_NAMES = ("item", "entry")
_DATE_NAMES = ("pubDate", "published", "date", "issued", "updated", "modified", "created")
# The encoding an XML declaration names (bounded: the declaration is one short line).
_DECLARED = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s{0,100}<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([\w.:-]{1,40})"
)
# What the XML parser reads itself; other encodings are transcoded to UTF-8 first.
_NATIVE = frozenset(("utf-8", "ascii", "latin-1", "iso8859-1", "utf-16", "utf-16-le", "utf-16-be"))


def as_utf8(content: bytes) -> bytes:
    """``content`` in UTF-8 when it declares an encoding the XML parser cannot read itself
    (Shift_JIS, GB2312, EUC-KR...: multi-byte encodings), else unchanged."""
    declared = _DECLARED.match(content)
    if declared is None:
        return content
    try:
        codec = codecs.lookup(declared.group(1).decode("ascii"))
    except LookupError:
        return content
    if codec.name in _NATIVE:
        return content
    start, end = declared.span(1)
    try:
        text = (content[:start] + b"utf-8" + content[end:]).decode(codec.name, errors="replace")
    except (LookupError, ValueError):
        return content  # no text encoding (base64, zlib...): the parser refuses it
    return text.encode("utf-8")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _rank(entry: ET.Element) -> float | None:
    """When the entry was published, as a timestamp for ranking (``None``: unknown)."""
    given = {_local(child.tag): child.text for child in entry if child.text}
    for name in _DATE_NAMES:
        found = given.get(name)
        if found is None:
            continue
        when: datetime | None
        try:
            when = parsedate_to_datetime(found.strip())
        except (TypeError, ValueError, IndexError, OverflowError):
            when = read_date(found)
        utc = None if when is None else on_utc_line(when)
        if utc is not None:
            return utc.timestamp()
    return None


@dataclass(slots=True)
class _Kept:
    key: tuple[bool, float, int]
    entry: ET.Element
    container: int
    elements: int

    def __lt__(self, other: _Kept) -> bool:
        return self.key < other.key


@dataclass(slots=True)
class Pruned:
    """What feedparser reads, and what was left out of it."""

    content: bytes
    notes: list[str] = field(default_factory=list)
    malformed: str | None = None
    entries: int = 0
    kept: int = 0


class _TooDeep(Exception):
    pass


class _Enough(Exception):
    pass


class _Pruner:
    """A parser target that builds only the children of the root (and of RSS's ``<channel>``)
    worth keeping: each one as its own small tree, given up as soon as it passes its budget."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.depth = 0
        # The root, and RSS's <channel>: (tag, attributes) of each, in order; the depth of the
        # children of those still open.
        self.containers: list[tuple[str, dict[str, str]]] = []
        self.open_containers: list[int] = []
        self.feed_level: list[tuple[int, ET.Element]] = []
        self.feed_elements = 0
        self.kept: list[_Kept] = []
        self.entries = self.oversized = 0
        self.dropped = False
        self.notes: list[str] = []
        # The child of a container being read: its tree so far (None once over budget).
        self.child: ET.TreeBuilder | None = None
        self.child_elements = 0
        self.scanned = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.depth >= MAX_DEPTH:
            raise _TooDeep(f"elements nested more than {MAX_DEPTH} deep")
        # Each attribute costs feedparser about as much as an element, or more.
        weight = 1 + len(attrib)
        self.scanned += weight
        if self.scanned > MAX_SCANNED:
            raise _Enough
        in_container = bool(self.open_containers) and self.open_containers[-1] == self.depth
        first_channel = self.depth == 1 and len(self.containers) == 1 and _local(tag) == "channel"
        self.depth += 1
        if self.depth == 1 or (in_container and first_channel):
            if len(attrib) > MAX_CONTAINER_ATTRIBUTES:
                self.dropped = True
            kept = dict(list(attrib.items())[:MAX_CONTAINER_ATTRIBUTES])
            self.containers.append((tag, kept))
            self.open_containers.append(self.depth)
            return
        self.child_elements = weight + (0 if in_container else self.child_elements)
        if in_container:
            self.child = ET.TreeBuilder()
        if self.child is not None and self.child_elements > MAX_ENTRY_ELEMENTS:
            self.child = None  # too big to keep: the rest of it streams past
        if self.child is not None:
            self.child.start(tag, attrib)

    def data(self, text: str) -> None:
        if self.child is not None:
            self.child.data(text)

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.open_containers and self.open_containers[-1] == self.depth + 1:
            self.open_containers.pop()
        elif self.open_containers and self.open_containers[-1] == self.depth:
            element = self.child.end(tag) if self.child is not None else None
            self._child_ended(tag, element)
            self.child = None
        elif self.child is not None:
            self.child.end(tag)

    def close(self) -> None:
        pass

    def _child_ended(self, tag: str, element: ET.Element | None) -> None:
        container = len(self.open_containers) - 1
        if _local(tag) not in _ENTRY_NAMES:
            if (
                element is not None
                and self.feed_elements + self.child_elements <= MAX_FEED_ELEMENTS
            ):
                self.feed_level.append((container, element))
                self.feed_elements += self.child_elements
            else:
                self.dropped = True
            return
        self.entries += 1
        if element is None:
            self.oversized += 1
            self.dropped = True
            return
        when = _rank(element)
        key = (when is not None, when or 0.0, -self.entries)
        heapq.heappush(self.kept, _Kept(key, element, container, self.child_elements))
        if len(self.kept) > self.max_entries:
            heapq.heappop(self.kept)
            self.dropped = True

    def within_budget(self) -> list[_Kept]:
        """The kept entries (newest first) that fit the element budget."""
        room = MAX_ELEMENTS - self.feed_elements
        chosen: list[_Kept] = []
        for kept in sorted(self.kept, reverse=True):
            if kept.elements > room:
                self.dropped = True
                break
            room -= kept.elements
            chosen.append(kept)
        return chosen


def prune(content: bytes, max_entries: int) -> Pruned:
    """``content`` cut down to the ``max_entries`` newest entries and the element budgets."""
    content = as_utf8(content)
    pruner = _Pruner(max_entries)
    malformed = _stream(content, pruner)
    chosen = pruner.within_budget()
    result = Pruned(content, pruner.notes, malformed, pruner.entries, len(chosen))
    if pruner.entries > len(pruner.kept) and len(pruner.kept) == max_entries:
        result.notes.append(f"read the {max_entries} newest of {pruner.entries} entries")
    if pruner.oversized:
        result.notes.append(
            f"skipped {pruner.oversized} entries of more than {MAX_ENTRY_ELEMENTS} XML elements"
        )
    if len(chosen) < len(pruner.kept):
        result.notes.append(
            f"kept {len(chosen)} entries: the rest would pass {MAX_ELEMENTS} XML elements"
        )
    if (pruner.dropped or malformed) and pruner.containers:
        result.content = _serialise(pruner, chosen)
    return result


_CHUNK = 64 * 1024


def _stream(content: bytes, pruner: _Pruner) -> str | None:
    """Feed the document to ``pruner``; why it is not well-formed (``None``: it is)."""
    parser = SafeET.DefusedXMLParser(target=pruner)
    try:
        for start in range(0, len(content), _CHUNK):
            parser.feed(content[start : start + _CHUNK])
        parser.close()
    except DefusedXmlException:
        raise InputError(
            "refused: the feed declares XML entities or external references "
            "(an entity-expansion attack or a way to read local files)",
            code=ErrorCode.UNSAFE_FEED,
        ) from None
    except (ET.ParseError, _TooDeep, ValueError, LookupError) as error:
        # ValueError, LookupError: an encoding the parser cannot read, or no encoding at all.
        return str(error)
    except _Enough:
        pruner.dropped = True
        pruner.notes.append(f"read the first {MAX_SCANNED} XML elements of the feed only")
    return None


def _serialise(pruner: _Pruner, chosen: list[_Kept]) -> bytes:
    """The kept feed-level markup and entries, in a document shaped like the original."""
    containers: list[ET.Element] = []
    for tag, attributes in pruner.containers:
        element = ET.Element(tag, attributes)
        if containers:
            containers[-1].append(element)
        containers.append(element)
    parts: list[tuple[int, Any]] = list(pruner.feed_level)
    parts += [(kept.container, kept.entry) for kept in sorted(chosen, key=lambda k: -k.key[2])]
    for container, element in parts:
        containers[min(container, len(containers) - 1)].append(element)
    document: bytes = ET.tostring(containers[0], encoding="utf-8", xml_declaration=True)
    return document


__all__ = [
    "MAX_ELEMENTS",
    "MAX_ENTRY_ELEMENTS",
    "MAX_FEED_ELEMENTS",
    "Pruned",
    "as_utf8",
    "prune",
]
