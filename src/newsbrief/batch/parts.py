"""The output side of a resumable batch run: results committed atomically as part files.

A run writes its results as *part files* in ``OUT.parts/`` next to the output. Each part is
written under a temporary name and renamed into place once complete, so a run killed at any
moment leaves only whole parts behind (a rename is atomic on POSIX file systems; the file is
synced before its rename and the folder after, so a power loss cannot leave a named part whose
data never reached the disk, nor lose a rename that was reported done). Every result
row carries ``key`` (:mod:`newsbrief.batch.tasks`); with the item's ``id`` it names the row.
A rerun reads the names of the committed parts' rows (and of an existing ``OUT``), skips those
items and does only the rest. When every item is done the parts are merged into ``OUT`` (again
through a temporary name) and the folder is removed. ``OUT`` is JSONL, or Parquet when it ends in
``.parquet`` / ``.pq``.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsbrief.batch.files import is_parquet
from newsbrief.errors import ErrorCode, InputError

if TYPE_CHECKING:
    import pyarrow as pa

Row = dict[str, Any]
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


def identity(key: str, item_id: object) -> str:
    """What names a finished item: its key and its id (two ids with the same text are two rows).
    Parquet stores ids as strings, so the id is compared as a string."""
    return f"{key}:{'' if item_id is None else item_id}"


class PartFiles:
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
        _durable_rename(temporary, final)
        return final

    def merge(self) -> tuple[int, int]:
        """Stream ``OUT`` (if any) and every part into a new ``OUT``, each item once; then drop
        the parts. A kill here leaves ``OUT`` and the parts as they were. Returns the rows and
        the error rows written."""
        temporary = self.output.with_name(_TEMP_PREFIX + self.output.name + f".{os.getpid()}")
        sources = self.committed()
        if self.output.is_file():
            sources.insert(0, self.output)
        merged = _Merged()
        rows = merged.unique(self._lines(path) for path in sources)
        if self.parquet:
            self._write(temporary, (row for row, _ in rows))
        else:
            # The rows are already JSON lines: copy them rather than encode them again (the
            # merge runs after every worker has finished, so it adds to the run's wall time).
            with temporary.open("wb") as out:
                out.writelines(line for _, line in rows if line is not None)
        _durable_rename(temporary, self.output)
        shutil.rmtree(self.folder, ignore_errors=True)
        return len(merged.names), merged.errors

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


def _durable_rename(source: Path, target: Path) -> None:
    """Rename ``source`` (fully written) to ``target`` so that both its data and the new name
    survive a power loss: the file reaches the disk first, the folder's entry after."""
    _fsync(source, os.O_RDONLY)
    source.replace(target)
    _fsync(target.parent, os.O_RDONLY | os.O_DIRECTORY)


def _fsync(path: Path, flags: int) -> None:
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass(slots=True)
class _Merged:
    """The rows a merge has written so far, by name, and how many of them are errors."""

    names: set[str] = field(default_factory=set)
    errors: int = 0

    def unique(
        self, files: Iterable[Iterator[tuple[Row, bytes | None]]]
    ) -> Iterator[tuple[Row, bytes | None]]:
        """Each row of ``files`` whose item no earlier row named."""
        for lines in files:
            for row, line in lines:
                name = identity(row["key"], row.get("id"))
                if name not in self.names:
                    self.names.add(name)
                    self.errors += "error" in row
                    yield row, line


def _parquet_row(row: Row) -> Row:
    copy = dict(row)
    if copy.get("id") is not None:
        copy["id"] = str(copy["id"])
    return copy


__all__ = ["PartFiles", "Row", "identity", "schema"]
