"""Turning files, folders and JSONL lines into stored articles, for `newsbrief ingest` and the API.

Each article is stored in its own transaction: an interrupted run keeps what it finished, and a
rerun skips those (same URL or same body) and adds the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.models import Article
from newsbrief.reading.extraction import Kind, extract
from newsbrief.reading.segmentation import split_sentences
from newsbrief.storage import Repository

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES
_TITLE_WORDS = 14


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


def _optional_str(record: Mapping[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{key!r} must be a string", code=ErrorCode.INVALID_FIELD)
    return value


def _published(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"'published' must be an ISO 8601 date, got {value!r}", code=ErrorCode.INVALID_FIELD
        ) from None
    return value.strip()


def fallback_title(text: str) -> str | None:
    """A headline for an article that came without one: its first sentence, shortened."""
    sentences = split_sentences(text[:2000])
    if not sentences:
        return None
    words = sentences[0].text.split()
    return " ".join(words[:_TITLE_WORDS]) + ("…" if len(words) > _TITLE_WORDS else "")


def _finish(article: Article) -> Article:
    if article.title and article.title.strip():
        return article
    return replace(article, title=fallback_title(article.text))


def article_from_record(record: Mapping[str, object]) -> tuple[Article, str | None]:
    """An article from a JSONL line or API body: ``text`` (or ``article``) or ``html``, plus
    optional ``id``, ``title``, ``url``, ``author``, ``published``; extraction fills the rest."""
    if not isinstance(record, Mapping):
        raise InputError("each line must be a JSON object", code=ErrorCode.INVALID_RECORD)
    raw_id = record.get("id")
    if raw_id is not None and not isinstance(raw_id, str | int):
        raise InputError("'id' must be a string or a number", code=ErrorCode.INVALID_FIELD)
    external_id = None if raw_id is None else str(raw_id)
    body = _optional_str(record, "text") or _optional_str(record, "article")
    html = _optional_str(record, "html")
    url = _optional_str(record, "url")
    if body is not None:
        extracted = extract(body, url=url, kind="text")
    elif html is not None:
        extracted = extract(html, url=url, kind="html")
    else:
        raise InputError(
            "give the article as 'text', 'article' or 'html'", code=ErrorCode.EMPTY_INPUT
        )
    article = replace(
        extracted,
        title=_optional_str(record, "title") or extracted.title,
        byline=_optional_str(record, "author") or extracted.byline,
        published=_published(_optional_str(record, "published")) or extracted.published,
        url=url or extracted.url,
    )
    return _finish(article), external_id


def _file_loader(path: Path) -> Callable[[], tuple[Article, str | None]]:
    def load() -> tuple[Article, str | None]:
        data = path.read_bytes()
        suffix = path.suffix.lower()
        kind: Kind = "auto"
        if suffix in HTML_SUFFIXES:
            kind = "html"
        elif suffix in TEXT_SUFFIXES:
            kind = "text"
        return _finish(extract(data, kind=kind)), None

    return load


def _record_loader(line: str) -> Callable[[], tuple[Article, str | None]]:
    def load() -> tuple[Article, str | None]:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"not JSON: {error.msg}", code=ErrorCode.INVALID_JSON) from None
        return article_from_record(record)

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


def collect(paths: Iterable[Path]) -> list[Source]:
    """Every article the paths hold: files, each line of JSONL files, folders recursively."""
    sources: list[Source] = []
    for given in paths:
        if not given.exists():
            sources.append(Source(str(given), _failing("no such file or folder")))
            continue
        for path in _files(given):
            if path.suffix.lower() not in JSONL_SUFFIXES:
                sources.append(Source(str(path), _file_loader(path)))
                continue
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                sources.append(Source(str(path), _failing(f"cannot read: {error}")))
                continue
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    sources.append(Source(f"{path}:{number}", _record_loader(line)))
    return sources


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


__all__ = [
    "IngestReport",
    "Source",
    "article_from_record",
    "collect",
    "fallback_title",
    "ingest",
]
