"""Publishers: keys bound to origins and domains, normalised as browsers send them; usage counted
in memory and written in one transaction per flush, not once per request."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from publisher_site import empty_tables, wait_for
from sqlalchemy import Engine, event

from newsbrief.errors import InputError, NotFound
from newsbrief.storage import Store
from newsbrief.storage.sites import (
    Counts,
    Publishers,
    Usage,
    host_matches,
    normalise_domain,
    normalise_origin,
)


@pytest.fixture
def publishers(store: Store) -> Publishers:
    return Publishers(empty_tables(store).engine)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Example.COM", "example.com"),
        ("example.com.", "example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("127.0.0.2", "127.0.0.2"),
        ("[::1]", "::1"),
    ],
)
def test_domains_are_normalised(given: str, expected: str) -> None:
    assert normalise_domain(given) == expected


@pytest.mark.parametrize(
    "bad", ["", "https://example.com", "exa mple.com", "-a.com", "a/b", "a..b"]
)
def test_what_is_not_a_domain_is_refused(bad: str) -> None:
    with pytest.raises(InputError, match="not a domain name"):
        normalise_domain(bad)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://Example.com", "https://example.com"),
        ("https://example.com:443/", "https://example.com"),
        ("http://127.0.0.2:8123", "http://127.0.0.2:8123"),
        ("http://[::1]:80", "http://[::1]"),
    ],
)
def test_origins_are_written_as_browsers_send_them(given: str, expected: str) -> None:
    assert normalise_origin(given) == expected


@pytest.mark.parametrize(
    "bad", ["example.com", "ftp://example.com", "https://example.com/news", "https://u@a.com"]
)
def test_what_is_not_an_origin_is_refused(bad: str) -> None:
    with pytest.raises(InputError, match="not an origin"):
        normalise_origin(bad)


def test_a_domain_covers_its_subdomains_and_nothing_else() -> None:
    assert host_matches("example.com", "example.com")
    assert host_matches("www.example.com", "example.com")
    assert not host_matches("badexample.com", "example.com")
    assert not host_matches("example.com.evil.net", "example.com")
    assert host_matches("127.0.0.2", "127.0.0.2") and not host_matches("1.127.0.0.2", "127.0.0.2")


_NAMES = st.from_regex(r"[a-z][a-z0-9]{0,9}(\.[a-z][a-z0-9]{0,9}){0,3}", fullmatch=True)


@given(_NAMES, _NAMES)
@settings(max_examples=200)
def test_a_host_matches_a_domain_only_at_a_label_boundary(host: str, domain: str) -> None:
    assert host_matches(host, domain) == (host == domain or host.endswith("." + domain))
    assert host_matches(f"{host}.{domain}", domain)
    assert not host_matches(host + domain, domain)  # "badexample.com" is not "example.com"


def test_add_find_list_and_remove(publishers: Publishers) -> None:
    site = publishers.add(["Example.com", "example.org"], ["https://example.com"])
    assert site.key.startswith("pk_") and len(site.key) == 35
    assert site.domains == ("example.com", "example.org")
    assert site.origins == ("https://example.com",)
    assert publishers.find(site.key) == site == publishers.find(str(site.id))
    other = publishers.add(["example.net"])
    assert other.origins == ("https://example.net",) and other.key != site.key
    assert [s.id for s in publishers.all()] == [site.id, other.id]
    assert publishers.remove(site.key).id == site.id
    with pytest.raises(NotFound) as missing:
        publishers.find(site.key)
    assert missing.value.code == "site_not_found"


def test_a_site_allows_its_origins_and_domains_only(publishers: Publishers) -> None:
    site = publishers.add(["example.com"], ["https://example.com", "https://www.example.com"])
    assert site.allows_origin("https://www.example.com")
    assert not site.allows_origin("https://evil.example") and not site.allows_origin(None)
    assert site.allows_url("https://news.example.com/a") and site.allows_url("http://example.com/")
    assert not site.allows_url("https://example.org/a") and not site.allows_url("ftp://example.com")


def _transactions(engine: Engine) -> list[int]:
    begun: list[int] = []

    def count(_connection: Any) -> None:
        begun.append(1)

    event.listen(engine, "begin", count)
    return begun


def test_usage_is_written_in_one_transaction_per_flush(publishers: Publishers) -> None:
    one, two = publishers.add(["a.example"]), publishers.add(["b.example"])
    usage = Usage(publishers, interval=3600)
    begun = _transactions(publishers.engine)

    def count() -> None:
        for i in range(200):
            usage.record(one.id, hit=i % 4 != 0)

    threads = [threading.Thread(target=count) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    usage.record(two.id, hit=False)
    assert begun == []  # a thousand requests, no write yet
    usage.flush()
    assert len(begun) == 1
    by_id = {s.id: s for s in publishers.all()}
    assert (by_id[one.id].served, by_id[one.id].cache_hits) == (1000, 750)
    assert (by_id[two.id].served, by_id[two.id].cache_hits) == (1, 0)
    before = len(begun)
    usage.flush()  # nothing counted since: nothing written
    assert len(begun) == before


def test_usage_reaches_the_database_by_itself(publishers: Publishers) -> None:
    site = publishers.add(["a.example"])
    usage = Usage(publishers, interval=0.05)
    usage.record(site.id, hit=True)
    wait_for(lambda: publishers.find(site.key).served == 1, message="the timed flush")
    usage.record(site.id, hit=False)
    wait_for(lambda: publishers.find(site.key).served == 2, message="a second timed flush")
    assert publishers.find(site.key).cache_hits == 1


@given(st.lists(st.tuples(st.integers(0, 2), st.booleans()), max_size=60))
@settings(max_examples=30, deadline=None)
def test_flushed_usage_adds_up(tmp_path_factory: pytest.TempPathFactory, records: Any) -> None:
    from newsbrief.storage import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('usage') / 'u.db'}")
    try:
        publishers = Publishers(store.engine)
        sites = [publishers.add([f"s{i}.example"]) for i in range(3)]
        expected = {s.id: Counts() for s in sites}
        usage = Usage(publishers, interval=3600)
        for index, hit in records:
            usage.record(sites[index].id, hit=hit)
            expected[sites[index].id].served += 1
            expected[sites[index].id].cache_hits += int(hit)
        usage.flush()
        found = {s.id: Counts(s.served, s.cache_hits) for s in publishers.all()}
        assert found == expected
    finally:
        store.close()
