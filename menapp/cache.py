"""Cached record lists and records: rendered JSON, keyed by who may see what, dropped by any write.

The catalog has a *generation*, a token replaced after each committed write to a record (API,
admin, commands). A cached value is stored with the generation it was computed in and is only
served while that generation is current, so the next read after a write never sees an older page.
Keys carry the reader's visibility scope (anonymous, staff, or a user who may see their own drafts),
so a cached page never shows a draft to someone who may not see it. A lookup is one round trip.
"""

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "men:generation"


def new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def catalog_changed() -> None:
    """Call inside the writing transaction: the generation moves on now and again once it commits.

    Now, so this transaction's own next read misses; after the commit, so that a page another
    reader cached from the data as it was before the commit is never served again.
    """
    new_generation()
    transaction.on_commit(new_generation)


def record_changed(sender, **kwargs) -> None:
    catalog_changed()


def visibility_scope(user) -> str:
    if user.is_staff:
        return "staff"
    if user.is_authenticated:
        return f"user:{user.pk}"
    return "public"


def response_key(request, kind: str, ignore: tuple[str, ...] = ()) -> str | None:
    """The cache key of this request's JSON answer (less the `ignore`d parameters), or None: not cached."""
    if request.accepted_renderer.format != "json":
        return None
    params = request.query_params
    if ignore:
        params = params.copy()
        for name in ignore:
            params.pop(name, None)
    # The links in a page (`next`, `previous`) are absolute, so scheme and host are part of the answer.
    url = f"{request.scheme}://{request.get_host()}{request.path}?{params.urlencode()}"
    digest = hashlib.blake2b(url.encode(), digest_size=16).hexdigest()
    return f"men:{kind}:{visibility_scope(request.user)}:{digest}"


def lookup_keys(key: str) -> list[str]:
    """What `lookup(key)` reads: a caller may fetch these itself, with other work (config.throttling)."""
    return [GENERATION_KEY, key]


def lookup(key: str | None, fetched: dict | None = None) -> tuple[str | None, Any]:
    """The current generation, and the value under `key` if it was stored in that generation.

    `fetched` holds what was already read of `lookup_keys(key)` (missing entries left out); without
    it, they are read now.
    """
    if key is None:
        return None, None
    values = fetched if fetched is not None else cache.get_many(lookup_keys(key)) or {}  # None: cache down
    generation = values.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        return cache.get(GENERATION_KEY), None
    stored = values.get(key)
    if stored is not None and stored[0] == generation:
        return generation, stored[1]
    return generation, None


def store(key: str | None, generation: str | None, value: Any) -> None:
    """Keep `value`, computed from data read after `generation` was current."""
    if key is not None and generation is not None:
        cache.set(key, (generation, value), timeout=settings.RECORD_CACHE_SECONDS)
