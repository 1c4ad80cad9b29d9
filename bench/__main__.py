"""``python -m bench`` (and ``make bench``): the speed benchmark, see :mod:`bench.speed`."""

from __future__ import annotations

import sys

from bench.speed import main

# The guard matters: the batch figures start worker processes, and a platform that spawns them
# (rather than forking) re-imports this module in each one.
if __name__ == "__main__":
    sys.exit(main())
