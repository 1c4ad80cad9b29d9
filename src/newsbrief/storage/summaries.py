"""The summary cache: each (article hash, method, length) is computed once, then read.

Three layers keep "once" true under concurrent requests: a lock per key inside a process (threads
of one worker wait instead of computing), a database lock across processes (PostgreSQL advisory
lock on the key; SQLite's single writer lock, taken at BEGIN), and the unique key on the table.
A small in-memory LRU sits in front, which cannot go stale: a key names immutable content.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar, cast

from sqlalchemy import Connection, Engine, Table, insert, select, text

from newsbrief.storage.database import WRITE
from newsbrief.storage.schema import SummaryRow
from newsbrief.summarizers.base import SummaryOptions

_TABLE = cast(Table, SummaryRow.__table__)
_STRIPES = 64
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

    def lock_id(self) -> int:
        """A signed 64-bit number for pg_advisory_xact_lock, stable across processes."""
        raw = hashlib.blake2b(repr(self).encode(), digest_size=8).digest()
        return int.from_bytes(raw, "big", signed=True)


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


class SummaryCache:
    """Cached summary payloads (JSON text); ``compute`` runs at most once per key."""

    def __init__(self, engine: Engine, memory_size: int = 2048) -> None:
        self.engine = engine
        self._memory: LRU[SummaryKey, str] = LRU(memory_size)
        self._stripes = [threading.Lock() for _ in range(_STRIPES)]

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
        """The payload for ``key`` and whether it was cached (False: computed by this call)."""
        value = self.get(key)
        if value is not None:
            return value, True
        with self._stripes[hash(key) % _STRIPES], self.engine.connect() as base:
            connection = base.execution_options(**{WRITE: True})
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:id)"), {"id": key.lock_id()}
                    )
                value = self._read(connection, key)
                cached = value is not None
                if value is None:
                    value = compute()
                    connection.execute(
                        insert(_TABLE).values(
                            content_hash=key.content_hash,
                            method=key.method,
                            length=key.length,
                            payload=value,
                            created_at=datetime.now(UTC),
                        )
                    )
        self._memory.put(key, value)
        return value, cached

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
