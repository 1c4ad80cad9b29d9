"""Publishers of the embeddable widget: a publishable key bound to origins and domains, and usage.

A key is public (it sits in every page's HTML); what it grants is bounded by the origins a request
may come from and the domains whose pages may be summarized. Usage (summaries served, cache hits)
is counted in memory and written in one transaction every few seconds, never once per request.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import secrets
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy import Engine, Row, Table, delete, insert, or_, select, update

from newsbrief.errors import ErrorCode, InputError, NotFound
from newsbrief.storage.database import write_transaction
from newsbrief.storage.schema import SiteRow
from newsbrief.storage.stored import as_utc

_TABLE = cast(Table, SiteRow.__table__)
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_KEY_PREFIX = "pk_"
_DEFAULT_PORTS = {"http": 80, "https": 443}
log = logging.getLogger("newsbrief.sites")


def _invalid(message: str) -> InputError:
    return InputError(message, code=ErrorCode.INVALID_OPTION)


def normalise_domain(value: str) -> str:
    """A host name as requests will carry it: lowercase, IDNA-encoded, no trailing dot; an IP
    address in its canonical form."""
    host = value.strip().lower().rstrip(".")
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise _invalid(f"not a domain name: {value!r}") from None
    labels = host.split(".")
    if not host or len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise _invalid(f"not a domain name: {value!r} (give a host such as example.com)")
    return host


def normalise_origin(value: str) -> str:
    """``scheme://host[:port]`` exactly as a browser sends it in the ``Origin`` header."""
    parts = urlsplit(value.strip())
    scheme = parts.scheme.lower()
    extra = parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc
    if scheme not in _DEFAULT_PORTS or not parts.hostname or extra:
        raise _invalid(f"not an origin: {value!r} (give scheme://host[:port], e.g. https://a.com)")
    host = normalise_domain(parts.hostname)
    try:
        port = parts.port
    except ValueError:
        raise _invalid(f"bad port in origin {value!r}") from None
    if ":" in host:
        host = f"[{host}]"
    suffix = f":{port}" if port is not None and port != _DEFAULT_PORTS[scheme] else ""
    return f"{scheme}://{host}{suffix}"


def host_matches(host: str, domain: str) -> bool:
    """Whether ``host`` is ``domain`` or one of its subdomains (an IP address matches only
    itself)."""
    if host == domain:
        return True
    return not _is_ip(domain) and host.endswith("." + domain)


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Publisher:
    id: int
    key: str
    domains: tuple[str, ...]
    origins: tuple[str, ...]
    allow_private: bool
    created_at: datetime
    served: int = 0
    cache_hits: int = 0

    @property
    def name(self) -> str:
        return self.domains[0]

    def allows_origin(self, origin: str | None) -> bool:
        return origin is not None and origin.lower() in self.origins

    def allows_host(self, host: str | None) -> bool:
        if not host:
            return False
        if host.isascii() and ":" not in host:
            normal = host.lower().rstrip(".")  # what normalise_domain gives, without its cost
        else:
            try:
                normal = normalise_domain(host)
            except InputError:
                return False
        return any(host_matches(normal, domain) for domain in self.domains)

    def allows_url(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in _DEFAULT_PORTS and self.allows_host(parts.hostname)


def _publisher(row: Row[Any]) -> Publisher:
    m = row._mapping
    return Publisher(
        id=m["id"],
        key=m["key"],
        domains=tuple(m["domains"].split()),
        origins=tuple(m["origins"].split()),
        allow_private=bool(m["allow_private"]),
        created_at=as_utc(m["created_at"]),
        served=m["served"],
        cache_hits=m["cache_hits"],
    )


@dataclass(slots=True)
class Counts:
    served: int = 0
    cache_hits: int = 0


class Publishers:
    """The registered sites; safe to share between threads (each call takes its own
    connection)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(
        self,
        domains: Iterable[str],
        origins: Iterable[str] = (),
        *,
        allow_private: bool = False,
        now: datetime | None = None,
    ) -> Publisher:
        """A new site with a new key. Without ``origins`` its pages are expected on
        ``https://<domain>`` for each domain."""
        normal = list(dict.fromkeys(normalise_domain(d) for d in domains))
        if not normal:
            raise _invalid("give at least one domain")
        given = list(origins) or [f"https://{d}" for d in normal]
        allowed = list(dict.fromkeys(normalise_origin(o) for o in given))
        key = _KEY_PREFIX + secrets.token_hex(16)
        with write_transaction(self.engine) as connection:
            connection.execute(
                insert(_TABLE).values(
                    key=key,
                    domains=" ".join(normal),
                    origins=" ".join(allowed),
                    allow_private=allow_private,
                    created_at=now or datetime.now(UTC),
                    served=0,
                    cache_hits=0,
                )
            )
        return self.find(key)

    def all(self) -> list[Publisher]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(_TABLE).order_by(_TABLE.c.id)).all()
        return [_publisher(row) for row in rows]

    def find(self, key_or_id: str) -> Publisher:
        """The site with this key, or this id."""
        condition = _TABLE.c.key == key_or_id
        if key_or_id.isdecimal() and len(key_or_id) <= 9:
            condition = or_(condition, _TABLE.c.id == int(key_or_id))
        with self.engine.connect() as connection:
            row = connection.execute(select(_TABLE).where(condition).limit(1)).first()
        if row is None:
            raise NotFound(f"no site with key or id {key_or_id!r}", code=ErrorCode.SITE_NOT_FOUND)
        return _publisher(row)

    def remove(self, key_or_id: str) -> Publisher:
        site = self.find(key_or_id)
        with write_transaction(self.engine) as connection:
            connection.execute(delete(_TABLE).where(_TABLE.c.id == site.id))
        return site

    def add_usage(self, usage: Mapping[int, Counts]) -> None:
        """Add counts to the sites' totals, all in one transaction."""
        if not usage:
            return
        with write_transaction(self.engine) as connection:
            for site_id, counts in sorted(usage.items()):
                connection.execute(
                    update(_TABLE)
                    .where(_TABLE.c.id == site_id)
                    .values(
                        served=_TABLE.c.served + counts.served,
                        cache_hits=_TABLE.c.cache_hits + counts.cache_hits,
                    )
                )


class Usage:
    """Per-site counts kept in memory and written at most every ``interval`` seconds, by a timer
    thread that exists only while there are counts to write."""

    def __init__(self, publishers: Publishers, interval: float = 10.0) -> None:
        self.publishers = publishers
        self.interval = interval
        self._counts: dict[int, Counts] = {}
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def record(self, site_id: int, *, hit: bool) -> None:
        with self._lock:
            counts = self._counts.setdefault(site_id, Counts())
            counts.served += 1
            counts.cache_hits += int(hit)
            if self._timer is None:
                self._timer = threading.Timer(self.interval, self.flush)
                self._timer.daemon = True
                self._timer.start()

    def close(self) -> None:
        """Write what is left now (the server is stopping)."""
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        self.flush()

    def flush(self) -> None:
        """Write what was counted so far; on a database error the counts are kept for the next
        flush."""
        with self._lock:
            drained, self._counts = self._counts, {}
            if self._timer is not None and self._timer is not threading.current_thread():
                self._timer.cancel()
            self._timer = None
        try:
            self.publishers.add_usage(drained)
        except Exception:
            log.exception("could not write the sites' usage; keeping it for the next flush")
            with self._lock:
                for site_id, counts in drained.items():
                    kept = self._counts.setdefault(site_id, Counts())
                    kept.served += counts.served
                    kept.cache_hits += counts.cache_hits


__all__ = [
    "Counts",
    "Publisher",
    "Publishers",
    "Usage",
    "host_matches",
    "normalise_domain",
    "normalise_origin",
]
