"""Cached record lists and records: rendered JSON, keyed by who may see what, dropped by any write.

The catalog has one generation (config.generations), replaced by each write to a record (API, admin,
commands), so the next read after a write never sees an older page. Keys carry the reader's
visibility scope (anonymous, staff, or a user who may see their own drafts), so a cached page never
shows a draft to someone who may not see it. A lookup is one round trip.
"""

import hashlib
from typing import Any

from django.conf import settings

from config.generations import Generation

catalog = Generation("men:generation")


def catalog_changed() -> None:
    """Call inside the writing transaction (config.generations.Generation.changed)."""
    catalog.changed()


def record_changed(sender, **kwargs) -> None:
    catalog_changed()


def visibility_scope(user) -> str:
    if user.is_staff:
        return "staff"
    if user.is_authenticated:
        return f"user:{user.pk}"
    return "public"


def response_key(request, kind: str, ignore: tuple[str, ...] = ()) -> str | None:
    """The cache key of this DRF request's JSON answer (less the `ignore`d parameters), or None: not cached."""
    if request.accepted_renderer.format != "json":
        return None
    return cache_key(request._request, kind, visibility_scope(request.user), ignore)


def cache_key(request, kind: str, scope: str, ignore: tuple[str, ...] = ()) -> str:
    """The cache key of the JSON answer to this Django request for readers in `scope`."""
    params = request.GET
    if ignore:
        params = params.copy()
        for name in ignore:
            params.pop(name, None)
    # The links in a page (`next`, `previous`) are absolute, so scheme and host are part of the answer.
    url = f"{request.scheme}://{request.get_host()}{request.path}?{params.urlencode()}"
    digest = hashlib.blake2b(url.encode(), digest_size=16).hexdigest()
    return f"men:{kind}:{scope}:{digest}"


def store(key: str | None, generation: str | None, value: Any) -> None:
    """Keep a value read with `catalog.lookup(key)`: for RECORD_CACHE_SECONDS at most."""
    catalog.store(key, generation, value, timeout=settings.RECORD_CACHE_SECONDS)
