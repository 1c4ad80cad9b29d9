"""Imports point inward: the pure core never imports an edge (storage, web, CLI, batch, I/O)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsbrief"
CORE = [
    "models.py",
    "errors.py",
    "decoding.py",
    "extraction.py",
    "textpage.py",
    "segmentation.py",
    "evaluation.py",
    "api.py",
    *(f"summarizers/{p.name}" for p in sorted((PACKAGE / "summarizers").glob("*.py"))),
]
EDGES = (
    "storage",
    "web",
    "cli",
    "batch",
    "ingest",
    "settings",
    "feeds",
    "fetch",
    "render",
    "runtime",
)
# Core modules that talk to the network are edges by nature, whatever folder they live in.
NETWORK = ("httpx", "requests", "socket", "sqlalchemy", "fastapi", "uvicorn")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", [m for m in CORE if not m.endswith("/llm.py")])
def test_core_module_imports_no_edge(module: str) -> None:
    imports = imported_modules(PACKAGE / module)
    edges = {
        name
        for name in imports
        if any(
            name == f"newsbrief.{edge}" or name.startswith(f"newsbrief.{edge}.") for edge in EDGES
        )
        or name.split(".")[0] in {n.split(".")[0] for n in NETWORK}
    }
    assert edges == set(), f"{module} imports edge modules {sorted(edges)}"
