"""Turning files, folders and JSONL lines into stored articles, for `newsbrief ingest` and the API.

Each article is stored in its own transaction: an interrupted run keeps what it finished, and a
rerun skips those (same URL or same body) and adds the rest. Sources are produced lazily, one JSONL
line at a time, so a file of any size is ingested in the memory of its longest line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsbrief import records
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.models import Article
from newsbrief.reading.decoding import MAX_INPUT_BYTES
from newsbrief.reading.extraction import Kind, extract
from newsbrief.records import Item, Record
from newsbrief.storage import Repository

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True, slots=True)
class Source:
    """One article to ingest: a name for messages and a way to build it (which may fail)."""

    name: str
    load: Callable[[], tuple[Article, str | None]]


@dataclass(slots=True)
class IngestReport:
    added: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary_line(self) -> str:
        return f"added {len(self.added)}, skipped {len(self.skipped)}, failed {len(self.failed)}"


def to_store(record: Record) -> tuple[Article, str | None]:
    """The article a record carries, titled, and its external id: what gets stored."""
    external_id = None if record.id is None else str(record.id)
    return records.with_title(record.article()), external_id


def _file_loader(path: Path) -> Callable[[], tuple[Article, str | None]]:
    def load() -> tuple[Article, str | None]:
        with path.open("rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)  # never more than extraction would take
        if len(data) > MAX_INPUT_BYTES:
            limit = MAX_INPUT_BYTES // (1024 * 1024)
            raise InputError(f"{path.name} is larger than {limit} MB", code=ErrorCode.TOO_LARGE)
        suffix = path.suffix.lower()
        kind: Kind = "auto"
        if suffix in HTML_SUFFIXES:
            kind = "html"
        elif suffix in TEXT_SUFFIXES:
            kind = "text"
        return records.with_title(extract(data, kind=kind)), None

    return load


def _record_loader(item: Item) -> Callable[[], tuple[Article, str | None]]:
    def load() -> tuple[Article, str | None]:
        return to_store(records.parse_line(records.item_bytes(item)))

    return load


def _failing(message: str) -> Callable[[], tuple[Article, str | None]]:
    def load() -> tuple[Article, str | None]:
        raise InputError(message, code=ErrorCode.UNREADABLE)

    return load


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            if child.is_file() and not hidden and child.suffix.lower() in KNOWN_SUFFIXES:
                yield child
    else:
        yield path


def _jsonl_sources(path: Path) -> Iterator[Source]:
    """A source per line, read as the caller asks for the next one; a file that cannot be
    read (or stops being readable midway) is one failed source."""
    try:
        with path.open("rb") as stream:
            for item in records.read_items(stream):
                yield Source(f"{path}:{item.line}", _record_loader(item))
    except OSError as error:
        yield Source(str(path), _failing(f"cannot read: {error.strerror or error}"))


def collect(paths: Iterable[Path]) -> Iterator[Source]:
    """Every article the paths hold, lazily: files, each line of JSONL files, folders
    recursively."""
    for given in paths:
        if not given.exists():
            yield Source(str(given), _failing("no such file or folder"))
            continue
        for path in _files(given):
            if path.suffix.lower() in JSONL_SUFFIXES:
                yield from _jsonl_sources(path)
            else:
                yield Source(str(path), _file_loader(path))


def count(paths: Iterable[Path]) -> int:
    """How many sources :func:`collect` yields for ``paths`` (a pass that reads every JSONL
    line once and keeps none), for a progress bar's total."""
    return sum(1 for _ in collect(paths))


def ingest(
    repository: Repository,
    sources: Iterable[Source],
    *,
    on_item: Callable[[Source], None] | None = None,
) -> IngestReport:
    """Store each source's article; a bad one is named in the report and the rest go on."""
    report = IngestReport()
    for source in sources:
        try:
            article, external_id = source.load()
            result = repository.add(article, external_id=external_id)
        except NewsbriefError as error:
            report.failed.append((source.name, error.message))
        except OSError as error:
            report.failed.append((source.name, error.strerror or str(error)))
        else:
            (report.added if result.created else report.skipped).append(result.id)
        if on_item is not None:
            on_item(source)
    return report


__all__ = ["IngestReport", "Source", "collect", "count", "ingest", "to_store"]
