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
