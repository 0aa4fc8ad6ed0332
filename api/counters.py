"""Atomic counters shared by every worker process (and, with Redis, every instance).

One call counts several keys at once (the throttles of a request) and can read cache entries in the
same round trip, so a cached read costs one round trip to Redis. A store that cannot count answers
None: each throttle then decides whether to fail open or closed.

Counters never share eviction with the cache (DESIGN.md, "Decisions"): with Redis they live under
COUNTERS_REDIS_URL (defaulting to the cache's REDIS_URL; give it its own `noeviction` server in
production); without Redis, in a SQLite file of their own.
"""

import contextlib
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache

from .own_redis import OwnConnection

logger = logging.getLogger(__name__)

# After a failure, a store is left alone for this many seconds (no timeout per request).
RETRY_SECONDS = 5


@dataclass(frozen=True)
class Count:
    """One counter after a hit: hits in the current window and seconds until the window ends."""

    hits: int
    remaining: float


@dataclass(frozen=True)
class Counted:
    """What one `hit` call returns: a Count per key, in order, and the cache entries it read.

    `fetched` holds the requested cache entries that exist (missing ones left out), or is None when
    this store could not read the cache: the caller reads it itself.
    """

    counts: tuple[Count, ...]
    fetched: Mapping[str, Any] | None


class CounterStore(Protocol):
    def hit(self, windows: Sequence[tuple[str, int]], fetch: Sequence[str] = ()) -> Counted | None:
        """Count one hit on each (key, period in seconds); None when the store is unavailable."""

    def peek(self, key: str) -> Count | None:
        """A counter as it stands, without counting (0 hits when its window is over); None: unavailable."""

    def clear(self) -> None: ...


# Atomic in Redis: for each counter, increment and start its window on the first hit; then read the
# cache keys the request needs next (KEYS after the counters), all in one round trip.
REDIS_HIT_SCRIPT = """
local counters = tonumber(ARGV[1])
local counts = {}
for i = 1, counters do
  local hits = redis.call('INCR', KEYS[i])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then redis.call('PEXPIRE', KEYS[i], ARGV[i + 1]); ttl = tonumber(ARGV[i + 1]) end
  counts[i] = {hits, ttl}
end
local fetched = {}
if #KEYS > counters then fetched = redis.call('MGET', unpack(KEYS, counters + 1)) end
return {counts, fetched}
"""


class RedisCounters:
    """Counters in Redis. When they share the cache's server, the same script reads cache entries too."""

    def __init__(self, url: str, shares_cache: bool):
        self.url = url
        self.shares_cache = shares_cache
        self.down_until = 0.0
        self.wire = OwnConnection(lambda: self.connection().connection_pool)

    def connection(self) -> Any:
        if self.shares_cache:
            from django_redis import get_redis_connection

            return get_redis_connection("default")
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1)

    def hit(self, windows: Sequence[tuple[str, int]], fetch: Sequence[str] = ()) -> Counted | None:
        if time.monotonic() < self.down_until:
            return None
        fetch = fetch if self.shares_cache else ()
        try:
            keys = [f"counter:{key}" for key, _ in windows] + [cache.make_key(name) for name in fetch]
            counts, values = self.evaluate(keys, [len(windows), *(period * 1000 for _, period in windows)])
            found = {name: value for name, value in zip(fetch, values, strict=True) if value is not None}
            fetched = {name: cache.client.decode(value) for name, value in found.items()}  # type: ignore[attr-defined]
        except Exception:  # unreachable, or full (OOM): the throttles decide what that means
            self.down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("throttle counters unavailable (Redis)", exc_info=True)
            return None
        return Counted(
            tuple(Count(int(hits), int(ttl_ms) / 1000) for hits, ttl_ms in counts),
            fetched if self.shares_cache else None,
        )

    def evaluate(self, keys: list[str], args: list) -> Any:
        """The hit script's reply, on the connection this process keeps for it (api.own_redis)."""
        [reply] = self.wire.call(("EVAL", REDIS_HIT_SCRIPT, len(keys), *keys, *args))
        return reply

    def peek(self, key: str) -> Count | None:
        if time.monotonic() < self.down_until:
            return None
        try:
            hits, ttl_ms = self.connection().pipeline().get(f"counter:{key}").pttl(f"counter:{key}").execute()
        except Exception:
            self.down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("throttle counters unavailable (Redis)", exc_info=True)
            return None
        return Count(int(hits), max(ttl_ms, 0) / 1000) if hits is not None else Count(0, 0.0)

    def clear(self) -> None:
        self.down_until = 0.0
        self.wire.forget()
        try:
            connection = self.connection()
            keys = list(connection.scan_iter(match="counter:*", count=1000))
            if keys:
                connection.delete(*keys)
        except Exception:
            logger.warning("could not clear the throttle counters", exc_info=True)


class SqliteCounters:
    """Counters in a SQLite file of their own, shared by the workers of one machine.

    Every hit of a request is one BEGIN IMMEDIATE transaction, which holds the file's write lock across
    processes. Counters need not survive a power cut, so commits are not synced to disk.
    """

    SCHEMA = "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
    UPSERT = (
        "INSERT INTO counters (key, count, expires) VALUES (:key, 1, :expires) "
        "ON CONFLICT (key) DO UPDATE SET "
        "count = CASE WHEN counters.expires <= :now THEN 1 ELSE counters.count + 1 END, "
        "expires = CASE WHEN counters.expires <= :now THEN :expires ELSE counters.expires END "
        "RETURNING count, expires"
    )

    def __init__(self, path: Path):
        self.path = Path(path)
        self.local = threading.local()

    def connection(self) -> sqlite3.Connection:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            # Another connection may be switching the (persistent) mode right now: it will be WAL.
            with contextlib.suppress(sqlite3.OperationalError):
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            # Inside BEGIN IMMEDIATE the busy timeout applies; a bare CREATE racing another can fail at once.
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(self.SCHEMA)
            connection.execute("COMMIT")
            self.local.connection = connection
        return connection

    def hit(self, windows: Sequence[tuple[str, int]], fetch: Sequence[str] = ()) -> Counted | None:
        now = time.time()
        try:
            connection = self.connection()
            connection.execute("BEGIN IMMEDIATE")
            try:
                rows = [
                    connection.execute(self.UPSERT, {"key": key, "now": now, "expires": now + period}).fetchone()
                    for key, period in windows
                ]
                if random.random() < 0.01:  # now and then, forget the windows that are over
                    connection.execute("DELETE FROM counters WHERE expires <= ?", (now,))
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            logger.warning("throttle counters unavailable (%s)", self.path, exc_info=True)
            return None
        return Counted(tuple(Count(hits, max(expires - now, 0.0)) for hits, expires in rows), None)

    def peek(self, key: str) -> Count | None:
        now = time.time()
        try:
            row = (
                self.connection()
                .execute("SELECT count, expires FROM counters WHERE key = ? AND expires > ?", (key, now))
                .fetchone()
            )
        except sqlite3.Error:
            logger.warning("throttle counters unavailable (%s)", self.path, exc_info=True)
            return None
        return Count(row[0], row[1] - now) if row else Count(0, 0.0)

    def clear(self) -> None:
        self.connection().execute("DELETE FROM counters")


_store: CounterStore | None = None


def counters() -> CounterStore:
    """The process's counter store, chosen by the settings."""
    global _store
    if _store is None:
        if settings.COUNTERS_REDIS_URL:
            shares_cache = settings.COUNTERS_REDIS_URL == settings.REDIS_URL
            _store = RedisCounters(settings.COUNTERS_REDIS_URL, shares_cache=shares_cache)
        else:
            _store = SqliteCounters(settings.THROTTLE_COUNTERS_FILE)
    return _store
