"""The storage side of a resumable batch run: inputs, result keys and atomically committed parts.

A run writes its results as *part files* in ``OUT.parts/`` next to the output. Each part is
written under a temporary name and renamed into place once complete, so a run killed at any
moment leaves only whole parts behind (a rename is atomic on POSIX file systems). Every result
row carries ``key`` = sha256(content, method, options); with the item's ``id`` it names the row.
A rerun reads the keys of the committed parts (and of an existing ``OUT``), skips those items and
does only the rest. When every item is done the parts are merged into ``OUT`` (again through a
temporary name) and the folder is removed. ``OUT`` is JSONL, or Parquet when it ends in
``.parquet`` / ``.pq``; inputs likewise, by suffix.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsbrief.batch.local import body_of, parse_line, read_items
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.reading.extraction import Kind
from newsbrief.summarizers.base import SummaryOptions

if TYPE_CHECKING:
    import pyarrow as pa

Row = dict[str, Any]
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
_TEMP_PREFIX = ".tmp-"


@functools.cache
def schema() -> pa.Schema:
    """The Parquet output's columns (pyarrow is imported only by runs that need it)."""
    import pyarrow as pa

    sentence = pa.struct(
        [("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("index", pa.int64())]
    )
    return pa.schema(
        [
            ("id", pa.string()),
            ("key", pa.string()),
            ("source", pa.string()),
            ("line", pa.int64()),
            ("method", pa.string()),
            ("summary", pa.string()),
            ("words", pa.int64()),
            ("sentences", pa.list_(sentence)),
            ("notes", pa.list_(pa.string())),
            ("error", pa.string()),
        ]
    )


@dataclass(frozen=True, slots=True)
class Task:
    """One input item, parsed by the driver: where it came from, its key and its record (or the
    reason it could not be read, which the worker turns into an error row)."""

    source: str
    line: int
    id: str | int | None
    key: str
    record: dict[str, Any] | None
    error: str | None = None

    @property
    def identity(self) -> str:
        return identity(self.key, self.id)


def identity(key: str, item_id: object) -> str:
    """What names a finished item: its key and its id (two ids with the same text are two rows).
    Parquet stores ids as strings, so the id is compared as a string."""
    return f"{key}:{'' if item_id is None else item_id}"


def result_key(content: bytes, options: SummaryOptions) -> str:
    """sha256 of the content, then of (content hash, the options' key): the result's identity."""
    digest = hashlib.sha256(content).hexdigest()
    return hashlib.sha256(f"{digest}\n{options.key}".encode()).hexdigest()


def is_parquet(path: str | Path) -> bool:
    return Path(path).suffix.lower() in PARQUET_SUFFIXES


def expand_inputs(patterns: Sequence[str]) -> list[Path]:
    """Each argument as a file, or as a glob when it names none (``data/*.jsonl``)."""
    paths: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_file():
            paths.append(path)
            continue
        if path.is_dir():
            raise InputError(f"{pattern} is a directory, not a file", code=ErrorCode.NOT_A_FILE)
        # glob.glob, not Path.glob: the pattern may be absolute or climb with "..".
        matches = sorted(glob.glob(pattern, recursive=True))  # noqa: PTH207
        files = [Path(m) for m in matches if Path(m).is_file()]
        if not files:
            raise InputError(f"no such file: {pattern}", code=ErrorCode.NOT_FOUND)
        paths.extend(files)
    return paths


def _task(source: str, line: int, record: object, options: SummaryOptions) -> Task:
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object", code=ErrorCode.INVALID_RECORD)
    if "id" not in record:
        raise InputError("missing field: 'id'", code=ErrorCode.MISSING_FIELD)
    item_id = record["id"]
    if not isinstance(item_id, str | int) or isinstance(item_id, bool):
        raise InputError("'id' must be a string or a number", code=ErrorCode.INVALID_FIELD)
    body, kind = body_of(record)
    key = result_key(f"{kind}\0{body}".encode(), options)
    return Task(source, line, item_id, key, record)


def _bad(source: str, line: int, raw: bytes, message: str, options: SummaryOptions) -> Task:
    # An unreadable line has no content to hash: its raw bytes and position stand in, so a rerun
    # recognises its error row instead of reporting it again.
    key = result_key(b"unreadable\0" + source.encode() + b"\0" + raw, options)
    return Task(source, line, None, key, None, message)


def read_tasks(paths: Iterable[Path], options: SummaryOptions) -> Iterator[Task]:
    """Every item of every input, in order; a bad one becomes a task carrying its error."""
    for path in paths:
        source = str(path)
        if is_parquet(path):
            yield from _parquet_tasks(path, options)
            continue
        with path.open("rb") as stream:
            for item in read_items(stream):
                if item.data is None:
                    raw = f"line {item.line}".encode()
                    yield _bad(source, item.line, raw, "line is too long", options)
                    continue
                try:
                    yield _task(source, item.line, parse_line(item.data), options)
                except NewsbriefError as error:
                    yield _bad(source, item.line, item.data, error.message, options)


def _parquet_tasks(path: Path, options: SummaryOptions) -> Iterator[Task]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise InputError(
            f"{path}: not a readable Parquet file ({error})", code=ErrorCode.INVALID_INPUT
        ) from None
    wanted = [c for c in ("id", "article", "text", "html") if c in handle.schema_arrow.names]
    line = 0
    for batch in handle.iter_batches(batch_size=1024, columns=wanted):
        for record in batch.to_pylist():
            line += 1
            record = {k: v for k, v in record.items() if v is not None}
            try:
                yield _task(str(path), line, record, options)
            except NewsbriefError as error:
                raw = json.dumps(record, sort_keys=True, default=str).encode()
                yield _bad(str(path), line, raw, error.message, options)


# ---------------------------------------------------------------- parts


class Parts:
    """The committed results of one output: ``OUT.parts/part-*.{jsonl,parquet}``."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.parquet = is_parquet(output)
        self.suffix = ".parquet" if self.parquet else ".jsonl"
        self.folder = output.with_name(output.name + ".parts")
        self._sequence = 0

    def prepare(self, *, restart: bool = False) -> None:
        """Create the folder; drop temporary files a killed run left (never counted as done)."""
        if restart:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.output.unlink(missing_ok=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        for stale in self.folder.glob(_TEMP_PREFIX + "*"):
            stale.unlink(missing_ok=True)
        for stale in self.output.parent.glob(_TEMP_PREFIX + self.output.name + "*"):
            stale.unlink(missing_ok=True)

    def committed(self) -> list[Path]:
        return sorted(self.folder.glob("part-*" + self.suffix)) if self.folder.is_dir() else []

    def done(self) -> set[str]:
        """Identities of every finished item: those in committed parts and in ``OUT``."""
        finished: set[str] = set()
        sources = self.committed()
        if self.output.is_file():
            sources.insert(0, self.output)
        for path in sources:
            try:
                finished.update(identity(row["key"], row.get("id")) for row in self._rows(path))
            except (KeyError, ValueError, OSError) as error:
                # Not our output (a plain `batch` result, another file): refuse rather than
                # overwrite it or trust it.
                raise InputError(
                    f"{path} was not written by a resumable batch run ({type(error).__name__}); "
                    "use --restart to replace it, or another output name",
                    code=ErrorCode.NOT_RESUMABLE,
                ) from None
        return finished

    def commit(self, rows: Sequence[Row]) -> Path:
        """Write ``rows`` as one new part: a temporary file, then an atomic rename."""
        self._sequence += 1
        name = f"part-{time.time_ns():020d}-{os.getpid()}-{self._sequence:06d}{self.suffix}"
        final = self.folder / name
        temporary = self.folder / (_TEMP_PREFIX + name)
        self._write(temporary, rows)
        temporary.replace(final)
        return final

    def merge(self) -> tuple[int, int]:
        """Stream ``OUT`` (if any) and every part into a new ``OUT``, each item once; then drop
        the parts. A kill here leaves ``OUT`` and the parts as they were. Returns the rows and
        the error rows written."""
        temporary = self.output.with_name(_TEMP_PREFIX + self.output.name + f".{os.getpid()}")
        sources = self.committed()
        if self.output.is_file():
            sources.insert(0, self.output)
        written: set[str] = set()
        errors = 0

        def unique() -> Iterator[tuple[Row, bytes | None]]:
            nonlocal errors
            for path in sources:
                for row, line in self._lines(path):
                    name = identity(row["key"], row.get("id"))
                    if name not in written:
                        written.add(name)
                        errors += "error" in row
                        yield row, line

        if self.parquet:
            self._write(temporary, (row for row, _ in unique()))
        else:
            # The rows are already JSON lines: copy them rather than encode them again (the
            # merge runs after every worker has finished, so it adds to the run's wall time).
            with temporary.open("wb") as out:
                out.writelines(line for _, line in unique() if line is not None)
        temporary.replace(self.output)
        shutil.rmtree(self.folder, ignore_errors=True)
        return len(written), errors

    # ---------------------------------------------------------- formats

    def _write(self, path: Path, rows: Iterable[Row]) -> None:
        if self.parquet:
            import pyarrow as pa
            import pyarrow.parquet as pq

            with pq.ParquetWriter(path, schema()) as writer:
                block: list[Row] = []
                for row in rows:
                    block.append(_parquet_row(row))
                    if len(block) >= 4096:
                        writer.write_table(pa.Table.from_pylist(block, schema=schema()))
                        block = []
                writer.write_table(pa.Table.from_pylist(block, schema=schema()))
            return
        with path.open("wb") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")

    def _lines(self, path: Path) -> Iterator[tuple[Row, bytes | None]]:
        """Each row of ``path`` with its JSON line as written (None for Parquet)."""
        if self.parquet:
            yield from ((row, None) for row in self._rows(path))
            return
        with path.open("rb") as stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line), line if line.endswith(b"\n") else line + b"\n"

    def _rows(self, path: Path) -> Iterator[Row]:
        if self.parquet:
            import pyarrow.parquet as pq

            for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
                for row in batch.to_pylist():
                    yield {k: v for k, v in row.items() if v is not None}
            return
        with path.open("rb") as stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line)


def _parquet_row(row: Row) -> Row:
    copy = dict(row)
    if copy.get("id") is not None:
        copy["id"] = str(copy["id"])
    return copy


__all__ = [
    "PARQUET_SUFFIXES",
    "Kind",
    "Parts",
    "Row",
    "Task",
    "expand_inputs",
    "identity",
    "is_parquet",
    "read_tasks",
    "result_key",
    "schema",
]
