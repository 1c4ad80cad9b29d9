"""The summary cache on SQLite and PostgreSQL: computed once, shared, nothing kept on failure."""

from __future__ import annotations

import threading

import pytest

from newsbrief.errors import InputError
from newsbrief.models import Article
from newsbrief.storage import Store, SummaryKey

BODY = (
    "The city council approved a new bus network on Tuesday after two years of debate.\n\n"
    "Routes will run every ten minutes on the busiest corridors, officials said."
)


def story(n: int, published: str | None = None, **fields: str) -> Article:
    return Article(
        text=f"Story number {n} reports that event {n} happened. Witnesses described it in detail.",
        title=fields.get("title", f"Story {n}"),
        url=fields.get("url"),
        published=published,
    )


def test_summary_cache_computes_once_under_concurrency(store: Store) -> None:
    key = SummaryKey("a" * 64, "lead", "sentences=3")
    calls: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def compute() -> str:
        with lock:
            calls.append(1)
        return '{"summary": "x"}'

    results: list[tuple[str, bool]] = []

    def ask() -> None:
        barrier.wait()
        results.append(store.summaries.get_or_compute(key, compute))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert {payload for payload, _ in results} == {'{"summary": "x"}'}
    assert sum(1 for _, cached in results if not cached) == 1


def test_summary_cache_is_shared_between_processes(database_url: str, store: Store) -> None:
    from newsbrief.storage import open_store

    key = SummaryKey("b" * 64, "lead", "default")
    store.summaries.get_or_compute(key, lambda: "first")
    # A second store (as another worker process would open) reads it without computing.
    other = open_store(database_url)
    try:
        payload, cached = other.summaries.get_or_compute(key, lambda: "second")
    finally:
        other.close()
    assert (payload, cached) == ("first", True)


def test_failed_computation_caches_nothing(store: Store) -> None:
    key = SummaryKey("c" * 64, "lead", "default")

    def broken() -> str:
        raise InputError("no text")

    with pytest.raises(InputError):
        store.summaries.get_or_compute(key, broken)
    assert store.summaries.get(key) is None


def _finishes(action: threading.Thread, seconds: float) -> bool:
    action.start()
    action.join(seconds)
    return not action.is_alive()


def test_a_slow_computation_holds_no_database_lock(store: Store) -> None:
    """A summary is computed outside any transaction: while a slow one (an LLM's) runs, writers
    go on. It used to run inside SQLite's write transaction, so every writer waited for it."""
    key = SummaryKey("d" * 64, "llm", "sentences=3")
    computing, release = threading.Event(), threading.Event()

    def slow() -> str:
        computing.set()
        release.wait(30)
        return '{"summary": "slow"}'

    summary = threading.Thread(target=store.summaries.get_or_compute, args=(key, slow))
    summary.start()
    try:
        assert computing.wait(10)
        writer = threading.Thread(target=store.articles.add, args=(story(1),))
        assert _finishes(writer, 5.0), "a writer waited for the summary's computation"
        other = SummaryKey("e" * 64, "lead", "sentences=3")
        cache_writer = threading.Thread(
            target=store.summaries.get_or_compute, args=(other, lambda: "{}")
        )
        assert _finishes(cache_writer, 5.0), "another key waited for the computation"
    finally:
        release.set()
        summary.join(30)
    assert store.articles.count() == 1
    assert store.summaries.get(key) == '{"summary": "slow"}'


def test_across_processes_the_first_insert_wins(database_url: str, store: Store) -> None:
    """Two processes may compute one key at the same time; the unique key keeps the first row,
    and the one that lost answers with the winner's payload."""
    from newsbrief.storage import open_store

    key = SummaryKey("f" * 64, "lead", "sentences=2")
    computing, release = threading.Event(), threading.Event()
    results: list[tuple[str, bool]] = []

    def slow() -> str:
        computing.set()
        release.wait(30)
        return "late"

    late = threading.Thread(
        target=lambda: results.append(store.summaries.get_or_compute(key, slow))
    )
    late.start()
    other = open_store(database_url)
    try:
        assert computing.wait(10)
        first = threading.Thread(
            target=lambda: results.append(other.summaries.get_or_compute(key, lambda: "early"))
        )
        assert _finishes(first, 5.0), "the other process waited for this one's computation"
    finally:
        release.set()
        late.join(30)
        other.close()
    assert results == [("early", False), ("early", True)]
    assert store.summaries.get(key) == "early"
