"""Part files: what makes resuming a batch run safe, without a cluster."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsbrief.batch.parts import PartFiles
from newsbrief.errors import InputError


def rows_of(path: Path) -> list[dict[str, object]]:
    if path.suffix == ".parquet":
        rows: list[dict[str, object]] = pq.read_table(path).to_pylist()
        return rows
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_half_written_part_is_never_counted(tmp_path: Path) -> None:
    parts = PartFiles(tmp_path / "out.jsonl")
    parts.prepare()
    parts.commit([{"id": "a", "key": "k1", "summary": "A."}])
    (parts.folder / ".tmp-part-x.jsonl").write_text('{"id": "b", "key": "k2"')
    assert parts.done() == {"k1:a"}
    parts.prepare()  # a rerun sweeps the leftover away
    assert not list(parts.folder.glob(".tmp-*"))


def test_merge_writes_each_item_once_even_after_a_kill_between_rename_and_cleanup(
    tmp_path: Path,
) -> None:
    parts = PartFiles(tmp_path / "out.jsonl")
    parts.prepare()
    parts.commit([{"id": "a", "key": "k1", "summary": "A."}])
    assert parts.merge() == (1, 0)
    # As if killed after OUT was renamed into place but before the parts were removed.
    parts.prepare()
    parts.commit([{"id": "a", "key": "k1", "summary": "A."}, {"id": 2, "key": "k2", "error": "x"}])
    assert parts.merge() == (2, 1)
    assert [row["id"] for row in rows_of(tmp_path / "out.jsonl")] == ["a", 2]


def test_an_output_not_written_by_a_resumable_run_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": 1, "summary": "from a plain batch run"}\n')
    parts = PartFiles(out)
    parts.prepare()
    with pytest.raises(InputError, match="not written by a resumable batch run"):
        parts.done()


def test_a_parquet_merge_keeps_each_item_once(tmp_path: Path) -> None:
    parts = PartFiles(tmp_path / "out.parquet")
    parts.prepare()
    parts.commit([{"id": "a", "key": "k1", "summary": "A."}, {"id": 1, "key": "k2", "error": "x"}])
    parts.commit([{"id": "a", "key": "k1", "summary": "A."}])
    assert parts.done() == {"k1:a", "k2:1"}
    assert parts.merge() == (2, 1)
    rows = rows_of(tmp_path / "out.parquet")
    assert [(row["id"], row["error"]) for row in rows] == [("a", None), ("1", "x")]
    assert not parts.folder.exists()


@pytest.mark.parametrize("name", ["out.jsonl", "out.parquet"])
def test_parts_and_the_output_reach_the_disk_before_they_count(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rename is atomic but not durable: after a power loss the new name may point at a file
    whose data never reached the disk. Each file is synced before its rename makes it count,
    and its folder after, so the rename itself survives."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", str(Path(f"/proc/self/fd/{fd}").readlink())))
        real_fsync(fd)

    def replace(self: Path, target: str | os.PathLike[str]) -> Path:
        events.append(("rename", str(target)))
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    parts = PartFiles(tmp_path / name)
    parts.prepare()
    part = parts.commit([{"id": "a", "key": "k1", "summary": "A.", "words": 1}])
    temporary = str(parts.folder / (".tmp-" + part.name))
    assert events == [
        ("fsync", temporary),
        ("rename", str(part)),
        ("fsync", str(parts.folder)),
    ]
    events.clear()
    parts.merge()
    assert [kind for kind, _ in events] == ["fsync", "rename", "fsync"]
    assert events[1:] == [("rename", str(parts.output)), ("fsync", str(tmp_path))]
    assert Path(events[0][1]).name.startswith(".tmp-" + name)
