"""The local batch engine: one row per line in input order, errors per line, streaming, worker
crashes."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator

import pytest

from newsbrief.batch import local as batch
from newsbrief.batch.items import Row
from newsbrief.errors import NewsbriefError
from newsbrief.records import Item
from newsbrief.summarizers.base import SummaryOptions

STORY = (
    "The city council approved a new budget for the harbour district on Monday night. "
    "The plan sets aside money for flood walls, a ferry terminal and two new schools. "
    "Council leader Maria Evans said the vote ended three years of delay. "
    "Opposition members argued that the flood walls would cost far more than forecast."
)
PAGE = (
    "<html><body><article><p>The storm hit the coast on Friday night, flooding homes and roads "
    "across the county.</p><p>Officials said two people were hurt and hundreds were evacuated "
    "overnight.</p></article></body></html>"
)
LEAD2 = SummaryOptions(method="lead", sentences=2)


def line(record: object) -> bytes:
    return json.dumps(record).encode() + b"\n"


def item(number: int, data: bytes | None) -> Item:
    return Item(number, data)


def good(number: int) -> Item:
    return item(number, line({"id": number, "article": f"Item {number} opens here. {STORY}"}))


# ---------------------------------------------------------------- one item


@pytest.mark.parametrize("field", ["article", "text"])
def test_a_good_item(field: str) -> None:
    result = batch.summarize_item(item(1, line({"id": "x1", field: STORY})), LEAD2)
    assert set(result) == {"id", "method", "summary", "words", "sentences", "notes"}
    assert result["id"] == "x1"
    assert result["method"] == "lead"
    sentences = result["sentences"]
    assert isinstance(sentences, list)
    assert [set(s) for s in sentences] == [{"text", "start", "end", "index"}] * 2
    assert [s["index"] for s in sentences] == [0, 1]
    for sentence in sentences:
        assert STORY[sentence["start"] : sentence["end"]] == sentence["text"]
    assert result["summary"] == " ".join(s["text"] for s in sentences)


def test_an_html_item() -> None:
    result = batch.summarize_item(item(1, line({"id": 7, "html": PAGE})), LEAD2)
    assert result["id"] == 7
    assert str(result["summary"]).startswith("The storm hit the coast")


@pytest.mark.parametrize(
    ("data", "expected_id", "fragment"),
    [
        (b"this is not json\n", None, "not valid JSON"),
        (b'{"id": 1, "article": "unterminated\n', None, "not valid JSON"),
        (b"[1, 2, 3]\n", None, "JSON object"),
        (b'"just a string"\n', None, "JSON object"),
        (b'{"id": 2, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", None, "nested too deeply"),
        (line({"article": STORY}), None, "missing field: 'id'"),
        (line({"id": None, "article": STORY}), None, "'id' must be a string or a number"),
        (line({"id": 3}), 3, "missing field"),
        (line({"id": 3, "article": None}), 3, "missing field"),
        (line({"id": 4, "article": ["a", "list"]}), 4, "'article' must be a string"),
        (line({"id": 5, "article": ""}), 5, "empty"),
        (line({"id": 6, "text": " \n\t "}), 6, "empty"),
        (line({"id": [1], "article": STORY}), None, "'id' must be a string or a number"),
        (line({"id": True, "article": STORY}), None, "'id' must be a string or a number"),
        (line({"id": 8, "html": "<html><body><nav>Home</nav></body></html>"}), 8, "no article"),
        (line({"id": 9, "article": "\x00\x01\x02\x03" * 50}), 9, "binary"),
        (line({"id": 10, "article": STORY, "text": STORY}), 10, "more than one body"),
        (line({"id": 11, "text": STORY, "published": "soon"}), 11, "ISO 8601"),
        (None, None, "longer than"),
    ],
)
def test_a_bad_item_becomes_an_error_record(
    data: bytes | None, expected_id: object, fragment: str
) -> None:
    result = batch.summarize_item(item(12, data), LEAD2)
    assert set(result) == {"id", "line", "error"}
    assert result["id"] == expected_id
    assert result["line"] == 12
    assert fragment in str(result["error"])


def test_a_legacy_encoded_line_is_decoded() -> None:
    data = json.dumps({"id": 1, "text": "Caf\xe9 owners said it would close. " + STORY})
    result = batch.summarize_item(item(1, data.encode("cp1252")), LEAD2)
    assert "error" not in result, result
    assert str(result["summary"]).startswith("Café owners")


def test_length_options_apply_to_every_item() -> None:
    words = SummaryOptions(method="news", words=12)
    result = batch.summarize_item(item(1, line({"id": 1, "article": STORY})), words)
    sentences = result["sentences"]
    assert isinstance(sentences, list)
    assert sum(len(s["text"].split()) for s in sentences) <= 12


# ---------------------------------------------------------------- a run


def mixed_items() -> list[Item]:
    items = [good(n) for n in range(1, 41)]
    items[4] = item(5, b"broken\n")
    items[17] = item(18, line({"id": 18, "article": ""}))
    return items


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_run_keeps_input_order_and_goes_on_after_errors(workers: int) -> None:
    results = list(batch.run(mixed_items(), LEAD2, workers=workers))
    assert len(results) == 40
    assert [r.get("id") for r in results if "error" not in r] == [
        n for n in range(1, 41) if n not in (5, 18)
    ]
    assert [r["line"] for r in results if "error" in r] == [5, 18]
    for number, result in enumerate(results, start=1):
        if "error" not in result:
            assert str(result["summary"]).startswith(f"Item {number} opens here.")


def test_parallel_results_equal_serial_results() -> None:
    serial = list(batch.run(mixed_items(), LEAD2, workers=1))
    parallel = list(batch.run(mixed_items(), LEAD2, workers=2))
    assert parallel == serial


def test_a_run_over_one_of_several_inputs_names_it_in_failed_rows() -> None:
    results = list(batch.run(mixed_items(), LEAD2, workers=1, source="in/a.jsonl"))
    failed = [r for r in results if "error" in r]
    assert [list(r) for r in failed] == [["id", "source", "line", "error"]] * 2
    assert {r["source"] for r in failed} == {"in/a.jsonl"}
    assert all("source" not in r for r in results if "error" not in r)


@pytest.mark.parametrize("workers", [1, 2])
def test_run_streams(workers: int) -> None:
    """Results come out while the input is still being read: an endless input works."""
    consumed = 0

    def endless() -> Iterator[Item]:
        nonlocal consumed
        for number in itertools.count(1):
            consumed = number
            yield good(number)

    results = batch.run(endless(), LEAD2, workers=workers)
    first = list(itertools.islice(results, 5))
    results.close()  # type: ignore[attr-defined]
    assert [r["id"] for r in first] == [1, 2, 3, 4, 5]
    bound = batch.CHUNK_LINES * (workers * batch.PENDING_PER_WORKER + 1)
    assert consumed <= bound


def exit_on_line_13(chunk: batch.Chunk, options: SummaryOptions) -> list[Row]:
    """A worker that dies (as a segfaulting parser would) on one particular item."""
    if any(entry.line == 13 for entry in chunk):
        if len(chunk) == 1:
            os._exit(3)
        os._exit(4)
    return batch.summarize_chunk(chunk, options)


def always_exit(chunk: batch.Chunk, options: SummaryOptions) -> list[Row]:
    os._exit(5)


def test_a_crashing_worker_costs_only_its_item() -> None:
    items = [good(n) for n in range(1, 41)]
    results = list(batch.run(items, LEAD2, workers=2, worker=exit_on_line_13))
    assert len(results) == 40
    failed = [r for r in results if "error" in r]
    assert failed == [{"id": 13, "line": 13, "error": "the worker process crashed on this item"}]
    assert [r["id"] for r in results] == list(range(1, 41))


def test_a_pool_that_cannot_work_stops_the_run() -> None:
    with pytest.raises(NewsbriefError, match="keep crashing"):
        list(batch.run([good(n) for n in range(1, 60)], LEAD2, workers=2, worker=always_exit))
