"""The public surface: what ``import newsbrief`` exports, loads and reports."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import newsbrief

PUBLIC = {
    "Article",
    "ErrorCode",
    "InputError",
    "LlmSettings",
    "NewsbriefError",
    "NotFound",
    "Sentence",
    "Summary",
    "SummaryOptions",
    "UpstreamError",
    "extract",
    "methods",
    "summarize",
}
# The edges' libraries: a program that only summarizes must not pay for (or need) them.
HEAVY = {
    "httpx",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "dask",
    "distributed",
    "pyarrow",
    "feedparser",
    "rouge_score",
    "xllamacpp",
    "sklearn",
}


def test_all_is_exactly_what_the_package_exports() -> None:
    exported = {name for name in vars(newsbrief) if not name.startswith("_")}
    modules = {name for name in exported if type(getattr(newsbrief, name)).__name__ == "module"}
    assert set(newsbrief.__all__) == PUBLIC
    assert exported - modules == PUBLIC


def test_the_version_comes_from_the_package_metadata() -> None:
    assert newsbrief.__version__ == metadata.version("newsbrief")


def _loaded_after(statement: str) -> set[str]:
    probe = (
        f"{statement}; import sys; "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return set(output.split())


def test_importing_newsbrief_loads_no_web_database_http_or_cluster_library() -> None:
    assert _loaded_after("import newsbrief") & HEAVY == set()


def test_summarizing_loads_none_of_them_either() -> None:
    statement = (
        "import newsbrief; "
        "newsbrief.summarize('One thing happened here. Then another one did. And a third.')"
    )
    assert _loaded_after(statement) & HEAVY == set()


def test_the_faithfulness_guard_runs_on_its_shipped_constants_alone() -> None:
    statement = (
        "from newsbrief.guard import check; "
        "check('Ana Lopez won the race on Sunday. She led from the start.', 'Ana Lopez won.')"
    )
    assert _loaded_after(statement) & HEAVY == set()


def test_the_command_line_loads_them_only_for_the_commands_that_need_them() -> None:
    assert _loaded_after("import newsbrief.cli") & HEAVY == set()


def test_methods_lists_the_catalogue_with_descriptions() -> None:
    found = newsbrief.methods()
    assert set(found) == {"centrality", "lead", "llm", "news"}
    assert all(isinstance(text, str) and text for text in found.values())
