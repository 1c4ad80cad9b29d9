"""What the command-line tests share: texts written for them, and how a clean error looks."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from newsbrief.cli import main

NEWSBRIEF = Path(sys.executable).parent / "newsbrief"

STORY = (
    "The city council approved a new budget for the harbour district on Monday night. "
    "The plan sets aside money for flood walls, a ferry terminal and two new schools. "
    "Council leader Maria Evans said the vote ended three years of delay. "
    "Opposition members argued that the flood walls would cost far more than forecast.\n\n"
    "Residents of the harbour district packed the public gallery during the debate. "
    "Work on the flood walls is due to start in the spring. "
    "A public consultation on the two schools opens next month."
)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour Council Backs Flood Budget | The Example Gazette</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-18T09:00:00Z">
<script>window.tracking = {id: 42};</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour Council Backs Flood Budget</h1>
<p>The city council approved a new budget for the harbour district on Monday night, ending three
years of delay.</p>
<p>The plan sets aside money for flood walls, a ferry terminal and two new schools. Council leader
Maria Evans said the vote was a turning point for the area.</p>
<p>Opposition members argued that the flood walls would cost far more than forecast. Residents
packed the public gallery during the long debate.</p>
<p>Work on the flood walls is due to start in the spring, and a public consultation on the schools
opens next month.</p>
</article>
<script>var pitch = "Subscribe today and save on everything you read";</script>
<footer>Copyright 2024 The Example Gazette. All rights reserved.</footer></body></html>
"""

TEXT_PAGE = (
    "Harbour Council Backs Flood Budget\n\n"
    "No time to read?\nGet a summary\n\n"
    f"{STORY}\n\n"
    "No time to read?\nGet a summary\n"
    "Previous Article\n\nFerry Strike Ends After Two Weeks\n\n"
    "Next Article\n\nSchool Places Rise Across The Region\n"
)

SCRIPTS_ONLY = (
    "<html><head>"
    + "".join(
        f"<script>var v{i} = 'loading the widget number {i} now';</script>" for i in range(200)
    )
    + "</head><body><div id='app'></div><script>start();</script></body></html>"
)


def invoke(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def assert_clean_error(result: Result, *fragments: str, status: int = 2) -> None:
    """One ``error:`` line naming the problem, the expected status, and no traceback."""
    assert result.exit_code == status, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)


Writer = Callable[[str, bytes | str], Path]


def writer(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    def write_file(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return write_file
