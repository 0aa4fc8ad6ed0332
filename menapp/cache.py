"""Cached record lists and records: rendered JSON, keyed by who may see what, dropped by any write.

Every key embeds the catalog's current *generation*, a token replaced after each committed write
to a record (API, admin, commands), so the next read after a write never sees an older page. Keys
also carry the reader's visibility scope (anonymous, staff, or a user who may see their own
drafts), so a cached page never shows a draft to someone who may not see it.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "men:generation"


def current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation or "uncached"


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
    generation = current_generation()
    if generation == "uncached" or request.accepted_renderer.format != "json":
        return None
    params = request.query_params
    if ignore:
        params = params.copy()
        for name in ignore:
            params.pop(name, None)
    # The links in a page (`next`, `previous`) are absolute, so scheme and host are part of the answer.
    url = f"{request.scheme}://{request.get_host()}{request.path}?{params.urlencode()}"
    digest = hashlib.blake2b(url.encode(), digest_size=16).hexdigest()
    return f"men:{kind}:{generation}:{visibility_scope(request.user)}:{digest}"


def get(key: str | None) -> bytes | None:
    return cache.get(key) if key else None


def put(key: str | None, content: bytes) -> None:
    if key:
        cache.set(key, content, timeout=settings.RECORD_CACHE_SECONDS)
