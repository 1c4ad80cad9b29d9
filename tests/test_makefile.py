"""`make run`: its HOST and PORT, and what it loads in which order (read by make itself)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*arguments: str, env: dict[str, str] | None = None) -> str:
    """The commands `make run` would run, none of them run."""
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=60,
    )
    return done.stdout


def serve_line(output: str) -> str:
    return next(line for line in output.splitlines() if " serve " in line)


def test_run_serves_on_127_0_0_1_8000_unless_told_otherwise() -> None:
    assert serve_line(dry_run()).endswith("serve --host 127.0.0.1 --port 8000")
    assert serve_line(dry_run("PORT=8001")).endswith("serve --host 127.0.0.1 --port 8001")
    told = dry_run("HOST=0.0.0.0", "PORT=8002")
    assert serve_line(told).endswith("serve --host 0.0.0.0 --port 8002")


def test_a_host_in_the_environment_does_not_move_the_server() -> None:
    env = {**os.environ, "HOST": "workstation.example", "PORT": "9"}
    assert serve_line(dry_run(env=env)).endswith("serve --host 127.0.0.1 --port 8000")


def fake_venv(tmp_path: Path) -> Path:
    """A virtual environment whose `newsbrief` writes down how it was called, fails on the
    XSum file, and whose `serve` returns at once."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    script = venv / "bin" / "newsbrief"
    script.write_text(
        f'#!/bin/sh\necho "$*" >> {tmp_path / "calls"}\ncase "$*" in *xsum*) exit 1;; esac\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    (venv / ".installed-stamp").touch()  # newer than pyproject.toml: setup has nothing to do
    return venv


def test_run_loads_each_input_on_its_own_text_datasets_first_sample_page_last(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    pages = data / "extraction-more" / "html"
    pages.mkdir(parents=True)
    portals = [pages / f"cleanportaleval-site_{n}.html" for n in (2, 1)]
    for page in [*portals, pages / "readability-fixture.html"]:
        page.write_text("<p>page</p>", encoding="utf-8")
    venv = fake_venv(tmp_path)
    subprocess.run(
        ["make", "--no-print-directory", "run", f"VENV={venv}", f"DATA={data}", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=60,
    )
    calls = (tmp_path / "calls").read_text(encoding="utf-8").splitlines()
    assert calls == [
        f"ingest {data}/cnndm_dev.jsonl",
        f"ingest {data}/xsum_dev.jsonl",  # fails; the rest still load
        f"ingest {data}/newsroom_dev.jsonl",
        f"ingest {data}/extraction/html",
        # The news portals' pages in one call; the Readability test fixtures left out.
        f"ingest {portals[1]} {portals[0]}",
        f"ingest {data}/sample_article_page.txt",
        "serve --host 127.0.0.1 --port 8123",
    ]
