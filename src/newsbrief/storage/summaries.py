"""The summary cache: each (article hash, method, length) is computed once, then read.

A summary is computed outside any transaction or connection (an LLM may take its whole timeout),
then stored with one short insert-if-absent. Inside a process a lock per key makes the threads of
one worker wait for the first one's result instead of computing again; across processes the
unique key decides: the first insert wins, and a process that computed the same key meanwhile
answers with the winner's row. A small in-memory LRU sits in front, which cannot go stale: a key
names immutable content.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar, cast

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from newsbrief.storage.database import write_transaction
from newsbrief.storage.schema import SummaryRow
from newsbrief.summarizers.base import SummaryOptions

_TABLE = cast(Table, SummaryRow.__table__)
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class SummaryKey:
    """What names a cached summary: the text's hash, the method and the length (with language)."""

    content_hash: str
    method: str
    length: str

    @classmethod
    def of(cls, content_hash: str, options: SummaryOptions) -> SummaryKey:
        return cls(content_hash, options.method, options.length_key)


class LRU(Generic[K, V]):
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        if self._size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class KeyLocks:
    """One lock per key, alive while someone holds or waits for it: threads asking for one key
    queue up, and a slow key never delays another (as a fixed set of shared locks would)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[Hashable, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, key: Hashable) -> Iterator[None]:
        with self._lock:
            lock, users = self._held.get(key, (threading.Lock(), 0))
            self._held[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._held[key]
                if users == 1:
                    del self._held[key]
                else:
                    self._held[key] = (lock, users - 1)


class SummaryCache:
    """Cached summary payloads (JSON text); ``compute`` runs at most once per key in a process."""

    def __init__(self, engine: Engine, memory_size: int = 2048) -> None:
        self.engine = engine
        self._memory: LRU[SummaryKey, str] = LRU(memory_size)
        self._locks = KeyLocks()

    def get(self, key: SummaryKey) -> str | None:
        value = self._memory.get(key)
        if value is not None:
            return value
        with self.engine.connect() as connection:
            value = self._read(connection, key)
        if value is not None:
            self._memory.put(key, value)
        return value

    def get_or_compute(self, key: SummaryKey, compute: Callable[[], str]) -> tuple[str, bool]:
        """The payload for ``key`` and whether it was cached (False: computed by this call and
        stored). ``compute`` runs with no connection open, so a slow one holds no lock that
        writers (or other keys) wait for; an exception from it stores nothing."""
        value = self.get(key)
        if value is not None:
            return value, True
        with self._locks.hold(key):
            value = self.get(key)  # the thread we waited for has stored it
            if value is not None:
                return value, True
            computed = compute()
            stored = self._insert_if_absent(key, computed)
        self._memory.put(key, stored)
        return stored, stored is not computed

    def _insert_if_absent(self, key: SummaryKey, payload: str) -> str:
        """Store ``payload`` unless another process stored the key first; the stored payload."""
        values = {
            "content_hash": key.content_hash,
            "method": key.method,
            "length": key.length,
            "payload": payload,
            "created_at": datetime.now(UTC),
        }
        with write_transaction(self.engine) as connection:
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            inserted = connection.execute(
                dialect.insert(_TABLE)
                .values(**values)
                .on_conflict_do_nothing()
                .returning(_TABLE.c.id)
            ).first()
            if inserted is not None:
                return payload
            winner = self._read(connection, key)
        # The row cannot vanish (nothing deletes summaries while serving); if it did, ours
        # is as good an answer.
        return payload if winner is None else winner

    @staticmethod
    def _read(connection: Connection, key: SummaryKey) -> str | None:
        found: str | None = connection.execute(
            select(_TABLE.c.payload).where(
                _TABLE.c.content_hash == key.content_hash,
                _TABLE.c.method == key.method,
                _TABLE.c.length == key.length,
            )
        ).scalar()
        return found


__all__ = ["LRU", "SummaryCache", "SummaryKey"]
