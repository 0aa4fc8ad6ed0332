"""The strict `login` scope: every path that checks a password (or a mailed token) counts here first.

Two limits, one rate (THROTTLE_LOGIN):
- attempts per client address, whoever they claim to be;
- failed password checks per username (normalised), so that guessing one account from many
  addresses hits a limit too.
A client over either limit is refused (429) before any password is hashed. The scope fails
closed: when the counter store does not answer, logins are refused, while the general scopes
(config.throttling) keep serving.

`guard()` counts a request once however many layers ask (the DRF throttle, the authentication
backend, User.check_password), so a request is one attempt.
"""

import hashlib
import math
import time

from django.core.exceptions import ImproperlyConfigured
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from config.throttling import REDIS_RETRY_SECONDS, AtomicRateThrottleMixin, RedisCounters, counters

from . import usernames


class LoginThrottled(Throttled):
    """Refused in the `login` scope, before any password or token was checked.

    With no counter store, DRF's own (translated) wording too, and a Retry-After for when it may be back.
    """


class LoginRateThrottle(AtomicRateThrottleMixin, SimpleRateThrottle):
    """Counts attempts per client address in the `login` scope, once per request, failing closed."""

    scope = "login"

    def get_rate(self):
        rate = super().get_rate()
        if not rate:  # DESIGN, "Decisions": debug included, this scope is never off
            raise ImproperlyConfigured("The login throttle rate (THROTTLE_LOGIN) cannot be turned off.")
        return rate

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        http = getattr(request, "_request", request)
        decided = getattr(http, "login_address_decision", None)
        if decided is None:
            hit = counters().hit(self.get_cache_key(request, view), self.duration)
            if hit is None:  # no counter store: refuse rather than let guessing go uncounted
                raise LoginThrottled(REDIS_RETRY_SECONDS)
            count, remaining = hit
            decided = http.login_address_decision = (count <= self.num_requests, remaining)
        allowed, self.remaining = decided
        return allowed


def failures_key(username: str) -> str:
    # Hashed: the key stays short and holds no attacker-chosen characters.
    digest = hashlib.sha256(usernames.key(username).encode()).hexdigest()[:32]
    return f"throttle_login_user_{digest}"


def peek(key: str) -> tuple[int, float] | None:
    """The count and seconds left of a counter, without counting; None when the store does not answer.

    config.throttling's stores only count; this reads the same keys in the same two stores.
    """
    store = counters()
    try:
        if isinstance(store, RedisCounters):
            if time.monotonic() < store.down_until:
                return None
            from django.core.cache import cache
            from django_redis import get_redis_connection

            connection = get_redis_connection("default")
            name = cache.make_key(key)
            count, ttl_ms = connection.pipeline().get(name).pttl(name).execute()
            return (int(count), max(ttl_ms, 0) / 1000) if count is not None else (0, 0.0)
        row = (
            store.connection()
            .execute("SELECT count, expires FROM counters WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
    except Exception:  # sqlite3.Error, or any of Redis' own errors: the store did not answer
        return None
    return (row[0], row[1] - time.time()) if row else (0, 0.0)


def guard(request, username: str | None = None) -> None:
    """Count this request as a login attempt (once) and refuse it if its address or `username` is over."""
    http = getattr(request, "_request", request)
    throttle = LoginRateThrottle()
    if not throttle.allow_request(request, None):
        raise LoginThrottled(throttle.wait())
    if not username or not isinstance(username, str):
        return
    seen = http.__dict__.setdefault("login_usernames_checked", {})
    name = usernames.key(username)
    if name not in seen:
        failed = peek(failures_key(name))
        if failed is None:
            seen[name] = LoginThrottled(REDIS_RETRY_SECONDS)
        elif failed[0] >= throttle.num_requests:
            seen[name] = LoginThrottled(max(failed[1], 1.0))
        else:
            seen[name] = None
    if seen[name] is not None:
        raise seen[name]


def failed(username: str) -> None:
    """A password check for `username` failed: one more toward that account's limit."""
    throttle = LoginRateThrottle()
    counters().hit(failures_key(username), throttle.duration)


def retry_after(refusal: Throttled) -> str:
    return str(math.ceil(refusal.wait or 1))


class LoginThrottleMixin:
    """Adds the login throttle to a view's default (anon/user) throttles."""

    def get_throttles(self):
        return [*super().get_throttles(), LoginRateThrottle()]
