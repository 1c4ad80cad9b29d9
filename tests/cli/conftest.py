"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_texts import Writer, writer


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    return writer(tmp_path)
