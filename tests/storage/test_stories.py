"""Stories in the database: every new article grouped once, in one place, whichever way it came
in; other processes' stories picked up; a rebuild from scratch; no write held while deciding."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from feed_site import LOOPBACK_ONLY, Route, item, rss, serving
from sqlalchemy import text
from stories.test_grouping import FOOTBALL, QUAKE

from newsbrief.errors import NotFound
from newsbrief.feeds.poll import Poller
from newsbrief.models import Article
from newsbrief.net.fetch import Fetcher
from newsbrief.storage import Store, open_store
from newsbrief.storage.feeds import FeedRepository
from newsbrief.storage.ingest import collect, ingest
from newsbrief.stories.grouping import StoryIndex


@pytest.fixture(autouse=True)
def no_stories(store: Store) -> None:
    # conftest empties the shared PostgreSQL database of articles only; stories are ours.
    store.stories.clear()


def quake(day: int, number: int) -> Article:
    return Article(QUAKE[number], title=f"Quake report {number}", published=f"2010-01-{day:02d}")


def test_related_articles_share_a_story_and_the_first_title_names_it(store: Store) -> None:
    ids = [store.articles.add(quake(13 + n, n)).id for n in range(3)]
    other = store.articles.add(Article(FOOTBALL, title="Derby", published="2010-01-13")).id
    stories = [store.stories.story_of(i) for i in ids]
    assert all(s is not None for s in stories)
    assert len({s.id for s in stories if s}) == 1
    story = stories[0]
    assert story is not None and story.title == "Quake report 0" and story.articles == 3
    derby = store.stories.story_of(other)
    assert derby is not None and derby.id != story.id
    assert [a.id for a in store.stories.articles(story.id)] == ids
    assert [s.id for s in store.stories.latest(min_articles=2).items] == [story.id]


def test_a_duplicate_is_not_grouped_twice(store: Store) -> None:
    first = store.articles.add(quake(13, 0))
    again = store.articles.add(quake(13, 0))
    assert not again.created and again.id == first.id
    story = store.stories.story_of(first.id)
    assert story is not None and story.articles == 1


def test_ingest_groups_every_article(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(
            f'{{"id": {n}, "text": "{QUAKE[n]}", "published": "2010-01-1{3 + n}"}}\n'
            for n in range(3)
        )
    )
    report = ingest(store.articles, collect([source]))
    assert len(report.added) == 3
    stories = {store.stories.story_of(i).id for i in report.added}  # type: ignore[union-attr]
    assert len(stories) == 1


def test_polled_feed_entries_are_grouped(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM feed_entries"))
        connection.execute(text("DELETE FROM feeds"))
    with serving() as site:
        site.routes["/feed"] = Route(
            rss([item(f"q{n}", site.url(f"/q{n}"), QUAKE[n]) for n in range(2)])
        )
        feeds = FeedRepository(store.engine)
        feeds.add(site.url("/feed"))
        Poller(feeds, store.articles, Fetcher(LOOPBACK_ONLY, host_delay=0)).poll()
    ids = [a.id for a in store.articles.latest().items]
    assert len(ids) == 2
    assert all(store.stories.story_of(i) is not None for i in ids)


def test_a_second_process_picks_up_stories_the_first_stored(database_url: str) -> None:
    first, second = open_store(database_url), open_store(database_url)
    try:
        a = first.articles.add(quake(13, 0)).id
        first.articles.add(quake(14, 1))
        # The second process never saw these stories; it reads them before deciding.
        c = second.articles.add(quake(15, 2)).id
        assert first.stories.story_of(c) == second.stories.story_of(a)
        story = second.stories.story_of(a)
        assert story is not None and story.articles == 3
    finally:
        first.close()
        second.close()


def test_rebuild_groups_the_archive_again_in_publication_order(store: Store) -> None:
    for n in (2, 0, 1):
        store.articles.add(quake(13 + n, n))
    store.articles.add(Article(FOOTBALL, published="2010-01-14"))
    count = store.stories.rebuild()
    assert (count.articles, count.stories) == (4, 2)
    ids = [a.id for a in store.stories.articles(store.stories.latest(min_articles=2).items[0].id)]
    assert len(ids) == 3


def test_an_unknown_story_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="no story with id 12345"):
        store.stories.get(12345)
    with pytest.raises(NotFound):
        store.stories.articles(12345)


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "lock.db"


def test_no_write_transaction_is_held_while_deciding(
    sqlite_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(f"sqlite:///{sqlite_path}")
    probes: list[bool] = []
    decide = StoryIndex.decide

    def probing(self: StoryIndex, *args: object, **kwargs: object) -> object:
        # Another connection takes the write lock at once: nobody holds it while we decide.
        other = sqlite3.connect(sqlite_path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            probes.append(True)
        except sqlite3.OperationalError:
            probes.append(False)
        finally:
            other.close()
        return decide(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(StoryIndex, "decide", probing)
    try:
        store.articles.add(quake(13, 0))
        store.articles.add(quake(14, 1))
    finally:
        store.close()
    assert probes == [True, True]


def test_ten_thousand_copies_make_one_article_in_one_story(store: Store) -> None:
    first = store.articles.add(quake(13, 0)).id
    for _ in range(50):  # each copy is a duplicate: stored once, grouped once
        assert not store.articles.add(quake(13, 0)).created
    story = store.stories.story_of(first)
    assert story is not None and story.articles == 1


def test_a_story_written_between_catching_up_and_writing_is_not_missed(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = open_store(database_url), open_store(database_url)
    try:
        first.articles.add(quake(13, 0))
        store_decision = first.stories._store

        def interleaved(*args: Any, **kwargs: Any) -> Any:
            # Another process stores a story after this one caught up and before it writes.
            second.articles.add(Article(FOOTBALL, title="Derby", published="2010-01-14"))
            return store_decision(*args, **kwargs)

        monkeypatch.setattr(first.stories, "_store", interleaved)
        first.articles.add(quake(14, 1))
        monkeypatch.undo()
        later = Article(
            FOOTBALL + " Fans sang long after the final whistle.", published="2010-01-14"
        )
        joined = first.stories.story_of(first.articles.add(later).id)
        derby = second.stories.latest().items
        assert joined is not None and joined.articles == 2
        assert joined.id in {s.id for s in derby if s.title == "Derby"}
    finally:
        first.close()
        second.close()


def unrelated(n: int, extra: str = "") -> Article:
    """An article whose every word is its own: no two numbers share a term."""
    mark = "".join(chr(ord("a") + int(digit)) for digit in f"{n:03d}")
    words = ("harbour", "council", "budget", "ferry", "walls", "delay", "money", "vote")
    text = " ".join(f"zq{mark}{word}" for word in words) + extra
    return Article(f"{text}. {text}.", title=f"Topic {n}", published="2010-01-13")


def test_a_bounded_store_keeps_the_latest_stories_live_and_all_of_them_stored(
    database_url: str,
) -> None:
    bounded = open_store(database_url, max_live_stories=3)
    try:
        ids = [bounded.articles.add(unrelated(n)).id for n in range(10)]
        stories = [bounded.stories.story_of(i) for i in ids]
        assert len({s.id for s in stories if s}) == 10 and bounded.stories.count() == 10
        assert bounded.stories.live() == 3
        # The oldest story is no longer joined: its topic starts a story of its own...
        again = bounded.stories.story_of(bounded.articles.add(unrelated(0, " again")).id)
        assert again is not None and stories[0] is not None
        assert again.id not in {s.id for s in stories if s} and again.articles == 1
        # ...while a live one still grows.
        later = bounded.stories.story_of(bounded.articles.add(unrelated(9, " later")).id)
        assert later is not None and stories[9] is not None
        assert later.id == stories[9].id and later.articles == 2
        assert bounded.stories.live() == 3 and bounded.stories.count() == 11
    finally:
        bounded.close()


def test_stories_another_process_updated_are_the_ones_read_back_live(database_url: str) -> None:
    first, second = open_store(database_url), open_store(database_url, max_live_stories=3)
    try:
        ids = [first.articles.add(unrelated(n)).id for n in range(10)]
        stories = [first.stories.story_of(i) for i in ids]
        # The second process reads back only the three latest stories; the latest one joins.
        joined = second.stories.story_of(second.articles.add(unrelated(9, " later")).id)
        assert second.stories.live() == 3
        assert joined is not None and stories[9] is not None and joined.id == stories[9].id
        # Story 0 is updated by the first process: read back, it is live again for the second.
        first.articles.add(unrelated(0, " again"))
        back = second.stories.story_of(second.articles.add(unrelated(0, " once more")).id)
        assert back is not None and stories[0] is not None
        assert back.id == stories[0].id and back.articles == 3
    finally:
        first.close()
        second.close()
