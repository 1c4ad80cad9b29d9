"""Optional parts of newsbrief (pip extras) and the one-line error when a command lacks one.

The extras and what they bring are read from the installed package's own metadata, so
pyproject.toml stays the only list of them.
"""

from __future__ import annotations

import functools
import re
from importlib import metadata

from newsbrief.errors import ErrorCode, InputError

_PACKAGE = "newsbrief"
# "fastapi>=0.110; extra == \"site\"" -> ("fastapi", "site"); also "newsbrief[site]; extra == ..."
_REQUIREMENT = re.compile(
    r"""^\s*([A-Za-z0-9._-]+)(?:\[([^\]]*)\])?[^;]*;\s*extra\s*==\s*["']([^"']+)["']"""
)


@functools.cache
def _requirements() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Each extra's requirements as (distribution, the extras it asks of it)."""
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for line in metadata.requires(_PACKAGE) or ():
        match = _REQUIREMENT.match(line)
        if match:
            name, wanted, extra = match.groups()
            wanted_extras = tuple(e.strip() for e in (wanted or "").split(",") if e.strip())
            found.setdefault(extra, []).append((name, wanted_extras))
    return {extra: tuple(items) for extra, items in found.items()}


def distributions(extra: str) -> set[str]:
    """Every distribution the extra ``extra`` installs, through the extras it includes."""
    requirements = _requirements()
    if extra not in requirements:
        raise KeyError(extra)
    names: set[str] = set()
    for name, nested in requirements[extra]:
        if _normalise(name) == _PACKAGE:
            for inner in nested:
                names |= distributions(inner)
        else:
            names.add(name)
    return names


def missing(extra: str) -> list[str]:
    """The distributions of ``extra`` that are not installed."""
    absent = []
    for name in sorted(distributions(extra)):
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            absent.append(name)
    return absent


def require(extra: str, what: str) -> None:
    """Raise a one-line error naming the extra to install when ``what`` cannot run without it."""
    absent = missing(extra)
    if absent:
        raise InputError(
            f"{what} needs {', '.join(absent)}: pip install 'newsbrief[{extra}]'",
            code=ErrorCode.MISSING_EXTRA,
        )


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


__all__ = ["distributions", "missing", "require"]
