"""Ingestion from files, folders and JSONL, with a report naming every failure."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import text

from newsbrief.records import Record
from newsbrief.storage import Store, open_store
from newsbrief.storage.ingest import collect, count, ingest, to_store

TEXT_PAGE = """Harbour Ferry Returns After Winter Repairs

The harbour ferry returned to service on Monday after three months in dry dock.
Engineers replaced both engines and repainted the hull, the operator said.

Commuters welcomed the return, saying the bus detour had added forty minutes to each trip.
"""

HTML_PAGE = """<!doctype html><html><head><title>Library Opens Late</title></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Library Opens Late</h1>
<p>The central library will stay open until ten at night from next month, the council said.</p>
<p>Staff numbers will rise by six, paid for by a grant from the regional arts fund.</p>
<p>Readers had asked for longer hours in a survey last spring, the council added.</p>
</article></body></html>"""


def jsonl(path: Path, records: Sequence[object]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_text_html_and_jsonl_files_and_folders(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    (folder / "deep").mkdir(parents=True)
    (folder / "ferry.txt").write_text(TEXT_PAGE, encoding="utf-8")
    (folder / "deep" / "library.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / ".hidden.txt").write_text("Never read.", encoding="utf-8")
    (folder / "notes.csv").write_text("a,b", encoding="utf-8")
    lines = jsonl(
        tmp_path / "wire.jsonl",
        [
            {
                "id": "w1",
                "text": "Wire story one says the river rose a metre overnight. Roads closed.",
                "title": "River rises",
                "url": "https://wire.example.com/1",
                "author": "Wire Staff",
                "published": "2025-02-01T06:00:00Z",
            },
            {"article": "Wire story two reports that the bridge reopened today. Traffic flowed."},
            {"html": HTML_PAGE.replace("library", "museum")},
        ],
    )
    report = ingest(store.articles, collect([folder, lines]))
    assert report.failed == []
    assert len(report.added) == 5 and report.skipped == []
    ferry = store.articles.search("ferry").items[0]
    assert ferry.article.title == "Harbour Ferry Returns After Winter Repairs"
    river = store.articles.search("river").items[0]
    assert (river.article.title, river.article.byline, river.external_id) == (
        "River rises",
        "Wire Staff",
        "w1",
    )
    assert river.article.published == "2025-02-01T06:00:00Z"
    assert river.article.url == "https://wire.example.com/1"
    # An article without a headline is stored untitled, not under its own first sentence.
    bridge = store.articles.search("bridge").items[0]
    assert bridge.article.title is None and bridge.title == "Untitled article"


def test_second_run_skips_everything(store: Store, tmp_path: Path) -> None:
    (tmp_path / "ferry.txt").write_text(TEXT_PAGE, encoding="utf-8")
    first = ingest(store.articles, collect([tmp_path]))
    again = ingest(store.articles, collect([tmp_path]))
    assert len(first.added) == 1
    assert (again.added, again.skipped) == ([], first.added)


def test_each_failure_is_named_and_the_rest_go_on(store: Store, tmp_path: Path) -> None:
    records = jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"text": "A good line about the weather turning cold. Snow is expected."},
            {"title": "no body"},
            {"text": "Dated badly. It says so.", "published": "last Tuesday"},
            {"text": 42},
            ["not", "an", "object"],
        ],
    )
    with records.open("a", encoding="utf-8") as handle:
        handle.write("{broken json\n")
    (tmp_path / "empty.txt").write_text("   ", encoding="utf-8")
    report = ingest(store.articles, collect([records, tmp_path / "empty.txt", tmp_path / "nope"]))
    assert len(report.added) == 1
    names = [name for name, _ in report.failed]
    assert names == [
        f"{records}:2",
        f"{records}:3",
        f"{records}:4",
        f"{records}:5",
        f"{records}:6",
        str(tmp_path / "empty.txt"),
        str(tmp_path / "nope"),
    ]
    messages = dict(report.failed)
    assert "ISO 8601" in messages[f"{records}:3"]
    assert "not valid JSON" in messages[f"{records}:6"]
    assert "missing field" in messages[f"{records}:2"]
    assert report.summary_line() == "added 1, skipped 0, failed 7"


def test_to_store_titles_the_article_and_keeps_the_id_as_text() -> None:
    article, external = to_store(Record(TEXT_PAGE, id=7, title="Given title"))
    assert (article.title, external) == ("Given title", "7")
    article, external = to_store(Record("Wire story three says the pier closed. Boats moved."))
    assert (article.title, external) == (None, None)
    body = "Wire story three says the pier closed. Boats moved."
    article, _ = to_store(Record("Pier Closed\n" + body))
    assert (article.title, article.text) == ("Pier Closed", body)


def test_the_record_rules_of_every_entry_point_apply(store: Store, tmp_path: Path) -> None:
    """New rules: a boolean id is refused, and so is a record with more than one body (ingest
    used to take ``text`` first); a line in a legacy encoding no longer fails its whole file."""
    records = jsonl(
        tmp_path / "rules.jsonl",
        [
            {"id": True, "text": "An id that is a boolean. It is refused."},
            {"text": "Two bodies given. One is too many.", "article": "The other body."},
            {"text": "Two bodies again. Text and a page.", "html": "<p>A page.</p>"},
        ],
    )
    with records.open("ab") as handle:
        line = {"id": "cp", "text": "Caf\xe9 owners said the prices rose. Customers stayed."}
        handle.write(json.dumps(line, ensure_ascii=False).encode("cp1252") + b"\n")
    report = ingest(store.articles, collect([records]))
    messages = dict(report.failed)
    assert sorted(messages) == [f"{records}:1", f"{records}:2", f"{records}:3"]
    assert messages[f"{records}:1"] == "'id' must be a string or a number"
    assert "'text' and 'article'" in messages[f"{records}:2"]
    assert "'text' and 'html'" in messages[f"{records}:3"]
    assert len(report.added) == 1
    assert store.articles.get(report.added[0]).external_id == "cp"


def test_sample_page_from_shared_data(store: Store, shared_data: Path) -> None:
    report = ingest(store.articles, collect([shared_data / "sample_article_page.txt"]))
    assert len(report.added) == 1
    stored = store.articles.get(report.added[0])
    assert stored.article.title == "Trump Putin Talks Seek Longer Term Peace and Stability"
    assert "No time to read?" not in stored.article.text


_KILLED_INGEST = """
import sys
import threading
from pathlib import Path
from newsbrief.storage.ingest import collect, ingest
from newsbrief.storage import open_store
store = open_store(sys.argv[1])
print("ready", flush=True)
ingest(store.articles, collect([Path(sys.argv[2])]))
"""


# Killed once this many articles are committed (however long that takes on a busy machine):
# enough that some are stored, far from all of them.
KILL_AFTER_ROWS = 50


def _wait_for_rows(store: Store, rows: int, process: subprocess.Popen[str]) -> None:
    """Return once ``rows`` articles are committed; fail if the process ends first or the
    machine is too slow to commit them in a minute."""
    deadline = time.monotonic() + 60
    while store.articles.count() < rows:
        assert process.poll() is None, "the ingestion ended before it could be killed"
        assert time.monotonic() < deadline, f"fewer than {rows} articles after a minute"
        time.sleep(0.01)


def test_killed_ingestion_leaves_a_consistent_database(database_url: str, tmp_path: Path) -> None:
    records = [
        {"text": f"Item {n} says that thing {n} happened in town {n}. More followed later."}
        for n in range(3000)
    ]
    source = jsonl(tmp_path / "many.jsonl", records)
    open_store(database_url).close()
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLED_INGEST, database_url, str(source)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    store = open_store(database_url)
    try:
        _wait_for_rows(store, KILL_AFTER_ROWS, process)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        partial = store.articles.count()
        assert 0 < partial < len(records)
        with store.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                indexed = connection.execute(text("SELECT count(*) FROM articles_fts")).scalar()
                assert indexed == partial
        # A rerun finishes the job: what was stored is skipped, the rest is added.
        report = ingest(store.articles, collect([source]))
        assert len(report.skipped) == partial
        assert len(report.added) == len(records) - partial
        assert store.articles.count() == len(records)
    finally:
        store.close()


def test_a_date_out_of_range_fails_its_line_only(store: Store, tmp_path: Path) -> None:
    lines = jsonl(
        tmp_path / "dates.jsonl",
        [
            {"text": "The first line is fine. It has two sentences."},
            {
                "text": "The far future. It cannot be placed.",
                "published": "9999-12-31T23:59:59-23:59",
            },
            {"text": "The last line is fine too. It comes after the bad one."},
        ],
    )
    report = ingest(store.articles, collect([lines]))
    assert len(report.added) == 2
    assert [name for name, _ in report.failed] == [f"{lines}:2"]
    assert "'published'" in report.failed[0][1]


def test_a_line_no_database_can_store_fails_alone(store: Store, tmp_path: Path) -> None:
    """A NUL or a lone surrogate ("\\ud800" in JSON) anywhere in a line fails that line."""
    lines = tmp_path / "hostile.jsonl"
    lines.write_bytes(
        b'{"text": "A surrogate title. Second sentence.", "title": "\\ud800"}\n'
        b'{"text": "A NUL id. Second sentence.", "id": "a\\u0000b"}\n'
        b'{"text": "A good line. It is stored."}\n'
    )
    report = ingest(store.articles, collect([lines]))
    assert len(report.added) == 1
    assert [name for name, _ in report.failed] == [f"{lines}:1", f"{lines}:2"]


def test_jsonl_is_read_as_it_is_ingested(store: Store, tmp_path: Path) -> None:
    """Lines are read one at a time as they are stored: the first article is stored while the
    rest of the file does not exist yet (a pipe whose writer waits for it). Reading the whole
    file first held all of it in memory (and here, would wait forever)."""
    pipe = tmp_path / "live.jsonl"
    os.mkfifo(pipe)
    first_stored = threading.Event()
    waited: list[bool] = []

    def write() -> None:
        with pipe.open("w", encoding="utf-8") as out:
            out.write(json.dumps({"text": "The first story. It is stored first."}) + "\n")
            out.flush()
            waited.append(first_stored.wait(10))
            out.write(json.dumps({"text": "The second story. It comes later."}) + "\n")

    writer = threading.Thread(target=write)
    writer.start()
    report = ingest(store.articles, collect([pipe]), on_item=lambda _source: first_stored.set())
    writer.join()
    assert waited == [True], "the first line was not stored before the rest was read"
    assert len(report.added) == 2


def test_count_matches_what_collect_yields(tmp_path: Path) -> None:
    lines = jsonl(tmp_path / "a.jsonl", [{"text": "One."}, {"text": "Two."}, ["three"]])
    with lines.open("a", encoding="utf-8") as handle:
        handle.write("\n\n{broken\n")
    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    paths = [tmp_path, tmp_path / "missing.jsonl"]
    assert count(paths) == len(list(collect(paths))) == 6


def test_a_huge_file_fails_without_being_read(store: Store, tmp_path: Path) -> None:
    """A page over the input limit is refused after reading just past the limit, not loaded
    whole (a 1 GB sparse file here: reading it all would take a gigabyte of memory)."""
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(1024**3)
    (tmp_path / "fine.txt").write_text(TEXT_PAGE, encoding="utf-8")
    started = time.monotonic()
    report = ingest(store.articles, collect([huge, tmp_path / "fine.txt"]))
    assert time.monotonic() - started < 20
    assert len(report.added) == 1
    assert report.failed[0][0] == str(huge) and "larger than" in report.failed[0][1]
