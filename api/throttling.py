"""Rate limits counted atomically in a store shared by every worker (api.counters), per DRF scope.

DRF's SimpleRateThrottle reads a list from the cache, edits it and writes it back: two workers that
read at once both see room and both let a request through. Here every hit is one atomic increment of
a counter whose window starts at the first hit and lasts the rate's period (a fixed window).

Each throttle keeps DRF's rates, scopes and cache keys; DRF views count all of theirs in one call
(`AdmittedViewMixin`, api.admission), and `allow_request` still works alone (for non-DRF views).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from rest_framework import throttling

from .admission import admit
from .counters import Count

# Seconds a client is told to wait when the counters cannot be asked (a fail-closed scope).
UNAVAILABLE_WAIT = 5


def client_address(request) -> str:
    """The client's address: the peer, or the nearest untrusted hop of X-Forwarded-For when the peer is
    a trusted proxy (TRUSTED_PROXIES), so that a direct client cannot forge it."""
    peer = request.META.get("REMOTE_ADDR", "")
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    address = peer
    while hops and is_trusted_proxy(address):
        address = hops.pop()
    return address


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks(tuple(settings.TRUSTED_PROXIES)))


@lru_cache(maxsize=4)
def networks(values: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


class CountedRateThrottle(throttling.SimpleRateThrottle):
    """SimpleRateThrottle's rates and keys, counted with one atomic hit per request."""

    # A scope that refuses everyone when its counters are unavailable (the login scope), where the
    # general scopes let requests through rather than refuse every client.
    fail_closed = False
    duration: int  # set by SimpleRateThrottle from the rate
    num_requests: int

    def get_ident(self, request):
        return client_address(request)

    def window(self, request, view) -> tuple[str, int] | None:
        """The counter this request hits and its period, or None when this throttle does not apply."""
        if self.rate is None:
            return None
        key = self.get_cache_key(request, view)
        return None if key is None else (key, self.duration)

    def allows(self, count: Count) -> bool:
        return count.hits <= self.num_requests

    def wait_for(self, count: Count) -> float:
        return max(count.remaining, 1.0)

    def wait_unavailable(self) -> float:
        return UNAVAILABLE_WAIT

    def allow_request(self, request, view):
        admission = admit(request, view, [self])
        self.refused_wait = admission.wait
        return admission.admitted

    def wait(self):
        return getattr(self, "refused_wait", None)


class AnonRateThrottle(CountedRateThrottle, throttling.AnonRateThrottle):
    """`anon` scope: per client address, for anonymous requests."""


class UserRateThrottle(CountedRateThrottle, throttling.UserRateThrottle):
    """`user` scope: per authenticated user (anonymous requests count in `anon` alone: one hit each)."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class CreateRateThrottle(CountedRateThrottle):
    """`create` scope: creating resources, per user (a view adds it to its `create` action)."""

    scope = "create"

    def get_cache_key(self, request, view):
        # Throttles run after permissions, and only authenticated users may create.
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
