"""The read cache: rendered JSON answers, keyed by what the view reads and who may see it.

A viewset opts in by declaring a `ReadPolicy` (which actions are cached, which query parameters
make the answer, the reader's scope, the generations an answer depends on). Both paths that answer
a read use it: the fast read before DRF's cycle (api.fast_reads) and DRF's own (api.views).

What makes a key (DESIGN.md, "Links and cache keys"): the action, the reader's scope, the path, the
declared query parameters (sorted) and the base of absolute links (PUBLIC_BASE_URL, or the request's
scheme and host). A request is not cached at all when it carries a parameter the policy does not
name, a media type parameter (`Accept: application/json; indent=4`), a renderer other than JSON, a
Host port that is not the server's, or a page named in a non-canonical spelling (the paginator's
`is_canonical`: `page_size=010`, a capped `page_size=500`, a re-encoded cursor): so no client can
make new keys for the same answer. Bodies
over READ_CACHE_MAX_BYTES are served but never stored.

A policy may also name an answer's *vouchers* (api.generations): the finer generations that alone
decide it, such as a list page's own records and its membership. After a write to a record elsewhere,
such an answer is checked against its vouchers in one round trip and served again, instead of being
read from the database by every reader at once.
"""

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import set_response_etag
from rest_framework.request import Request

from . import generations
from .generations import Lookup


@dataclass(frozen=True)
class ReadPolicy:
    """How a viewset's reads are cached."""

    actions: frozenset[str]  # e.g. {"list", "retrieve"}
    params: frozenset[str]  # the query parameters that make the answer
    scope: Callable  # user -> the name of what this reader may see ("public", "staff", "user:7")
    depends_on: Callable  # (view, scope) -> the generations an answer depends on (None: not cached)
    # (view) -> after the view answered, the finer generations that vouch for its answer (None: none do)
    vouchers: Callable | None = None

    def key(self, request: Request, view) -> str | None:
        """The cache key of this JSON read, or None: not cached."""
        renderer, media_type = request.accepted_renderer, request.accepted_media_type or ""
        if renderer.format != "json" or ";" in media_type:
            return None
        link = request.build_absolute_uri(request.path)  # the scheme and host, validated once per request
        if not self.host_is_canonical(request, link):
            return None
        query = request._request.GET
        if not self.params.issuperset(query.keys()):
            return None
        paginator = getattr(view, "paginator", None)  # e.g. `page_size=010`: served, not cached (menapp.pagination)
        if paginator is not None and hasattr(paginator, "is_canonical") and not paginator.is_canonical(query):
            return None
        params = urlencode(sorted((name, query[name]) for name in query))
        scope = self.scope(request.user)
        digest = hashlib.blake2b(f"{link}?{params}".encode(), digest_size=16).hexdigest()
        return f"read:{view.action}:{scope}:{digest}"

    @staticmethod
    def host_is_canonical(request: Request, link: str) -> bool:
        """Links start with PUBLIC_BASE_URL, or the Host names no port or the server's own."""
        if settings.PUBLIC_BASE_URL:
            return True
        port = split_domain_port(urlsplit(link).netloc)[1]
        return not port or port == request.META.get("SERVER_PORT")

    def depending_on(self, request: Request, view) -> Sequence[str] | None:
        return self.depends_on(view, self.scope(request.user))


@dataclass(frozen=True)
class CachedRead:
    """A cache key with the generations its value depends on."""

    key: str
    depends: tuple[str, ...]  # the generations
    lifetime: float | None = None  # seconds; None: RECORD_CACHE_SECONDS

    @classmethod
    def of(cls, policy: ReadPolicy, request: Request, view) -> "CachedRead | None":
        key = policy.key(request, view)
        if key is None:
            return None
        depends = policy.depending_on(request, view)
        return None if depends is None else cls(key, tuple(depends))

    def lookup_keys(self) -> list[str]:
        return generations.lookup_keys(self.key, self.depends)

    def lookup(self, fetched=None) -> Lookup:
        """The current value, or a stale one that its vouchers still vouch for (one more round trip)."""
        found = generations.lookup(self.key, self.depends, fetched, timeout=generation_timeout())
        if found.value is None and found.stale is not None:
            return generations.revalidate(self.key, found, timeout=self.timeout)
        return found

    def store(self, tokens, response: HttpResponse, vouched_by: Sequence[str] = ()) -> None:
        """Keep a rendered 200 answer (its ETag computed once here, not on every hit)."""
        if not response.has_header("ETag"):
            set_response_etag(response)
        if len(response.content) <= settings.READ_CACHE_MAX_BYTES:
            self.store_value(tokens, (response.content, response["ETag"]), vouched_by)

    def store_value(self, tokens, value, vouched_by: Sequence[str] = ()) -> None:
        generations.store(self.key, tokens, value, self.timeout, vouched_by, self.depends)

    @property
    def timeout(self) -> float:
        return self.lifetime or settings.RECORD_CACHE_SECONDS


def generation_timeout() -> float:
    # A generation must outlive the values stored under it; one that expires only turns them into misses.
    return settings.RECORD_CACHE_SECONDS * 2


def cached_response(value) -> HttpResponse:
    content, etag = value
    response = HttpResponse(content, content_type="application/json")
    response["ETag"] = etag
    return response
