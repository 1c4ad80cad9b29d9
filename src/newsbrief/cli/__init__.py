"""The ``newsbrief`` command: a thin shell over the library.

Every command turns a :class:`~newsbrief.errors.NewsbriefError` into one line on stderr and exit
status 2; nothing the user types should ever end in a traceback.
"""

from __future__ import annotations

import sys

from newsbrief.cli import (
    batch,  # noqa: F401  (registers batch)
    evaluate,  # noqa: F401  (registers eval)
    feeds,  # noqa: F401  (registers feeds add / list / poll)
    guard,  # noqa: F401  (registers check)
    llm,  # noqa: F401  (registers llm serve)
    site,  # noqa: F401  (registers ingest, serve)
    sites,  # noqa: F401  (registers sites add / list / remove)
    stories,  # noqa: F401  (registers stories cluster / timeline / catchup / rebuild)
    summarize,  # noqa: F401  (registers extract, summarize)
)
from newsbrief.cli.app import main

__all__ = ["main", "run"]


def run() -> None:
    """Console entry point."""
    sys.exit(main.main(standalone_mode=True))
