"""Rate limits whose counts are atomic and shared by every worker process (and, with Redis, every instance).

DRF's SimpleRateThrottle reads a list from the cache, edits it and writes it back: two workers that read
at once both see room and both let a request through. Here every hit is one atomic increment of a
counter whose window starts at the first hit and lasts the rate's period (a fixed window per client).
"""

import logging
import random
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from rest_framework import throttling

logger = logging.getLogger(__name__)

# After a Redis failure, throttles stop asking it for this many seconds (no timeout per request).
REDIS_RETRY_SECONDS = 5

# One Lua script is atomic in Redis: increment, start the window on the first hit, report what is left,
# and read the cache keys the request will need next (KEYS[2:]), so that a cached read costs one round trip.
REDIS_HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
if #KEYS > 1 then return {count, ttl, redis.call('MGET', unpack(KEYS, 2))} end
return {count, ttl, {}}
"""


class RedisCounters:
    """Counters in the cache's Redis: shared by every worker and every instance."""

    def __init__(self):
        self.script = None
        self.down_until = 0.0

    def hit(self, key: str, duration: int) -> tuple[int, float] | None:
        hit = self.hit_and_fetch(key, duration)
        return hit and hit[:2]

    def hit_and_fetch(self, key: str, duration: int, fetch: Sequence[str] = ()) -> tuple[int, float, dict] | None:
        """Count a hit, and read the cache entries named in `fetch` in the same round trip."""
        if time.monotonic() < self.down_until:
            return None
        try:
            from django_redis import get_redis_connection

            if self.script is None:
                self.script = get_redis_connection("default").register_script(REDIS_HIT_SCRIPT)
            keys = [cache.make_key(name) for name in (key, *fetch)]
            count, ttl_ms, values = self.script(keys=keys, args=[duration * 1000])
            found = [(name, value) for name, value in zip(fetch, values, strict=True) if value is not None]
            fetched = {name: cache.client.decode(value) for name, value in found}
        except Exception:  # Redis down or unreachable: serve, and do not count (README, "Redis down")
            self.down_until = time.monotonic() + REDIS_RETRY_SECONDS
            logger.warning("throttle counters unavailable (Redis); requests are not being counted", exc_info=True)
            return None
        return int(count), int(ttl_ms) / 1000, fetched

    def clear(self) -> None:
        cache.clear()
        self.down_until = 0.0


class SqliteCounters:
    """Counters in a SQLite file beside the file cache, used by the throttles only.

    Why SQLite: Django's FileBasedCache has no atomic incr (read, add one, rewrite), while one SQLite
    statement in a BEGIN IMMEDIATE transaction holds the file's write lock across processes.
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
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                pass  # another connection is switching the (persistent) mode right now: it will be WAL
            # Inside BEGIN IMMEDIATE the busy timeout applies; a bare CREATE racing another can fail at once.
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(self.SCHEMA)
            connection.execute("COMMIT")
            self.local.connection = connection
        return connection

    def hit(self, key: str, duration: int) -> tuple[int, float] | None:
        now = time.time()
        try:
            connection = self.connection()
            connection.execute("BEGIN IMMEDIATE")
            try:
                count, expires = connection.execute(
                    self.UPSERT, {"key": key, "now": now, "expires": now + duration}
                ).fetchone()
                if random.random() < 0.01:  # now and then, forget the windows that are over
                    connection.execute("DELETE FROM counters WHERE expires <= ?", (now,))
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            logger.warning("throttle counters unavailable (%s); not counting", self.path, exc_info=True)
            return None
        return count, max(expires - now, 0.0)

    def hit_and_fetch(self, key: str, duration: int, fetch: Sequence[str] = ()) -> tuple[int, float, None] | None:
        """A hit; this store is not the cache, so nothing is fetched (None)."""
        hit = self.hit(key, duration)
        return hit and (*hit, None)

    def clear(self) -> None:
        self.connection().execute("DELETE FROM counters")


_counters = None


def counters() -> RedisCounters | SqliteCounters:
    """The process's counter store, chosen by the settings (Redis when REDIS_URL is set)."""
    global _counters
    if _counters is None:
        if settings.REDIS_URL:
            _counters = RedisCounters()
        else:
            _counters = SqliteCounters(settings.THROTTLE_COUNTERS_FILE)
    return _counters


class AtomicRateThrottleMixin:
    """SimpleRateThrottle's rates and keys, counted with one atomic hit per request.

    A view may name cache keys in `request.throttle_fetch` before the throttles run: the first hit
    that the cache's own Redis counts reads them too and leaves them in `request.throttle_fetched`.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        hit = counters().hit_and_fetch(self.key, self.duration, getattr(request, "throttle_fetch", ()))
        if hit is None:
            return True  # no counter store: fail open rather than refuse every client
        count, self.remaining, fetched = hit
        if fetched is not None:
            request.throttle_fetch, request.throttle_fetched = (), fetched
        return count <= self.num_requests

    def wait(self):
        return max(getattr(self, "remaining", 0.0), 1.0)


class AnonRateThrottle(AtomicRateThrottleMixin, throttling.AnonRateThrottle):
    """`anon` scope: per client address, for anonymous requests."""


class UserRateThrottle(AtomicRateThrottleMixin, throttling.UserRateThrottle):
    """`user` scope: per authenticated user (anonymous requests count in `anon` alone: one hit each)."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class CreateRateThrottle(AtomicRateThrottleMixin, throttling.SimpleRateThrottle):
    """`create` scope: record creation, per user; MenViewSet adds it to its `create` action."""

    scope = "create"

    def get_cache_key(self, request, view):
        # Throttles run after permissions, and only authenticated users may create.
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
