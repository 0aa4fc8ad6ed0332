"""Cached values that a write makes stale at once, with no race between readers and the writer.

A *generation* is a random token under a cache key, replaced whenever the data behind it changes. A
value depends on one or more generations: it is stored with the tokens that were current before it
was read from the database, and served only while all of them are still current. A writer replaces
the generations it touches inside its transaction and again once it commits (one cache round trip
each time), so a reader that read the old data just before the commit stores its value under tokens
that are already gone. When the cache is down, every lookup misses and nothing is stored: the
database answers, as if there were no cache. A generation that expires or is evicted is replaced by
a new one: its values become misses, never wrong answers.
"""

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction


@dataclass(frozen=True)
class Lookup:
    """The tokens current when a value was looked up (None: the cache is down), and the value if it was current."""

    tokens: tuple[str, ...] | None
    value: Any = None


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
    values = fetched if fetched is not None else cache.get_many(lookup_keys(key, generations))
    if values is None:  # the cache is down
        return Lookup(None)
    missing = [name for name in generations if name not in values]
    if missing:
        for name in missing:
            cache.add(name, new_token(), timeout=timeout)
        values = {**values, **(cache.get_many(missing) or {})}
    if any(values.get(name) is None for name in generations):
        return Lookup(None)
    tokens = tuple(str(values[name]) for name in generations)
    stored = values.get(key)
    # Only what `store` wrote counts: any other value under the key (another shape) is a miss, not a 500.
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == tokens:
        return Lookup(tokens, stored[1])
    return Lookup(tokens)


def store(key: str, tokens: tuple[str, ...] | None, value: Any, timeout: float) -> None:
    """Keep `value`, computed from data read after `tokens` were current."""
    if tokens is not None and timeout > 0:
        cache.set(key, (tokens, value), timeout=timeout)


def renew(generations: Collection[str], timeout: float | None = None) -> None:
    if generations:
        cache.set_many({name: new_token() for name in generations}, timeout=timeout)


def changed(generations: Collection[str], timeout: float | None = None) -> None:
    """Call inside the writing transaction: the generations move on now and again once it commits."""
    generations = tuple(generations)
    renew(generations, timeout)
    transaction.on_commit(lambda: renew(generations, timeout))


def new_token() -> str:
    return uuid.uuid4().hex
