"""The strict `login` scope: every path that checks a password (or a mailed token) counts here first.

Two limits, one rate (THROTTLE_LOGIN):
- attempts per client address, whoever they claim to be;
- failed password checks per username (normalised), so that guessing one account from many
  addresses hits a limit too.
A client over either limit is refused (429) before any password is hashed. The scope fails
closed: when the counter store does not answer, logins are refused, while the general scopes
(api.throttling) keep serving.

`guard()` counts a request once however many layers ask (the DRF throttle, the authentication
backend, User.check_password): the request's `LoginAttempt` remembers what was decided.
"""

import hashlib
import math
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from rest_framework.exceptions import Throttled

from api.counters import counters
from api.throttling import UNAVAILABLE_WAIT, CountedRateThrottle

from . import usernames


class LoginThrottled(Throttled):
    """Refused in the `login` scope, before any password or token was checked.

    With no counter store, DRF's own (translated) wording too, and a Retry-After for when it may be back.
    """


@dataclass
class LoginAttempt:
    """What this request's login checks decided so far: one per request, kept on the Django request."""

    address_refusal: Throttled | None = None
    username_refusals: dict[str, Throttled | None] = field(default_factory=dict)


def attempt_of(request) -> LoginAttempt | None:
    return getattr(getattr(request, "_request", request), "login_attempt", None)


def start_attempt(request, address_refusal: Throttled | None) -> LoginAttempt:
    attempt = LoginAttempt(address_refusal)
    getattr(request, "_request", request).login_attempt = attempt
    return attempt


class LoginRateThrottle(CountedRateThrottle):
    """Counts attempts per client address in the `login` scope, once per request, failing closed."""

    scope = "login"
    fail_closed = True

    def get_rate(self):
        rate = super().get_rate()
        if not rate:  # DESIGN, "Decisions": debug included, this scope is never off
            raise ImproperlyConfigured("The login throttle rate (THROTTLE_LOGIN) cannot be turned off.")
        return rate

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        attempt = attempt_of(request)
        if attempt is None:
            allowed = super().allow_request(request, view)
            attempt = start_attempt(request, None if allowed else LoginThrottled(self.wait()))
        self.refused_wait = attempt.address_refusal.wait if attempt.address_refusal else None
        return attempt.address_refusal is None


def failures_key(username: str) -> str:
    # Hashed: the key stays short and holds no attacker-chosen characters.
    digest = hashlib.sha256(usernames.key(username).encode()).hexdigest()[:32]
    return f"throttle_login_user_{digest}"


def guard(request, username: str | None = None) -> None:
    """Count this request as a login attempt (once) and refuse it if its address or `username` is over."""
    throttle = LoginRateThrottle()
    if not throttle.allow_request(request, None):
        raise attempt_of(request).address_refusal
    if not username or not isinstance(username, str):
        return
    refusals = attempt_of(request).username_refusals
    name = usernames.key(username)
    if name not in refusals:
        failures = counters().peek(failures_key(name))
        if failures is None:
            refusals[name] = LoginThrottled(UNAVAILABLE_WAIT)
        elif failures.hits >= throttle.num_requests:
            refusals[name] = LoginThrottled(max(failures.remaining, 1.0))
        else:
            refusals[name] = None
    if refusals[name] is not None:
        raise refusals[name]


def failed(username: str) -> None:
    """A password check for `username` failed: one more toward that account's limit."""
    throttle = LoginRateThrottle()
    counters().hit([(failures_key(username), throttle.duration)])


def retry_after(refusal: Throttled) -> str:
    return str(math.ceil(refusal.wait or 1))


class LoginThrottleMixin:
    """Adds the login throttle to a view's default (anon/user) throttles."""

    def get_throttles(self):
        return [*super().get_throttles(), LoginRateThrottle()]
