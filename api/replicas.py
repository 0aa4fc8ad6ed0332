"""Reads from a streaming replica, keeping DESIGN.md's one consistency promise: the next read after a
committed write sees it, for every reader.

With `DATABASE_REPLICA_URL` set (settings add the `replica` alias, this router and the middleware):

- Every write goes to the primary. After each committed write the primary's WAL position
  (`pg_current_wal_lsn()`) is raised in Redis (COUNTERS_REDIS_URL: it never evicts), only ever
  upwards, so it is the position of the newest write any instance has acknowledged.
- A read may use the replica only if the replica has replayed at least that far
  (`pg_last_wal_replay_lsn()`). A request checks once, at its first read that could use the replica:
  one Redis GET and one query on the replica, both remembered for the rest of the request.
- Authentication (users, sessions, DRF tokens, the JWT blacklist), idempotency keys, reads inside a
  transaction and every read of an unsafe request (POST, PUT, PATCH, DELETE) use the primary.
- A replica that is down (skipped for RETRY_AFTER_FAILURE seconds, then tried again), behind, or
  not a standby, is skipped: the primary answers. One that goes away in the middle of a safe request
  (after the request found it fresh) makes the whole request run again on the primary, once.
  Without Redis, or before the first pin, reads use the primary: no pin means no proof that the replica is fresh.
- Outside a request (Celery tasks, management commands) reads use the primary.

Why the record cache stays correct (menapp.cache, api.generations): a write's pin is raised
before its cache generation moves on. In autocommit the pin is raised right after the statement;
in a transaction the pin is the first on_commit callback, ahead of the generation's renewal. A
reader that finds the new generation therefore reads the pin after it was raised, and the replica
answers it only once it has replayed that write, so nothing read from a replica that had not
replayed the write that invalidated a page is stored under the generation that write made current.
(A reader that found the old generation stores under a generation that is already gone.) This
needs a request's cache lookup to come before its first replica read, which is how the record
cache works (menapp.views reads the generation with the throttle counters, before the view runs);
a cache that looked up after reading would have to take its generation before the router decides.

Writes are noticed by an execute wrapper on the primary's connection, installed the first time the
router routes anything in a thread; raw SQL written outside the ORM before that is not pinned.
If Redis cannot be reached when a pin is raised, the write still succeeds, and is logged: readers
that can reach Redis meanwhile see the previous pin (the one gap; Redis restarts lose every pin,
which sends reads to the primary until the next write).
"""

import contextlib
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

logger = logging.getLogger(__name__)

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
PIN_KEY = "men:replica:lsn"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Authentication and idempotency read what another instance wrote a moment ago: primary only.
PRIMARY_APPS = frozenset({"auth", "authtoken", "token_blacklist", "sessions", "accounts"})
PRIMARY_MODELS = frozenset({"menapp.idempotencykey"})
RETRY_AFTER_FAILURE = 5.0
WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "TRUNCATE", "WITH", "CREATE", "ALTER", "DROP")

# Raise the pin, never lower it: two writers may store their positions in either order.
RAISE_PIN = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
"""


@dataclass
class RequestReads:
    unsafe: bool
    replica_fresh: bool | None = None  # decided at the request's first read that may use the replica
    replica_failed: bool = False  # a query on the replica failed during the request


_request: ContextVar[RequestReads | None] = ContextVar("men_replica_reads", default=None)
_replica_down_until = 0.0
_client: redis.Redis | None = None


def pins() -> redis.Redis | None:
    """The counters Redis, with short timeouts (a slow Redis must not slow every read), or None."""
    global _client
    if _client is None and settings.COUNTERS_REDIS_URL:
        _client = redis.Redis.from_url(
            settings.COUNTERS_REDIS_URL, socket_timeout=0.25, socket_connect_timeout=0.25, retry_on_timeout=False
        )
    return _client


# WRITES
# ------------------------------------------------------------------------------
def is_write(sql) -> bool:
    return isinstance(sql, str) and sql.lstrip()[:8].upper().startswith(WRITES)


def raise_pin(connection) -> None:
    """Store the primary's current WAL position (after a commit: at or past that commit) in Redis."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT (pg_current_wal_lsn() - '0/0')::bigint")
            position = cursor.fetchone()[0]
    except DatabaseError:
        logger.warning("replica pin: could not read the primary's WAL position", exc_info=True)
        return
    client = pins()
    if client is None:
        return
    try:
        client.eval(RAISE_PIN, 1, PIN_KEY, position)
    except redis.RedisError:
        logger.warning("replica pin: Redis unavailable, the write at %s is not pinned", position)


def track_writes(execute, sql, params, many, context):
    """Execute wrapper on the primary's connection: pin each committed write (module docstring)."""
    result = execute(sql, params, many, context)
    if is_write(sql):
        connection = context["connection"]
        if not connection.in_atomic_block:
            raise_pin(connection)
        elif not any(entry[1] is connection.men_raise_pin for entry in connection.run_on_commit):
            transaction.on_commit(connection.men_raise_pin, using=connection.alias)
            # First of the commit's callbacks: the pin must be up before the cache generation moves on.
            connection.run_on_commit.insert(0, connection.run_on_commit.pop())
    return result


def ensure_tracking() -> None:
    """Install track_writes on this thread's primary connection and notice_failures on its replica
    connection (once each: they survive reconnects)."""
    connection = connections[PRIMARY]
    if track_writes not in connection.execute_wrappers:
        connection.men_raise_pin = lambda: raise_pin(connection)  # type: ignore[attr-defined]
        connection.execute_wrappers.append(track_writes)
    if REPLICA in connections.settings and notice_failures not in connections[REPLICA].execute_wrappers:
        connections[REPLICA].execute_wrappers.append(notice_failures)


def notice_failures(execute, sql, params, many, context):
    """Execute wrapper on the replica's connection: a failed query marks the replica down for a while
    and the request as failed on it, so ReplicaMiddleware answers it again from the primary."""
    try:
        return execute(sql, params, many, context)
    except DatabaseError:
        mark_replica_down()
        reads = _request.get()
        if reads is not None and reads.replica_fresh:  # a failed freshness check already read the primary
            reads.replica_failed = True
        raise


def mark_replica_down() -> None:
    global _replica_down_until
    logger.warning("replica unavailable: reads use the primary for %.0f s", RETRY_AFTER_FAILURE)
    _replica_down_until = time.monotonic() + RETRY_AFTER_FAILURE


# READS
# ------------------------------------------------------------------------------
def replica_is_fresh() -> bool:
    """Whether the replica has replayed the newest pinned write (one Redis GET, one replica query)."""
    if time.monotonic() < _replica_down_until:
        return False
    client = pins()
    if client is None:
        return False
    try:
        pinned = client.get(PIN_KEY)
    except redis.RedisError:
        return False
    if pinned is None:
        return False
    try:
        replayed = replayed_position()
    except DatabaseError:
        mark_replica_down()
        close_quietly(REPLICA)
        return False
    return replayed is not None and replayed >= int(pinned)


def replayed_position() -> int | None:
    """How far the replica has replayed the primary's WAL (None: it is not a standby)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint")
        return cursor.fetchone()[0]


def close_quietly(alias: str) -> None:
    with contextlib.suppress(DatabaseError):
        connections[alias].close()


def must_read_primary(model) -> bool:
    return model._meta.app_label in PRIMARY_APPS or model._meta.label_lower in PRIMARY_MODELS


class ReplicaRouter:
    """settings.DATABASE_ROUTERS, with the `replica` alias (module docstring)."""

    def db_for_read(self, model, **hints):
        ensure_tracking()
        reads = _request.get()
        if reads is None or reads.unsafe or must_read_primary(model) or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if reads.replica_fresh is None:
            reads.replica_fresh = replica_is_fresh()
        return REPLICA if reads.replica_fresh else PRIMARY

    def db_for_write(self, model, **hints):
        ensure_tracking()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's data: objects from either may be related

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None if db == PRIMARY else False


class ReplicaMiddleware:
    """First in MIDDLEWARE: marks the request safe or unsafe for the router, for its whole length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ensure_tracking()
        reads = RequestReads(unsafe=request.method not in SAFE_METHODS)
        token = _request.set(reads)
        try:
            response = self.get_response(request)
            if reads.replica_failed and not reads.unsafe:
                # The replica went away after this request found it fresh: a safe request may run
                # again, on the primary (its throttles keep the verdict they gave: counted once).
                logger.warning(
                    "replica failed during %s %s: answered again from the primary", request.method, request.path
                )
                close_quietly(REPLICA)
                _request.set(RequestReads(unsafe=False, replica_fresh=False))
                response = self.get_response(request)
            return response
        finally:
            _request.reset(token)
