"""The Dask engine on a real LocalCluster: a killed worker, a killed run resumed, Parquet, the
database."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from newsbrief.batch import cluster as batch_dask
from newsbrief.batch.files import expand_inputs
from newsbrief.batch.parts import PartFiles
from newsbrief.batch.tasks import Task, read_tasks
from newsbrief.records import Record
from newsbrief.storage import open_store
from newsbrief.summarizers.base import SummaryOptions

OPTIONS = SummaryOptions(method="news", sentences=2)
# Our own words, varied per item so every article is distinct text.
_PLACES = ["Eastport", "Millbrook", "Harwick", "Ferndale", "Oakridge", "Stonebay", "Larkfield"]
_THINGS = ["library", "bridge", "ferry", "school", "market", "clinic", "stadium", "museum"]


def article(number: int) -> str:
    place, thing = _PLACES[number % len(_PLACES)], _THINGS[number % len(_THINGS)]
    return (
        f"The {thing} in {place} reopened on day {number} after a long refit. "
        f"Officials said the work on the {thing} cost {number * 13 % 97 + 3} million. "
        f"Residents of {place} queued for an hour before the doors opened. "
        f"Critics argued that the money should have gone to roads in {place}. "
        f"The council will review the {thing} budget again in {number % 12 + 1} months."
    )


def write_items(path: Path, count: int, bad: bool = True) -> set[str]:
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(json.dumps({"id": f"item-{number}", "article": article(number)}) + "\n")
        if bad:
            out.write("not json\n")
            out.write(json.dumps({"id": "empty", "article": "  "}) + "\n")
    return {f"item-{n}" for n in range(count)} | ({"empty"} if bad else set())


def rows_of(path: Path) -> list[dict[str, object]]:
    if path.suffix == ".parquet":
        rows: list[dict[str, object]] = pq.read_table(path).to_pylist()
        return rows
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_each_once(rows: list[dict[str, object]], ids: set[str]) -> None:
    counts = Counter(row["id"] for row in rows if row["id"] is not None)
    assert set(counts) == ids
    assert max(counts.values()) == 1


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster) as connected:
        yield connected


def test_killing_a_worker_mid_run_loses_and_repeats_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    ids = write_items(source, 300)
    parts = PartFiles(tmp_path / "out.jsonl")
    parts.prepare()
    # A cluster of its own: this test kills one of its processes.
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
        Client(local) as client,
    ):
        before = client.run(os.getpid)
        victim = next(iter(before.values()))
        progress: list[int] = []

        def on_progress(count: int) -> None:
            progress.append(count)
            if len(progress) == 1:  # the first chunk is back; the rest are in flight
                os.kill(victim, signal.SIGKILL)

        report = batch_dask.run(
            client,
            read_tasks([source], OPTIONS),
            parts,
            OPTIONS,
            chunk_items=8,
            on_progress=on_progress,
        )
        after = client.run(os.getpid)
    assert victim not in after.values()  # the worker really died (its nanny started another)
    rows = rows_of(tmp_path / "out.jsonl")
    assert_each_once(rows, ids)
    assert len(rows) == 302 == report.rows  # 300 good, the empty article, the line not JSON
    assert report.errors == 2
    assert sum(progress) == 302


def test_a_killed_run_resumes_without_redoing_or_losing_items(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    ids = write_items(source, 600)
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable, "-c", "from newsbrief.cli import run; run()",
        "batch", str(source), "-o", str(out),
        "--engine", "dask", "--workers", "2", "--chunk-size", "8", "--part-size", "40",
        "--method", "news", "--sentences", "2",
    ]  # fmt: skip
    folder = tmp_path / "out.jsonl.parts"
    # Its own session, so the kill takes the driver and its worker processes together.
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list(folder.glob("part-*"))) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    committed = sum(len(rows_of(part)) for part in folder.glob("part-*.jsonl"))
    assert 0 < committed < 602 and not out.exists()

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 1, rerun.stderr  # the two bad items
    assert f"{committed} were already done, {602 - committed} summarized now" in rerun.stderr
    assert_each_once(rows_of(out), ids)
    assert len(rows_of(out)) == 602 and not folder.exists()


def test_parquet_in_and_out_and_a_second_run_does_nothing(client: Client, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    ids = write_items(source, 40, bad=False)
    import pyarrow as pa

    table = pa.Table.from_pylist([json.loads(line) for line in source.read_text().splitlines()])
    (tmp_path / "in").mkdir()
    pq.write_table(table, tmp_path / "in" / "part-1.parquet")
    out = tmp_path / "out.parquet"
    for expected_new in (40, 0):
        parts = PartFiles(out)
        parts.prepare()
        tasks = read_tasks(expand_inputs([str(tmp_path / "in" / "*.parquet")]), OPTIONS)
        report = batch_dask.run(client, tasks, parts, OPTIONS)
        assert report.computed == expected_new and report.skipped == 40 - expected_new
    rows = rows_of(out)
    assert_each_once(rows, ids)
    first = rows[0]
    sentences = first["sentences"]
    assert isinstance(sentences, list) and len(sentences) == 2 and first["error"] is None


def test_the_run_stores_articles_and_summaries(
    client: Client, tmp_path: Path, database_url: str
) -> None:
    source = tmp_path / "in.jsonl"
    write_items(source, 20)
    open_store(database_url).close()
    parts = PartFiles(tmp_path / "out.jsonl")
    parts.prepare()
    report = batch_dask.run(
        client, read_tasks([source], OPTIONS), parts, OPTIONS, database_url=database_url
    )
    assert report.rows == 22 and report.errors == 2
    store = open_store(database_url)
    try:
        assert store.articles.count() == 20
        stored = store.articles.latest(1, 50).items
        # Stored as `newsbrief ingest` stores them, under the item's id; their texts open with
        # no headline, so they stay untitled (no title made from a cut first sentence).
        assert {s.external_id for s in stored} == {f"item-{n}" for n in range(20)}
        assert all(s.article.title is None for s in stored)
        with store.engine.connect() as connection:
            from sqlalchemy import text

            summaries = connection.execute(text("SELECT count(*) FROM summaries")).scalar_one()
        assert summaries == 20
    finally:
        store.close()


def test_a_worker_row_has_the_shape_of_a_local_row(tmp_path: Path) -> None:
    good = Task("in.jsonl", 1, "a", "k1", Record(article(1), id="a"))
    row = batch_dask.summarize_task(good, OPTIONS, None)
    assert list(row)[:3] == ["id", "key", "method"] and "error" not in row
    bad = Task("in.jsonl", 2, "b", "k2", Record("   ", id="b"))
    assert batch_dask.summarize_task(bad, OPTIONS, None) == {
        "id": "b",
        "key": "k2",
        "source": "in.jsonl",
        "line": 2,
        "error": "input is empty",
    }
    unread = Task("in.jsonl", 3, None, "k3", None, "not valid JSON: Expecting value")
    assert batch_dask.summarize_task(unread, OPTIONS, None)["error"] == unread.error
