"""Cached values that a write makes stale at once, with no race between readers and the writer.

A *generation* is a random token under one cache key, replaced whenever the data behind it changes.
A value is stored together with the generation that was current before it was read from the
database, and is only served while that generation is still current. The writer replaces the
generation inside its transaction and again once it commits, so a reader that read the old data
just before the commit stores its value under a generation that is already gone. When the cache is
down, every lookup misses and nothing is stored: the database answers, as if there were no cache.
A generation that expires (or is evicted) is replaced by a new one: its values become misses, never
wrong answers.
"""

import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction


class Generation:
    def __init__(self, key: str, timeout: float | None = None):
        self.key = key
        self.timeout = timeout  # None: the generation itself never expires

    def renew(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, timeout=self.timeout)

    def changed(self) -> None:
        """Call inside the writing transaction: the generation moves on now and again once it commits."""
        self.renew()
        transaction.on_commit(self.renew)

    def lookup_keys(self, key: str) -> list[str]:
        """What `lookup(key)` reads: a caller may fetch these itself, with other work (config.throttling)."""
        return [self.key, key]

    def lookup(self, key: str | None, fetched: dict | None = None) -> tuple[str | None, Any]:
        """The current generation, and the value under `key` if it was stored in that generation.

        `fetched` holds what was already read of `lookup_keys(key)` (missing entries left out); without
        it, they are read now.
        """
        if key is None:
            return None, None
        values = fetched if fetched is not None else cache.get_many(self.lookup_keys(key)) or {}  # None: cache down
        generation = values.get(self.key)
        if generation is None:
            cache.add(self.key, uuid.uuid4().hex, timeout=self.timeout)
            return cache.get(self.key), None
        stored = values.get(key)
        if stored is not None and stored[0] == generation:
            return generation, stored[1]
        return generation, None

    def store(self, key: str | None, generation: str | None, value: Any, timeout: float) -> None:
        """Keep `value`, computed from data read after `generation` was current."""
        if key is not None and generation is not None and timeout > 0:
            cache.set(key, (generation, value), timeout=timeout)
