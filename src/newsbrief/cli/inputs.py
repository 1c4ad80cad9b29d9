"""Reading the commands' inputs: a file or standard input, refused early when it cannot be read,
is too large, or is a binary file given by mistake."""

from __future__ import annotations

import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from newsbrief.batch.files import check_output
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.models import Article
from newsbrief.reading.decoding import MAX_INPUT_BYTES, binary_kind, check_size
from newsbrief.reading.extraction import extract

STDIN = "-"
_MB = 1024 * 1024
_PEEK = 64 * 1024


def check_readable(path: str) -> Path:
    """``path`` as a regular file, or an error saying what it is instead."""
    file = Path(path)
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"no such file: {path}", code=ErrorCode.NOT_FOUND) from None
    except OSError as error:
        raise InputError(
            f"cannot read {path}: {error.strerror}", code=ErrorCode.UNREADABLE
        ) from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a directory, not a file", code=ErrorCode.NOT_A_FILE)
    return file


def read_input(path: str) -> bytes:
    """The bytes of ``path`` (``-``: standard input), refusing oversized input before reading."""
    if path == STDIN:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            limit = MAX_INPUT_BYTES // _MB
            raise InputError(f"input is over the {limit} MB limit", code=ErrorCode.TOO_LARGE)
        return data
    file = check_readable(path)
    try:
        check_size(file.stat().st_size)
        return file.read_bytes()
    except NewsbriefError as error:
        raise InputError(f"{path}: {error.message}", code=error.code) from None
    except OSError as error:
        raise InputError(
            f"cannot read {path}: {error.strerror}", code=ErrorCode.UNREADABLE
        ) from None


def extract_input(path: str, language: str | None) -> Article:
    """The article in ``path``; content errors name the file they came from."""
    data = read_input(path)
    try:
        return extract(data, language=language)
    except NewsbriefError as error:
        if path == STDIN:
            raise
        raise InputError(f"{path}: {error.message}", code=error.code) from None


@contextmanager
def open_binary(path: str) -> Iterator[BinaryIO]:
    """``path`` (``-``: standard input, left open) opened for streaming."""
    if path == STDIN:
        yield sys.stdin.buffer
        return
    file = check_readable(path)
    try:
        stream = file.open("rb")
    except OSError as error:
        raise InputError(
            f"cannot read {path}: {error.strerror}", code=ErrorCode.UNREADABLE
        ) from None
    with stream:
        yield stream


def refuse_binary(stream: BinaryIO, name: str) -> None:
    """Fail a whole JSONL run on a PNG or a ZIP given by mistake, rather than once per "line"."""
    peek = getattr(stream, "peek", None)
    head = peek(_PEEK)[:_PEEK] if callable(peek) else b""
    kind = binary_kind(head) if head else None
    if kind is not None:
        raise InputError(f"{name} looks like {kind}, not JSON lines", code=ErrorCode.BINARY_INPUT)


@contextmanager
def open_output(path: str, sources: list[str]) -> Iterator[BinaryIO]:
    """``path`` opened for writing (``-``: standard output, left open)."""
    if path == STDIN:
        yield sys.stdout.buffer
        return
    target = check_output(path, [Path(s) for s in sources if s != STDIN])
    try:
        out = target.open("wb")
    except OSError as error:
        raise InputError(
            f"cannot write {path}: {error.strerror}", code=ErrorCode.UNWRITABLE
        ) from None
    with out:
        yield out


__all__ = [
    "STDIN",
    "check_readable",
    "extract_input",
    "open_binary",
    "open_output",
    "read_input",
    "refuse_binary",
]
