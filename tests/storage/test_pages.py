"""Fetched pages: one claim at a time per URL (threads and processes alike), what a fetch found
(or the error it gave) kept for the next request, and articles pushed through the API found by
URL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from publisher_site import empty_tables

from newsbrief.models import Article
from newsbrief.storage import Store, content_hash
from newsbrief.storage.pages import PageStore

URL = "https://news.example/ferry"
NOW = datetime(2026, 3, 10, 8, tzinfo=UTC)
LEASE = timedelta(seconds=30)
ARTICLE = Article("The ferry returned on Monday. Fares are frozen.", title="Ferry", language="en")


@pytest.fixture
def pages(store: Store) -> PageStore:
    return PageStore(empty_tables(store).engine)


def test_one_claim_at_a_time_until_released_or_expired(pages: PageStore) -> None:
    assert pages.get(URL) is None
    assert pages.claim(URL, NOW, LEASE)
    assert not pages.claim(URL, NOW + timedelta(seconds=5), LEASE)
    claimed = pages.get(URL)
    assert claimed is not None and claimed.claimed(NOW) and claimed.article is None
    pages.release(URL)
    assert pages.claim(URL, NOW, LEASE)
    # A worker that died holding the claim holds it only until its lease runs out.
    assert pages.claim(URL, NOW + LEASE, LEASE)


def test_many_threads_claim_once(pages: PageStore) -> None:
    barrier = threading.Barrier(12)
    won: list[bool] = []

    def claim() -> None:
        barrier.wait()
        won.append(pages.claim(URL, datetime.now(UTC), LEASE))

    threads = [threading.Thread(target=claim) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False] * 11 + [True]


def test_a_stored_page_is_fresh_for_its_ttl(pages: PageStore) -> None:
    assert pages.claim(URL, NOW, LEASE)
    digest = content_hash(ARTICLE.text)
    pages.store(URL, digest, ARTICLE, etag='"v1"', last_modified=None, now=NOW)
    page = pages.get(URL)
    assert page is not None and not page.claimed(NOW)
    assert page.content_hash == digest and page.article is not None
    assert (page.article.text, page.article.title, page.etag) == (ARTICLE.text, "Ferry", '"v1"')
    assert page.fresh(NOW + timedelta(seconds=299), timedelta(seconds=300))
    assert not page.fresh(NOW + timedelta(seconds=300), timedelta(seconds=300))


def test_a_failure_is_kept_with_the_last_good_article_and_a_304_clears_it(
    pages: PageStore,
) -> None:
    pages.claim(URL, NOW, LEASE)
    pages.store(URL, "h1", ARTICLE, etag='"v1"', last_modified="x", now=NOW)
    pages.claim(URL, NOW, LEASE)
    pages.failed(URL, "connection_error", "the server went away", NOW + timedelta(minutes=6))
    failed = pages.get(URL)
    assert failed is not None and failed.error_code == "connection_error"
    assert failed.article == pages.get(URL).article and failed.etag == '"v1"'  # type: ignore[union-attr]
    pages.claim(URL, NOW, LEASE)
    pages.unchanged(URL, NOW + timedelta(minutes=7))
    back = pages.get(URL)
    assert back is not None and back.error_code is None and back.content_hash == "h1"
    assert back.checked_at == NOW + timedelta(minutes=7)


def test_waiting_ends_when_the_claim_is_released(pages: PageStore) -> None:
    import time

    pages.claim(URL, datetime.now(UTC), LEASE)
    release = threading.Timer(
        0.2,
        lambda: pages.store(
            URL, "h", ARTICLE, etag=None, last_modified=None, now=datetime.now(UTC)
        ),
    )
    release.start()
    page = pages.wait(URL, time.monotonic() + 10)
    assert page is not None and page.content_hash == "h"


def test_an_article_pushed_with_that_url_is_found(pages: PageStore, store: Store) -> None:
    assert pages.pushed(URL) is None
    store.articles.add(Article(ARTICLE.text, title="Pushed", url=URL))
    found = pages.pushed(URL)
    assert found is not None
    digest, article = found
    assert digest == content_hash(ARTICLE.text) and article.title == "Pushed"
    assert pages.pushed(URL + "/other") is None
