"""The driver side of a resumable batch run: every input item read as a task with its key.

A task's ``key`` is sha256(content, method, options); with the item's ``id`` it names the item's
row (:func:`newsbrief.batch.parts.identity`), so a rerun recognises what is already done. An item
that cannot be read, whatever the reason, becomes a task carrying its error, which the worker
turns into an error row: nothing one item holds can stop the driver. Inputs are JSONL, or Parquet
by suffix.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsbrief import records
from newsbrief.batch.files import is_parquet
from newsbrief.batch.items import error_message
from newsbrief.batch.parts import identity
from newsbrief.errors import ErrorCode, InputError
from newsbrief.records import Item, Record
from newsbrief.summarizers.base import SummaryOptions

if TYPE_CHECKING:
    import pyarrow as pa

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
    raw = item.data if item.data is not None else f"line {item.line}".encode()
    try:
        record = records.parse_line(records.item_bytes(item), require_id=True)
        return _task(source, item.line, record, options)
    except Exception as error:  # one bad line, a bug included, must not end the run
        return _bad(source, item.line, raw, error_message(error), options)


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
    batches = handle.iter_batches(batch_size=1024, columns=wanted)
    while True:
        try:
            batch = next(batches, None)
        except (pa.ArrowException, OSError) as error:
            # The rest of the file cannot be decoded: one error row stands for it (a rerun
            # recognises it), and the run goes on with the next input.
            rest = f"rows after {line} cannot be read: {error}"
            yield _bad(str(path), line + 1, f"rest after {line}".encode(), rest, options)
            return
        if batch is None:
            return
        for row in _batch_rows(batch):
            line += 1
            yield _parquet_task(str(path), line, row, options)


def _batch_rows(batch: pa.RecordBatch) -> Iterator[dict[str, object] | Exception]:
    """The batch's rows as Python values; a row holding a value Python cannot (a timestamp in
    year 10000) is the exception converting it raised, and the other rows still come."""
    try:
        rows = batch.to_pylist()
    except Exception:  # some row has such a value: convert them one by one to find it
        for index in range(batch.num_rows):
            try:
                yield batch.slice(index, 1).to_pylist()[0]
            except Exception as error:
                yield error
        return
    yield from rows


def _parquet_task(
    source: str, line: int, row: dict[str, object] | Exception, options: SummaryOptions
) -> Task:
    if isinstance(row, Exception):
        message = f"this row cannot be read ({type(row).__name__}: {row})"
        return _bad(source, line, f"row {line}".encode(), message, options)
    present = {k: v for k, v in row.items() if v is not None}
    raw = f"row {line}".encode()
    try:
        raw = json.dumps(present, sort_keys=True, default=str).encode()
        return _task(source, line, records.parse_mapping(present, require_id=True), options)
    except Exception as error:  # one bad row, a bug included, must not end the run
        return _bad(source, line, raw, error_message(error), options)


__all__ = ["Task", "read_tasks", "result_key"]
