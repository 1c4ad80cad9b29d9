"""The settings: read from ``NEWSBRIEF_*`` once, at the edge (a CLI command, the app factory, a
library call), validated there with one clear error, and handed down; nothing below reads the
environment again."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from scripted_llm import GOOD, STORY, Step, no_environment, scripted

import newsbrief
from newsbrief import records
from newsbrief.batch import local as batch
from newsbrief.cli import main
from newsbrief.config import LlmSettings, Settings
from newsbrief.errors import InputError
from newsbrief.storage import open_store
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.web.app import app_from_env


def test_llm_settings_from_env() -> None:
    config = LlmSettings.from_env(
        {
            "NEWSBRIEF_LLM_URL": "http://127.0.0.1:9/v1",
            "NEWSBRIEF_LLM_MODEL": "m",
            "NEWSBRIEF_LLM_API_KEY": "secret-key-42",
            "NEWSBRIEF_LLM_TIMEOUT": "2.5",
        }
    )
    assert config is not None
    assert (config.model, config.api_key, config.timeout) == ("m", "secret-key-42", 2.5)
    assert config.chat_url == "http://127.0.0.1:9/v1/chat/completions"
    assert "secret-key-42" not in repr(config)
    # No server named: not configured, which the llm method reports when asked.
    assert (
        LlmSettings.from_env({}) is None
        and LlmSettings.from_env({"NEWSBRIEF_LLM_URL": " "}) is None
    )


def test_the_site_settings_carry_the_llm_settings() -> None:
    env = {"NEWSBRIEF_DATABASE_URL": "sqlite://", "NEWSBRIEF_LLM_URL": "http://h:1/v1"}
    settings = Settings.from_env(env, database_url="sqlite:///x.db")
    assert settings.database_url == "sqlite:///x.db"  # a flag wins over the environment
    assert settings.llm == LlmSettings(url="http://h:1/v1")
    assert Settings.from_env({"NEWSBRIEF_DATABASE_URL": "sqlite://"}).llm is None


def test_the_widget_settings_come_from_the_environment() -> None:
    env = {
        "NEWSBRIEF_DATABASE_URL": "sqlite://",
        "NEWSBRIEF_EMBED_TTL": "60",
        "NEWSBRIEF_EMBED_PER_MINUTE": "5",
        "NEWSBRIEF_EMBED_SITE_PER_MINUTE": "50",
    }
    settings = Settings.from_env(env)
    assert (settings.embed_ttl, settings.embed_per_minute, settings.embed_site_per_minute) == (
        60.0,
        5,
        50,
    )
    assert Settings.from_env({"NEWSBRIEF_DATABASE_URL": "sqlite://"}).embed_ttl == 300.0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NEWSBRIEF_LLM_URL", "127.0.0.1:8080/v1", "must be an http(s) URL"),
        ("NEWSBRIEF_LLM_TIMEOUT", "soon", "must be a number"),
        ("NEWSBRIEF_LLM_TIMEOUT", "0", "must be in [0.1, 600]"),
        ("NEWSBRIEF_LLM_RETRIES", "11", "must be in [0, 10]"),
        ("NEWSBRIEF_PAGE_SIZE", "0", "must be at least 1"),
        ("NEWSBRIEF_MAX_BODY_BYTES", "lots", "must be an integer"),
        ("NEWSBRIEF_EMBED_TTL", "0", "must be in [0.1, 86400]"),
        ("NEWSBRIEF_EMBED_PER_MINUTE", "0", "must be at least 1"),
    ],
)
def test_an_invalid_setting_is_one_clear_error(name: str, value: str, message: str) -> None:
    env = {"NEWSBRIEF_DATABASE_URL": "sqlite://", "NEWSBRIEF_LLM_URL": "http://h:1", name: value}
    with pytest.raises(InputError, match=name) as caught:
        Settings.from_env(env)
    assert message in caught.value.message and caught.value.code == "invalid_setting"


# ---------------------------------------------------------------- the CLI: once per command


def test_cli_summarize_with_llm_method(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    with scripted(Step(status=500)) as (url, _):
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", url)
        monkeypatch.setenv("NEWSBRIEF_LLM_RETRIES", "0")
        result = CliRunner().invoke(main, ["summarize", str(story), "-m", "llm", "-f", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["method"] == "news" and record["llm"]["code"] == "llm_server_error"


@pytest.mark.parametrize(
    "args",
    [
        ["summarize", "-m", "llm", "missing.txt"],
        ["batch", "-m", "llm", "missing.jsonl", "-o", "out.jsonl"],
        ["eval", "-m", "llm", "missing.jsonl"],
    ],
)
def test_an_invalid_llm_setting_stops_a_command_at_its_start(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBRIEF_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("NEWSBRIEF_LLM_TIMEOUT", "soon")
    result = CliRunner().invoke(main, args)
    # The setting, not the missing input: it was checked before anything was read.
    assert result.exit_code == 2
    assert result.output == "error: NEWSBRIEF_LLM_TIMEOUT must be a number, got 'soon'\n"


def test_an_extractive_run_never_reads_the_llm_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    monkeypatch.setenv("NEWSBRIEF_LLM_TIMEOUT", "soon")
    result = CliRunner().invoke(main, ["summarize", str(story), "-m", "news", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["method"] == "news"


def test_serve_refuses_an_invalid_setting_before_serving(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", "sqlite://")
    monkeypatch.setenv("NEWSBRIEF_LLM_URL", "ftp://127.0.0.1/v1")
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert result.output == (
        "error: NEWSBRIEF_LLM_URL must be an http(s) URL, got 'ftp://127.0.0.1/v1'\n"
    )


def test_batch_workers_get_the_settings_by_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [json.dumps({"id": n, "article": STORY}) for n in (1, 2)]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = SummaryOptions(method="llm", sentences=2, language="en")
    with scripted(Step(text=GOOD)) as (url, script):
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", url)
        args = ["batch", str(source), "-o", str(tmp_path / "out.jsonl"), "-m", "llm", "-l", "en"]
        command = CliRunner().invoke(main, [*args, "--workers", "2"])
        # The worker processes see no server in their environment, only the value handed over.
        monkeypatch.delenv("NEWSBRIEF_LLM_URL")
        items = [records.Item(n, line.encode()) for n, line in enumerate(lines, start=1)]
        worker = functools.partial(batch.summarize_chunk, llm=LlmSettings(url=url))
        results = list(batch.run(items, options, workers=2, worker=worker))
    assert command.exit_code == 0, command.output
    rows = [json.loads(row) for row in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [row["method"] for row in rows] == ["llm", "llm"]
    assert [result["method"] for result in results] == ["llm", "llm"]
    assert len(script.requests) == 4


# ---------------------------------------------------------------- the web app: once per worker


def test_the_app_reads_the_environment_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = f"sqlite:///{tmp_path / 'site.db'}"
    open_store(database).close()
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", database)
    monkeypatch.setenv("NEWSBRIEF_LLM_RETRIES", "0")
    body = {"text": STORY, "method": "llm", "sentences": 2}
    with scripted(Step(text=GOOD)) as (first, script), scripted(Step(status=500)) as (second, _):
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", first)
        app = app_from_env()
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", second)
        with TestClient(app) as client:
            answers = [client.post("/api/v1/summarize", json=body).json() for _ in range(2)]
    assert [a["method"] for a in answers] == ["llm", "llm"]
    assert len(script.requests) == 2


def test_the_app_refuses_an_invalid_setting_at_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", "sqlite://")
    monkeypatch.setenv("NEWSBRIEF_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("NEWSBRIEF_LLM_RETRIES", "many")
    with pytest.raises(InputError, match="NEWSBRIEF_LLM_RETRIES must be a number"):
        app_from_env()


# ---------------------------------------------------------------- the library: once per call


def test_the_library_reads_the_llm_settings_at_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    options: dict[str, Any] = {"method": "llm", "sentences": 2, "language": "en"}
    with scripted(Step(text=GOOD)) as (url, script):
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", url)
        from_env = newsbrief.summarize(STORY, **options)
        # Given settings, or an extractive method: the environment is not read at all.
        with no_environment():
            given = newsbrief.summarize(STORY, **options, llm=LlmSettings(url=url))
            extractive = newsbrief.summarize(STORY, method="news", sentences=2)
            with pytest.raises(AssertionError, match="NEWSBRIEF_LLM_URL"):
                newsbrief.summarize(STORY, **options)
    assert from_env.method == given.method == "llm" and len(script.requests) == 2
    assert extractive.method == "news"


def test_the_library_without_a_server_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSBRIEF_LLM_URL", raising=False)
    fallback = newsbrief.summarize(STORY, method="llm")
    assert fallback.method == "news" and "not configured" in fallback.notes[0]
