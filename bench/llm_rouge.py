"""The local model through the guard on dev articles: how often the guard removes a sentence,
examples of what it removed and why, and ROUGE of guarded vs unguarded output.

Starts the packaged SmolLM2-135M-Instruct server (the ``local-llm`` extra) unless ``--url`` names
one, summarizes the first N articles of cnndm_dev.jsonl in three sentences, and scores both
outputs against the references (rouge-score, stemmed, F1 x 100).

    python -m bench.llm_rouge --data ../shared/data --count 30
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from newsbrief import summarizers
from newsbrief.config import LlmSettings
from newsbrief.errors import UpstreamError
from newsbrief.evaluation import RougeEvaluator
from newsbrief.guard.sentences import GuardConfig
from newsbrief.llm import LlmClient, local
from newsbrief.llm.prompt import build_messages, fit_article, max_answer_tokens
from newsbrief.llm.summarizer import Guarded, answer_sentences, validate_answer
from newsbrief.models import Article
from newsbrief.summarizers.base import SummaryOptions


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run(url: str, data: Path, count: int, sentences: int, max_input: int) -> dict[str, Any]:
    config = LlmSettings(url=url, timeout=180, max_input_tokens=max_input, retries=0)
    client = LlmClient(config)
    options = SummaryOptions(method="llm", sentences=sentences)
    lines = (data / "cnndm_dev.jsonl").read_text(encoding="utf-8").splitlines()[:count]
    raw_pairs: list[tuple[list[str], str]] = []
    guarded_pairs: list[tuple[list[str], str]] = []
    touched = failed = unusable = 0
    examples: list[dict[str, object]] = []
    started = time.perf_counter()
    for line in lines:
        record = json.loads(line)
        document = summarizers.segment(Article(text=record["article"], language="en"))
        article, _ = fit_article(document.sentences, config.max_input_tokens)
        messages = build_messages(article, options, "en")
        try:
            answer = client.complete(messages, max_answer_tokens(options, 256))
        except UpstreamError as error:
            failed += 1
            print(f"{record['id']}: {error.code}", file=sys.stderr)
            continue
        written = answer_sentences(answer)[:sentences]
        try:
            validate_answer(answer, options, "en")
        except UpstreamError:
            unusable += 1
        guarded = Guarded(document, GuardConfig())
        for sentence in written:
            guarded.add(sentence)
        if guarded.removed:
            touched += 1
            for removed in guarded.removed[:1]:
                if len(examples) < 8:
                    examples.append({"id": record["id"], **removed.to_dict()})
        raw_pairs.append((written or [""], record["reference"]))
        guarded_pairs.append(([s.text for s in guarded.kept] or [""], record["reference"]))
    rouge = RougeEvaluator()
    return {
        "articles": len(lines),
        "answered": len(raw_pairs),
        "server_errors": failed,
        "answers_failing_validation": unusable,
        "summaries_with_a_sentence_removed": touched,
        "unguarded": {k: round(v, 2) for k, v in rouge.mean(raw_pairs).as_dict().items()},
        "guarded": {k: round(v, 2) for k, v in rouge.mean(guarded_pairs).as_dict().items()},
        "seconds": round(time.perf_counter() - started, 1),
        "examples": examples,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--max-input-tokens", type=int, default=600)
    parser.add_argument("--url", help="an OpenAI-compatible /v1 URL (default: start the local one)")
    args = parser.parse_args(argv)
    server = None
    url = args.url
    if url is None:
        port = free_port()
        server = local.start(port)
        url = f"http://127.0.0.1:{port}/v1"
    report = run(url, args.data, args.count, args.sentences, args.max_input_tokens)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    del server
    return 0


if __name__ == "__main__":
    sys.exit(main())
