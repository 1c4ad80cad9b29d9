"""The ``llm`` method against a scripted OpenAI-compatible server on 127.0.0.1: a good answer is
guarded sentence by sentence, every failure mode ends in the extractive summary with a note, and
the server's settings come from the edge that built them, never from the environment."""

from __future__ import annotations

import json
from typing import Any

import pytest
from scripted_llm import (
    GOOD,
    INVENTED,
    STORY,
    Step,
    llm_outcome,
    no_environment,
    scripted,
    summarize_story,
)

from newsbrief import summarizers
from newsbrief.config import LlmSettings
from newsbrief.llm.summarizer import LlmSummarizer
from newsbrief.models import Article
from newsbrief.render import summary_record
from newsbrief.summarizers.base import SummaryOptions


def test_a_faithful_answer_is_served_as_written() -> None:
    with scripted(Step(text=GOOD)) as (url, script):
        summary = summarize_story(url)
    data: dict[str, Any] = summary_record(summary)
    assert data["method"] == "llm"
    assert data["summary"] == GOOD
    assert all(s["start"] == -1 for s in data["sentences"])
    assert data["guard"]["removed"] == [] and data["llm"]["status"] == "ok"
    request: dict[str, Any] = script.requests[0]
    assert request["stream"] is True and request["max_tokens"] <= 256
    prompt = json.dumps(request["messages"])
    assert "2 sentences" in prompt and "English" in prompt


def test_key_points_come_back_as_that_many_guarded_points() -> None:
    points = [
        "The city council approved a $2 million fund for two new bridges.",
        "Council leader Maria Evans said the vote ended three years of delay.",
        "Work on the first bridge is due to start on March 18.",
    ]
    answer = "\n".join(f"- {p}" for p in points)
    with scripted(Step(text=answer)) as (url, script):
        summary = summarize_story(url, SummaryOptions(method="llm", points=2))
    prompt = json.dumps(script.requests[0]["messages"])
    assert "2 short bullet points" in prompt
    assert [s.text for s in summary.sentences] == points[:2]


def test_an_invented_sentence_is_replaced_by_its_best_support() -> None:
    with scripted(Step(text=f"{GOOD.split('. ')[0]}. {INVENTED}")) as (url, _):
        summary = summarize_story(url)
    data: dict[str, Any] = summary_record(summary)
    assert INVENTED not in data["summary"]
    removed = data["guard"]["removed"]
    assert len(removed) == 1 and removed[0]["text"] == INVENTED
    assert any("'John'" in r or "500" in r for r in removed[0]["reasons"])
    assert data["notes"] and "failed the guard" in data["notes"][0]
    # What replaced it (if anything) is an exact span of the article.
    for s in data["sentences"]:
        assert s["start"] == -1 or STORY[s["start"] : s["end"]] == s["text"]


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
        summary = summarize_story(url)
    data: dict[str, Any] = summary_record(summary)
    assert data["method"] == "news" and data["llm"]["code"] == code
    assert data["notes"][0].endswith("showing the extractive summary instead")
    for s in data["sentences"]:
        assert STORY[s["start"] : s["end"]] == s["text"]
    lines = [r for r in caplog.records if r.name == "newsbrief.llm"]
    assert len(lines) == 1 and code in lines[0].getMessage()


def test_not_configured_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSBRIEF_LLM_URL", raising=False)
    document = summarizers.segment(Article(text=STORY))
    summary = summarizers.summarize_document(document, SummaryOptions(method="llm"))
    assert summary.method == "news" and "not configured" in summary.notes[0]
    assert llm_outcome(summary)["code"] == "llm_not_configured"
    # Not configured is a value handed down, not a missing variable found on the way.
    direct = LlmSummarizer(None)(document, SummaryOptions(method="llm"))
    assert llm_outcome(direct)["code"] == "llm_not_configured"


def test_the_registry_hands_the_settings_to_the_llm_method_only() -> None:
    settings = LlmSettings(url="http://127.0.0.1:9/v1")
    llm = summarizers.get("llm", settings)
    assert isinstance(llm, LlmSummarizer) and llm.settings is settings
    assert summarizers.get("news", settings).name == "news"


def test_the_summarizer_never_reads_the_environment() -> None:
    document = summarizers.segment(Article(text=STORY, language="en"))
    with scripted(Step(text=GOOD), Step(status=503)) as (url, _), no_environment():
        llm = LlmSummarizer(LlmSettings(url=url, retries=0))
        good = llm(document, SummaryOptions(method="llm", sentences=2))
        failed = llm(document, SummaryOptions(method="llm", sentences=2))
        unconfigured = LlmSummarizer(None)(document, SummaryOptions(method="llm"))
    assert good.method == "llm" and good.text == GOOD
    assert llm_outcome(failed)["code"] == "llm_server_error"
    assert llm_outcome(unconfigured)["code"] == "llm_not_configured"


def test_settings_read_once_stay_when_the_environment_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = summarizers.segment(Article(text=STORY, language="en"))
    options = SummaryOptions(method="llm", sentences=2)
    with scripted(Step(text=GOOD)) as (first, script), scripted(Step(status=500)) as (second, _):
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", first)
        llm = summarizers.get("llm", LlmSettings.from_env())
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", second)
        summaries = [llm(document, options), llm(document, options)]
    assert [s.method for s in summaries] == ["llm", "llm"]
    assert len(script.requests) == 2
