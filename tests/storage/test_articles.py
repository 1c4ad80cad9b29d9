"""The article store on SQLite and PostgreSQL: round trips, duplicates, order, search."""

from __future__ import annotations

import itertools
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbrief.errors import InputError, NotFound
from newsbrief.models import Article
from newsbrief.storage import Store, content_hash
from newsbrief.storage.stored import parse_published

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


def test_round_trip_keeps_every_field(store: Store) -> None:
    article = Article(
        BODY,
        title="Buses every ten minutes",
        byline="A. Reporter",
        published="2025-03-18T09:30:00+01:00",
        language="en",
        url="https://news.example.com/buses",
        previous="Older story",
        next="Newer story",
    )
    added = store.articles.add(article, external_id="bus-1")
    assert added.created
    stored = store.articles.get(added.id)
    assert stored.article == article
    assert stored.external_id == "bus-1"
    assert stored.content_hash == content_hash(BODY)
    assert stored.source == "news.example.com"
    assert stored.ordered_at == datetime(2025, 3, 18, 8, 30, tzinfo=UTC)
    assert stored.ingested_at.tzinfo is not None


def test_same_body_is_not_stored_twice(store: Store) -> None:
    first = store.articles.add(Article(BODY, title="One"))
    # Whitespace differences do not make a different article.
    again = store.articles.add(Article(BODY.replace("\n\n", "\n\n\n  "), title="Two"))
    assert not again.created and again.id == first.id
    assert store.articles.count() == 1


def test_same_url_is_not_stored_twice(store: Store) -> None:
    first = store.articles.add(story(1, url="https://example.com/a"))
    again = store.articles.add(story(2, url="https://example.com/a"))
    assert (again.id, again.created) == (first.id, False)
    assert store.articles.count() == 1


def test_concurrent_adds_of_one_article_store_it_once(store: Store) -> None:
    results: list[int] = []
    barrier = threading.Barrier(6)

    def add() -> None:
        barrier.wait()
        results.append(store.articles.add(Article(BODY, url="https://example.com/x")).id)

    threads = [threading.Thread(target=add) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
    assert store.articles.count() == 1


@pytest.mark.parametrize(
    ("article", "external_id", "code"),
    [
        (Article("   \n "), None, "empty_input"),
        (Article("Text with a \x00 NUL."), None, "invalid_input"),
        (Article("Fine text.", url="https://e.com/" + "a" * 3000), None, "invalid_input"),
        (Article("Fine text."), "x\x00", "invalid_input"),
        # A lone surrogate (JSON's "\ud800" read by json.loads) has no UTF-8 form.
        (Article("Text with a \ud800 surrogate."), None, "invalid_input"),
        (Article("Fine text.", title="\udfff"), None, "invalid_input"),
        (Article("Fine text."), "\ud800", "invalid_input"),
    ],
)
def test_bad_articles_are_refused(
    store: Store, article: Article, external_id: str | None, code: str
) -> None:
    with pytest.raises(InputError) as caught:
        store.articles.add(article, external_id=external_id)
    assert caught.value.code == code
    assert store.articles.count() == 0


def test_unknown_id_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.articles.get(12345)


def test_latest_pages_newest_first_and_neighbours_follow_publication(store: Store) -> None:
    base = datetime(2025, 1, 1, tzinfo=UTC)
    # Stored out of order; the reading order is by publication date.
    days = [3, 1, 4, 0, 2]
    ids = {
        day: store.articles.add(story(day, (base + timedelta(days=day)).isoformat())).id
        for day in days
    }
    first = store.articles.latest(page=1, per_page=2)
    assert [a.article.title for a in first.items] == ["Story 4", "Story 3"]
    assert (first.total, first.pages, first.has_next, first.has_previous) == (5, 3, True, False)
    last = store.articles.latest(page=3, per_page=2)
    assert [a.article.title for a in last.items] == ["Story 0"]
    middle = store.articles.neighbours(ids[2])
    assert middle.previous is not None and middle.previous.id == ids[1]
    assert middle.next is not None and middle.next.id == ids[3]
    assert middle.previous.title == "Story 1"
    assert store.articles.neighbours(ids[0]).previous is None
    assert store.articles.neighbours(ids[4]).next is None


def test_undated_articles_follow_ingestion_order(store: Store) -> None:
    now = datetime(2025, 6, 1, tzinfo=UTC)
    a = store.articles.add(story(1), now=now).id
    b = store.articles.add(story(2), now=now).id  # same instant: the id breaks the tie
    neighbours = store.articles.neighbours(b)
    assert neighbours.previous is not None and neighbours.previous.id == a


def test_dated_articles_come_first_newest_first_then_the_undated_ones(store: Store) -> None:
    """An ingestion time is no publication date: an article ingested today without a date is
    listed after every dated one, however old, and the undated ones newest ingested first."""
    base = datetime(2020, 1, 1, tzinfo=UTC)
    later = datetime(2026, 6, 1, tzinfo=UTC)
    undated_old = store.articles.add(story(1), now=later).id
    dated_old = store.articles.add(story(2, "2015-03-01"), now=later).id
    undated_new = store.articles.add(story(3), now=later + timedelta(hours=1)).id
    unreadable = store.articles.add(story(4, "soon"), now=later + timedelta(hours=2)).id
    dated_new = store.articles.add(story(5, (base + timedelta(days=9)).isoformat())).id
    order = [dated_new, dated_old, unreadable, undated_new, undated_old]
    assert [a.id for a in store.articles.latest(per_page=50).items] == order
    paged = [a.id for p in (1, 2, 3) for a in store.articles.latest(page=p, per_page=2).items]
    assert paged == order
    # Previous and next walk the same list: older (further down) and newer (further up).
    for up, down in itertools.pairwise(order):
        below = store.articles.neighbours(up).previous
        above = store.articles.neighbours(down).next
        assert below is not None and below.id == down
        assert above is not None and above.id == up
    assert store.articles.neighbours(order[0]).next is None
    assert store.articles.neighbours(order[-1]).previous is None


def test_search_finds_words_in_title_and_body(store: Store) -> None:
    bus = store.articles.add(Article(BODY, title="Transport shake-up")).id
    store.articles.add(story(7))
    assert [a.id for a in store.articles.search("bus network").items] == [bus]
    assert [a.id for a in store.articles.search("shake-up").items] == [bus]
    assert store.articles.search("corridors").total == 1
    assert store.articles.search("zeppelin").total == 0
    assert store.articles.search("   ").total == 0


@pytest.mark.parametrize(
    ("query", "finds_bus"),
    [
        ('"bus', True),
        ("bus*", True),
        ("NEAR(bus", False),
        ("'; DROP TABLE articles; --", False),
        ("title:bus", False),
        ("((", False),
        ("corridors NOT zeppelin", False),
        ("corridors -zeppelin", False),
    ],
)
def test_search_treats_operators_as_words(store: Store, query: str, finds_bus: bool) -> None:
    """Search syntax in a query is never parsed as syntax: its words are looked up as words,
    all of them (so "NEAR(bus" needs the word "near" too), and punctuation alone finds nothing."""
    bus = store.articles.add(Article(BODY, title="Transport")).id
    store.articles.add(story(7))
    found = [a.id for a in store.articles.search(query).items]
    assert found == ([bus] if finds_bus else [])
    assert store.articles.count() == 2


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
    max_size=300,
)
_OPTIONAL = st.none() | _TEXT.filter(lambda s: s != "")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    body=_TEXT.filter(lambda s: s.strip() != ""),
    title=_OPTIONAL,
    byline=_OPTIONAL,
    published=_OPTIONAL,
    language=_OPTIONAL,
    path=st.none() | st.text(alphabet="abcdefghij-/?=&%", max_size=40),
)
def test_storing_and_loading_is_lossless(
    store: Store,
    body: str,
    title: str | None,
    byline: str | None,
    published: str | None,
    language: str | None,
    path: str | None,
) -> None:
    unique = uuid.uuid4().hex
    article = Article(
        text=f"{body}\n\n{unique}",
        title=title,
        byline=byline,
        published=published,
        language=language,
        url=None if path is None else f"https://example.com/{unique}/{path}",
    )
    added = store.articles.add(article)
    assert added.created
    assert store.articles.get(added.id).article == article


@pytest.mark.parametrize(
    "published", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00", "2025-02-30", "soon"]
)
def test_a_date_storage_cannot_place_is_ignored_not_fatal(store: Store, published: str) -> None:
    """Storage never fails on a date it cannot use: the article is ordered by ingestion time
    (an article reaches storage without the record rules too, through the library)."""
    now = datetime(2025, 6, 1, tzinfo=UTC)
    added = store.articles.add(story(1, published), now=now)
    stored = store.articles.get(added.id)
    assert stored.article.published == published
    assert stored.ordered_at == now and stored.published_at is None
    assert [a.id for a in store.articles.latest().items] == [added.id]


@settings(max_examples=300, deadline=None)
@given(
    value=st.none()
    | st.text(max_size=40)
    | st.sampled_from(["9999-12-31T23:59:59-23:59", "0001-01-01T00:00+14:00", "0001-01-01T00:00"])
)
def test_parse_published_never_raises(value: str | None) -> None:
    parsed = parse_published(value)
    assert parsed is None or parsed.tzinfo is UTC
