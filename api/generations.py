"""Cached values that a write makes stale at once, with no race between readers and the writer.

A *generation* is a random token under a cache key, replaced whenever the data behind it changes. A
value depends on one or more generations: it is stored with the tokens that were current before it
was read from the database, and served only while all of them are still current. A writer replaces
the generations it touches before its write (inside its transaction, if it has one) and again once the
write is committed (one cache round trip each time; `changed`, `changing`), so a reader that read the
old data just before the commit stores its value under tokens that are already gone. When the cache
is down, every lookup misses and nothing is stored: the database answers, as if there were no cache.
A generation that expires or is evicted is replaced by a new one: its values become misses, never
wrong answers.

A value may also name *vouchers*: finer generations that alone decide whether it is still right (a
list page's own records and its membership, where its generations cover every record a reader can
see). When its generations have moved on, one more round trip reads the vouchers: if none of them
moved, the value is served and kept under the current tokens, instead of being read again from the
database. Vouchers are read only after the value was computed, so they are kept only when the value's
generations had not moved by then: any write the value could have missed would have moved them.
"""

import contextlib
import logging
import os
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction

from .own_redis import OwnConnection

logger = logging.getLogger(__name__)

Vouchers = tuple[tuple[str, str], ...]  # (generation, its token when the value was computed)


@dataclass(frozen=True)
class Stale:
    """A value stored under tokens that are no longer current, with the vouchers that may still vouch for it."""

    value: Any
    vouchers: Vouchers


@dataclass(frozen=True)
class Lookup:
    """The tokens current when a value was looked up (None: the cache is down), and the value if it was current."""

    tokens: tuple[str, ...] | None
    value: Any = None
    stale: Stale | None = None  # a value of older tokens that names vouchers (see `revalidate`)


def lookup_keys(key: str, generations: Sequence[str]) -> list[str]:
    """What `lookup` reads: a caller may fetch these itself, with other work (api.admission)."""
    return [*generations, key]


def lookup(
    key: str, generations: Sequence[str], fetched: Mapping[str, Any] | None = None, timeout: float | None = None
) -> Lookup:
    """The value under `key` if it was stored under the current tokens of `generations`.

    `fetched` holds what was already read of `lookup_keys(key, generations)` (missing entries left
    out); without it, they are read now. A generation that does not exist yet starts now, for
    `timeout` seconds (None: until evicted).
    """
    values = fetched if fetched is not None else fetch(lookup_keys(key, generations))
    if values is None:  # the cache is down
        return Lookup(None)
    tokens = current_tokens(generations, values, timeout)
    if tokens is None:
        return Lookup(None)
    # Only what `store` wrote counts: any other value under the key (another shape, left by an older
    # release or another program) is a miss, never served and never a 500.
    stored = values.get(key)
    if not (isinstance(stored, tuple) and len(stored) == 3):
        return Lookup(tokens)
    stored_tokens, value, vouchers = stored
    if stored_tokens == tokens:
        return Lookup(tokens, value)
    return Lookup(tokens, stale=Stale(value, vouchers) if are_vouchers(vouchers) else None)


def current_tokens(
    generations: Sequence[str], values: Mapping[str, Any] | None = None, timeout: float | None = None
) -> tuple[str, ...] | None:
    """The current token of each generation, starting those that do not exist yet; None: the cache is down."""
    values = values if values is not None else fetch(list(generations))
    if values is None:
        return None
    missing = [name for name in generations if name not in values]
    if missing:
        for name in missing:
            cache.add(name, new_token(), timeout=timeout)
        values = {**values, **(cache.get_many(missing) or {})}
    if any(values.get(name) is None for name in generations):
        return None
    return tuple(str(values[name]) for name in generations)


def are_vouchers(vouchers: Any) -> bool:
    return (
        isinstance(vouchers, tuple)
        and bool(vouchers)
        and all(
            isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(part, str) for part in pair)
            for pair in vouchers
        )
    )


def revalidate(key: str, found: Lookup, timeout: float) -> Lookup:
    """A stale value whose vouchers have not moved is still right: keep it under the current tokens.

    One round trip reads the vouchers. They are read after `found.tokens` were: a write that starts
    now moves the tokens kept here as well, so the value is never kept past a change it missed.
    """
    if found.tokens is None or found.stale is None:
        return found
    vouchers = found.stale.vouchers
    current = cache.get_many([name for name, _ in vouchers])
    if not current or any(current.get(name) != token for name, token in vouchers):
        return Lookup(found.tokens)
    cache.set(key, (found.tokens, found.stale.value, vouchers), timeout=timeout)
    return Lookup(found.tokens, found.stale.value)


def store(
    key: str,
    tokens: tuple[str, ...] | None,
    value: Any,
    timeout: float,
    vouched_by: Sequence[str] = (),
    generations: Sequence[str] = (),
) -> None:
    """Keep `value`, computed from data read after `tokens` (of `generations`) were current.

    `vouched_by` names its vouchers: read now, in one round trip with `generations`, and kept only if
    `generations` still hold `tokens` (otherwise a write may have started that the value missed).
    """
    if tokens is None or timeout <= 0:
        return
    vouchers: Vouchers = ()
    if vouched_by:
        current = cache.get_many([*generations, *vouched_by]) or {}
        if tuple(str(current.get(name)) for name in generations) == tokens:
            # Vouchers that do not exist yet (a record never written) start now, all in one round trip.
            # A token only ever replaces another, so a caller starting the same one at once only turns
            # the other's value into a miss; one started here outlives the value, as generations do.
            started = {name: new_token() for name in vouched_by if name not in current}
            if started:
                cache.set_many(started, timeout=timeout * 2)
            current = {**current, **started}
            vouchers = tuple((name, str(current[name])) for name in vouched_by)
    cache.set(key, (tokens, value, vouchers), timeout=timeout)


# Every write renews its generations twice, and a JWT user is looked up on every write: on the connection
# the process keeps for such calls (api.own_redis).
cache_connection = OwnConnection(lambda: cache.client.get_client(write=True).connection_pool)  # type: ignore[attr-defined]


def fetch(keys: Sequence[str]) -> Mapping[str, Any] | None:
    """The cache's entries under `keys` (missing ones left out), in one round trip; None: the cache is down.

    With django-redis, one MGET on the connection the process keeps (as `renew`), decoded as its client
    decodes; other caches answer through their own API.
    """
    client = getattr(cache, "client", None)
    if client is None:
        return cache.get_many(keys)
    try:
        [values] = cache_connection.call(("MGET", *(cache.make_key(key) for key in keys)))
    except Exception:  # as django-redis's IGNORE_EXCEPTIONS: nothing is served, the database answers
        logger.warning("cache unavailable (Redis)", exc_info=True)
        return None
    return {key: client.decode(value) for key, value in zip(keys, values, strict=True) if value is not None}


def renew(generations: Collection[str], timeout: float | None = None) -> None:
    """New tokens for `generations`, in one round trip (None: until evicted)."""
    if not generations:
        return
    tokens = {name: new_token() for name in generations}
    client = getattr(cache, "client", None)  # django-redis's; other caches take their own API
    if client is None:
        cache.set_many(tokens, timeout=timeout)
        return
    pairs = [(cache.make_key(name), client.encode(token)) for name, token in tokens.items()]
    if timeout is None:
        commands = [("MSET", *(part for pair in pairs for part in pair))]
    else:
        commands = [("SET", key, value, "PX", max(1, int(timeout * 1000))) for key, value in pairs]
    try:
        cache_connection.call(*commands)
    except Exception:  # as django-redis's IGNORE_EXCEPTIONS: a cache that is down holds nothing to serve
        logger.warning("cache generations not renewed (Redis unavailable)", exc_info=True)


def changed(generations: Collection[str], timeout: float | None = None) -> None:
    """Call inside the writing transaction: the generations move on now and again once it commits."""
    generations = tuple(generations)
    renew(generations, timeout)
    transaction.on_commit(lambda: renew(generations, timeout))


@contextlib.contextmanager
def changing(generations: Collection[str], timeout: float | None = None) -> Iterator[None]:
    """Around a write: the generations move on before it and again once it is committed.

    In a transaction the second renewal waits for the commit, as with `changed`; in autocommit the
    write is committed when its statement ends, and the second renewal follows at once. A write that
    raises committed nothing: it renews nothing more.
    """
    generations = tuple(generations)
    renew(generations, timeout)
    yield
    transaction.on_commit(lambda: renew(generations, timeout))


def new_token() -> str:
    return os.urandom(16).hex()  # as random as uuid4().hex, without building a UUID
