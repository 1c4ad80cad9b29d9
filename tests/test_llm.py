"""The ``llm`` method against a scripted OpenAI-compatible server on 127.0.0.1: a good answer is
guarded sentence by sentence, and every failure mode ends in the extractive summary with a note,
within the timeout."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from scripted_llm import Step, free_port, scripted

from newsbrief import summarizers
from newsbrief.cli import main
from newsbrief.errors import UpstreamError
from newsbrief.llm import LlmClient, LlmConfig
from newsbrief.llm.prompt import build_messages, fit_article
from newsbrief.llm.summarizer import LlmSummarizer
from newsbrief.models import Article
from newsbrief.render import summary_record
from newsbrief.summarizers.base import Summary, SummaryOptions

# Written for these tests: a made-up local story.
STORY = (
    "The city council approved a $2 million fund for two new bridges on Monday night. "
    "Council leader Maria Evans said the vote ended three years of delay. "
    "Work on the first bridge is due to start on March 18. "
    "Opposition members argued that the bridges would cost far more than forecast. "
    "Residents packed the public gallery during the debate."
)
GOOD = (
    "The city council approved a $2 million fund for two new bridges. "
    "Council leader Maria Evans said the vote ended three years of delay."
)
INVENTED = "The mayor John Carter promised 500 new homes by 2030."


def summarize(url: str, options: SummaryOptions | None = None, **config: object) -> Summary:
    llm = LlmSummarizer(LlmConfig(url=url, **{"timeout": 3.0, "backoff": 0.01, **config}))  # type: ignore[arg-type]
    document = summarizers.segment(Article(text=STORY, language="en"))
    return llm(document, options or SummaryOptions(method="llm", sentences=2))


def data_of(summary: Summary) -> dict[str, Any]:
    return summary_record(summary)


def test_a_faithful_answer_is_served_as_written() -> None:
    with scripted(Step(text=GOOD)) as (url, script):
        summary = summarize(url)
    data: dict[str, Any] = summary_record(summary)
    assert data["method"] == "llm"
    assert data["summary"] == GOOD
    assert all(s["start"] == -1 for s in data["sentences"])
    assert data["guard"]["removed"] == [] and data["llm"]["status"] == "ok"
    request: dict[str, Any] = script.requests[0]
    assert request["stream"] is True and request["max_tokens"] <= 256
    prompt = json.dumps(request["messages"])
    assert "2 sentences" in prompt and "English" in prompt


def test_an_invented_sentence_is_replaced_by_its_best_support() -> None:
    with scripted(Step(text=f"{GOOD.split('. ')[0]}. {INVENTED}")) as (url, _):
        summary = summarize(url)
    data: dict[str, Any] = summary_record(summary)
    assert INVENTED not in data["summary"]
    removed = data["guard"]["removed"]
    assert len(removed) == 1 and removed[0]["text"] == INVENTED
    assert any("'John'" in r or "500" in r for r in removed[0]["reasons"])
    assert data["notes"] and "failed the guard" in data["notes"][0]
    # What replaced it (if anything) is an exact span of the article.
    for s in data["sentences"]:
        assert s["start"] == -1 or STORY[s["start"] : s["end"]] == s["text"]


def test_api_key_is_sent_but_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-test-do-not-log-123"
    caplog.set_level(logging.DEBUG)
    with scripted(Step(status=401)) as (url, script):
        summary = summarize(url, api_key=secret)
    assert script.auth[0] == f"Bearer {secret}"
    assert secret not in caplog.text and secret not in repr(LlmConfig(url=url, api_key=secret))
    assert secret not in json.dumps(summary_record(summary))


@pytest.mark.parametrize(
    ("steps", "code"),
    [
        ([Step(status=500)], "llm_server_error"),
        ([Step(status=503)], "llm_server_error"),
        ([Step(status=429, headers={"Retry-After": "0"})], "llm_rate_limited"),
        ([Step(status=401)], "llm_rejected"),
        ([Step(raw=b"<html>Bad gateway</html>")], "llm_bad_response"),
        ([Step(raw=b'{"choices": []}')], "llm_bad_response"),
        ([Step(text="")], "llm_empty"),
        ([Step(text="I'm sorry, but I cannot help with that request.")], "llm_refused"),
        (
            [Step(text="Le conseil municipal a approuvé un fonds pour deux nouveaux ponts lundi.")],
            "llm_wrong_language",
        ),
        ([Step(text=" ".join(["The council met again and again."] * 60))], "llm_too_long"),
        ([Step(text="Penguins dance at the opera in Vienna every winter.")], "llm_unfaithful"),
    ],
)
def test_failures_fall_back_to_the_extractive_summary(
    steps: list[Step], code: str, caplog: pytest.LogCaptureFixture
) -> None:
    with scripted(*steps) as (url, _):
        summary = summarize(url)
    data: dict[str, Any] = summary_record(summary)
    assert data["method"] == "news" and data["llm"]["code"] == code
    assert data["notes"][0].endswith("showing the extractive summary instead")
    for s in data["sentences"]:
        assert STORY[s["start"] : s["end"]] == s["text"]
    lines = [r for r in caplog.records if r.name == "newsbrief.llm"]
    assert len(lines) == 1 and code in lines[0].getMessage()


def test_retries_then_succeeds() -> None:
    with scripted(Step(status=503), Step(status=429), Step(text=GOOD)) as (url, script):
        summary = summarize(url, retries=2)
    assert summary.method == "llm"
    assert len(script.requests) == 3


def test_retries_are_bounded() -> None:
    with scripted(Step(status=500)) as (url, script):
        summarize(url, retries=1)
    assert len(script.requests) == 2


@pytest.mark.parametrize("step", [Step(delay=5.0, text=GOOD), Step(text=GOOD, gap=0.5)])
def test_a_slow_server_times_out_on_time(step: Step) -> None:
    with scripted(step) as (url, _):
        started = time.monotonic()
        summary = summarize(url, timeout=1.0, retries=2)
        elapsed = time.monotonic() - started
    assert data_of(summary)["llm"]["code"] == "llm_timeout"
    assert elapsed < 2.5, "a timeout must not be retried past the budget"


def test_a_server_that_is_down() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    summary = summarize(url, retries=1)
    assert data_of(summary)["llm"]["code"] == "llm_unreachable"


def test_not_configured_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSBRIEF_LLM_URL", raising=False)
    summary = summarizers.summarize_document(
        summarizers.segment(Article(text=STORY)), SummaryOptions(method="llm")
    )
    assert summary.method == "news" and "not configured" in summary.notes[0]
    with pytest.raises(UpstreamError) as caught:
        LlmConfig.from_env({})
    assert caught.value.code == "llm_not_configured"


def test_config_from_env() -> None:
    config = LlmConfig.from_env(
        {
            "NEWSBRIEF_LLM_URL": "http://127.0.0.1:9/v1",
            "NEWSBRIEF_LLM_MODEL": "m",
            "NEWSBRIEF_LLM_API_KEY": "secret-key-42",
            "NEWSBRIEF_LLM_TIMEOUT": "2.5",
        }
    )
    assert (config.model, config.api_key, config.timeout) == ("m", "secret-key-42", 2.5)
    assert config.chat_url == "http://127.0.0.1:9/v1/chat/completions"
    assert "secret-key-42" not in repr(config)


def test_long_articles_are_cut_at_sentence_boundaries_keeping_the_lead() -> None:
    sentences = summarizers.segment(Article(text=STORY * 20)).sentences
    text, cut = fit_article(sentences, 60)
    assert cut and text.startswith(sentences[0].text)
    assert text.endswith(".") and len(text.split()) * 1.4 <= 61
    messages = build_messages(text, SummaryOptions(words=40), "de")
    assert "at most 40 words" in messages[1]["content"] and "German" in messages[0]["content"]


def test_client_reads_a_non_streamed_answer() -> None:
    body = json.dumps({"choices": [{"message": {"content": GOOD}}]}).encode()
    with scripted(Step(raw=body)) as (url, _):
        assert LlmClient(LlmConfig(url=url, timeout=3)).complete([], 10) == GOOD


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
