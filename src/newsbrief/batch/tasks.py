"""The driver side of a resumable batch run: every input item read as a task with its key.

A task's ``key`` is sha256(content, method, options); with the item's ``id`` it names the item's
row (:func:`newsbrief.batch.parts.identity`), so a rerun recognises what is already done. An item
that cannot be read becomes a task carrying its error, which the worker turns into an error row.
Inputs are JSONL, or Parquet by suffix.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsbrief import records
from newsbrief.batch.files import is_parquet
from newsbrief.batch.parts import identity
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.records import Item, Record
from newsbrief.summarizers.base import SummaryOptions

# The columns a Parquet input is read for: its id and its body.
_PARQUET_COLUMNS = ("id", *(name for name, _kind in records.BODY_FIELDS))


@dataclass(frozen=True, slots=True)
class Task:
    """One input item, parsed by the driver: where it came from, its key and its record (or the
    reason it could not be read)."""

    source: str
    line: int
    id: str | int | None
    key: str
    record: Record | None
    error: str | None = None

    @property
    def identity(self) -> str:
        return identity(self.key, self.id)


def result_key(content: bytes, options: SummaryOptions) -> str:
    """sha256 of the content, then of (content hash, the options' key): the result's identity."""
    digest = hashlib.sha256(content).hexdigest()
    return hashlib.sha256(f"{digest}\n{options.key}".encode()).hexdigest()


def read_tasks(paths: Iterable[Path], options: SummaryOptions) -> Iterator[Task]:
    """Every item of every input, in order; a bad one becomes a task carrying its error."""
    for path in paths:
        if is_parquet(path):
            yield from _parquet_tasks(path, options)
            continue
        with path.open("rb") as stream:
            for item in records.read_items(stream):
                yield _line_task(str(path), item, options)


def _task(source: str, line: int, record: Record, options: SummaryOptions) -> Task:
    # surrogatepass: a JSON "\ud800" reaches here as a lone surrogate, which plain UTF-8 refuses.
    content = f"{record.kind}\0{record.body}".encode("utf-8", "surrogatepass")
    return Task(source, line, record.id, result_key(content, options), record)


def _bad(source: str, line: int, raw: bytes, message: str, options: SummaryOptions) -> Task:
    # An unreadable item has no content to hash: its raw bytes and position stand in, so a rerun
    # recognises its error row instead of reporting it again.
    key = result_key(b"unreadable\0" + source.encode() + b"\0" + raw, options)
    return Task(source, line, records.id_in(raw), key, None, message)


def _line_task(source: str, item: Item, options: SummaryOptions) -> Task:
    try:
        record = records.parse_line(records.item_bytes(item), require_id=True)
    except NewsbriefError as error:
        raw = item.data if item.data is not None else f"line {item.line}".encode()
        return _bad(source, item.line, raw, error.message, options)
    return _task(source, item.line, record, options)


def _parquet_tasks(path: Path, options: SummaryOptions) -> Iterator[Task]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise InputError(
            f"{path}: not a readable Parquet file ({error})", code=ErrorCode.INVALID_INPUT
        ) from None
    wanted = [c for c in _PARQUET_COLUMNS if c in handle.schema_arrow.names]
    line = 0
    for batch in handle.iter_batches(batch_size=1024, columns=wanted):
        for row in batch.to_pylist():
            line += 1
            present = {k: v for k, v in row.items() if v is not None}
            try:
                record = records.parse_mapping(present, require_id=True)
            except NewsbriefError as error:
                raw = json.dumps(present, sort_keys=True, default=str).encode()
                yield _bad(str(path), line, raw, error.message, options)
                continue
            yield _task(str(path), line, record, options)


__all__ = ["Task", "read_tasks", "result_key"]
