"""The batch engine (order, errors per line, streaming, worker crashes) and `newsbrief batch`."""

from __future__ import annotations

import io
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsbrief.batch import local as batch
from newsbrief.cli import main
from newsbrief.errors import NewsbriefError
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


def item(number: int, data: bytes) -> batch.Item:
    return batch.Item(number, data)


def good(number: int) -> batch.Item:
    return item(number, line({"id": number, "article": f"Item {number} opens here. {STORY}"}))


# ---------------------------------------------------------------- reading


def test_read_items_numbers_lines_and_skips_blank_ones() -> None:
    stream = io.BytesIO(b'{"a": 1}\n\n   \n{"b": 2}\n{"c": 3}')
    items = list(batch.read_items(stream))
    assert [(i.line, i.data) for i in items] == [
        (1, b'{"a": 1}\n'),
        (4, b'{"b": 2}\n'),
        (5, b'{"c": 3}'),
    ]


def test_an_overlong_line_is_skipped_not_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "MAX_LINE_BYTES", 64)
    stream = io.BytesIO(b"x" * 500 + b"\n" + line({"id": 2, "text": STORY}))
    items = list(batch.read_items(stream))
    assert items[0] == batch.Item(1, None)
    assert items[1].line == 2
    result = batch.summarize_item(items[0], LEAD2)
    assert result["line"] == 1
    assert "longer than" in str(result["error"])


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
        (line({"article": STORY}), None, "missing field: 'id'"),
        (line({"id": 3}), 3, "missing field"),
        (line({"id": 3, "article": None}), 3, "missing field"),
        (line({"id": 4, "article": ["a", "list"]}), 4, "'article' must be a string"),
        (line({"id": 5, "article": ""}), 5, "empty"),
        (line({"id": 6, "text": " \n\t "}), 6, "empty"),
        (line({"id": [1], "article": STORY}), None, "'id' must be a string or a number"),
        (line({"id": True, "article": STORY}), None, "'id' must be a string or a number"),
        (line({"id": 8, "html": "<html><body><nav>Home</nav></body></html>"}), 8, "no article"),
        (line({"id": 9, "article": "\x00\x01\x02\x03" * 50}), 9, "binary"),
    ],
)
def test_a_bad_item_becomes_an_error_record(
    data: bytes, expected_id: object, fragment: str
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


def mixed_items() -> list[batch.Item]:
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


@pytest.mark.parametrize("workers", [1, 2])
def test_run_streams(workers: int) -> None:
    """Results come out while the input is still being read: an endless input works."""
    consumed = 0

    def endless() -> Iterator[batch.Item]:
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


def exit_on_line_13(chunk: batch.Chunk, options: SummaryOptions) -> list[batch.Result]:
    """A worker that dies (as a segfaulting parser would) on one particular item."""
    if any(entry.line == 13 for entry in chunk):
        if len(chunk) == 1:
            os._exit(3)
        os._exit(4)
    return batch.summarize_chunk(chunk, options)


def always_exit(chunk: batch.Chunk, options: SummaryOptions) -> list[batch.Result]:
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


def test_default_workers_is_positive() -> None:
    assert batch.default_workers() >= 1


# ---------------------------------------------------------------- the command


def invoke(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    with path.open("wb") as handle:
        handle.write(line({"id": "a", "article": STORY}))
        handle.write(b"{not json}\n")
        handle.write(line({"id": "c", "html": PAGE}))
        handle.write(b"\n")
        handle.write(line({"id": "d", "text": "   "}))
        handle.write(line({"id": "e", "article": "Just one sentence in this one."}))
    return path


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_writes_one_line_per_item(jsonl: Path, tmp_path: Path, workers: str) -> None:
    out = tmp_path / "out.jsonl"
    result = invoke("batch", str(jsonl), "-o", str(out), "--workers", workers, "-m", "lead")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: 2 of 5 items failed"
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["a", None, "c", "d", "e"]
    assert [("error" in r) for r in rows] == [False, True, False, True, False]
    assert rows[1]["line"] == 2
    assert rows[3]["line"] == 5
    assert len(rows[0]["sentences"]) == 3  # type: ignore[arg-type]


def test_batch_to_stdout_from_stdin() -> None:
    data = line({"id": 1, "article": STORY}) + line({"id": 2, "html": PAGE})
    result = invoke("batch", "-", "-o", "-", "--sentences", "1", "--workers", "1", input=data)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rows = [json.loads(text) for text in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [1, 2]
    assert all(len(r["sentences"]) == 1 for r in rows)


def test_batch_length_options(jsonl: Path) -> None:
    result = invoke("batch", str(jsonl), "--words", "10", "--workers", "1")
    rows = [json.loads(text) for text in result.stdout.splitlines()]
    for row in rows:
        if "error" not in row:
            assert sum(len(s["text"].split()) for s in row["sentences"]) <= 10


def test_batch_without_a_terminal_shows_no_progress_bar(jsonl: Path) -> None:
    result = invoke("batch", str(jsonl), "-o", "-", "--workers", "1")
    assert "item/s" not in result.stderr
    assert "%|" not in result.stderr


def test_batch_progress_bar_on_a_terminal(
    jsonl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsbrief.cli import batch as batch_command

    monkeypatch.setattr(batch_command, "progress_wanted", lambda: True)
    result = invoke("batch", str(jsonl), "-o", str(tmp_path / "o.jsonl"), "--workers", "1")
    assert "5/5" in result.stderr
    assert result.stderr.strip().endswith("error: 2 of 5 items failed")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--workers", "0"], "invalid value for '--workers'"),
        (["--method", "magic"], "choose one of: centrality, lead, llm, news"),
        (["--words", "0"], "words must be at least 1"),
        (["--sentences", "2", "--ratio", "0.5"], "choose one length"),
    ],
)
def test_batch_bad_options(jsonl: Path, args: list[str], fragment: str) -> None:
    result = invoke("batch", str(jsonl), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert fragment in result.stderr
    assert result.stdout == ""


def test_batch_refuses_to_overwrite_its_input(jsonl: Path) -> None:
    before = jsonl.read_bytes()
    result = invoke("batch", str(jsonl), "-o", str(jsonl))
    assert result.exit_code == 2
    assert "overwrite the input" in result.stderr
    assert jsonl.read_bytes() == before


def test_batch_output_into_a_directory(jsonl: Path, tmp_path: Path) -> None:
    result = invoke("batch", str(jsonl), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_batch_output_in_a_missing_folder(jsonl: Path, tmp_path: Path) -> None:
    result = invoke("batch", str(jsonl), "-o", str(tmp_path / "no" / "such" / "out.jsonl"))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot write")


def test_batch_only_blank_lines_is_empty_input(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n")
    result = invoke("batch", str(path))
    assert result.exit_code == 2
    assert "input is empty" in result.stderr


def test_batch_all_lines_bad(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("nope\n" * 250)
    result = invoke("batch", str(path), "-o", str(tmp_path / "out.jsonl"), "--workers", "2")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: 250 of 250 items failed"
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 250


def test_the_language_is_identified_only_for_a_method_that_reads_it() -> None:
    record: dict[str, object] = {
        "id": 1,
        "text": "The council approved the new budget on Tuesday after a long debate. "
        "Residents had asked for more money for schools and for the roads.",
    }
    assert batch.article_of(record, SummaryOptions(method="news")).language is None
    assert batch.article_of(record, SummaryOptions(method="llm")).language == "en"
    given = SummaryOptions(method="news", language="fr")
    assert batch.article_of(record, given).language == "fr"
