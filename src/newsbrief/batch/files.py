"""The files a batch run reads and writes: globs expanded, formats told by suffix, and an output
that must be a file and must not be one of the inputs."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsbrief.errors import ErrorCode, InputError

PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})


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


def check_output(output: str | Path, inputs: Iterable[Path]) -> Path:
    """``output`` as a path to write, refused when it is a folder or one of ``inputs``."""
    target = Path(output)
    if target.is_dir():
        raise InputError(f"{output} is a directory, not a file", code=ErrorCode.NOT_A_FILE)
    if target.exists() and any(target.samefile(path) for path in inputs):
        raise InputError("the output file would overwrite the input", code=ErrorCode.SAME_FILE)
    return target


__all__ = ["PARQUET_SUFFIXES", "check_output", "expand_inputs", "is_parquet"]
