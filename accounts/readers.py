"""Who a reader is, when that is certain without running DRF's authenticators.

DRF tries every authenticator in order; for a read with no credentials at all, each of ours would
find nothing (anonymous), and for `Authorization: Bearer …` the first one, JWT, decides. Any other
case — a session cookie, another kind of credentials, an authenticator this module does not know —
is left to DRF.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import BasicAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from . import token_users
from .authentication import JWTAuthentication

# Authenticators that find no one in a request without an Authorization header or a session cookie.
CREDENTIAL_HEADER_AUTHENTICATORS = (JWTAuthentication, TokenAuthentication, BasicAuthentication, SessionAuthentication)


@dataclass(frozen=True)
class Reader:
    """A reader known without DRF. A user this process remembers (accounts.token_users) holds only while
    their generation is still the token it was read under: the caller reads `proof_keys` with its other
    cache entries, and answers only if `is_current` says so."""

    remembered: token_users.Remembered | None = None
    # DRF's SessionAuthentication looked for a session (and found none): SessionMiddleware would then add
    # `Vary: Cookie` to DRF's answer, so the same answer given without it says so too.
    session_consulted: bool = False

    @property
    def proof_keys(self) -> list[str]:
        return [self.remembered.generation] if self.remembered is not None else []

    def is_current(self, fetched: Mapping[str, Any] | None) -> bool:
        """False when the remembered user changed since (it is forgotten); `fetched` None: the key is read now."""
        if self.remembered is None:
            return True
        key = self.remembered.generation
        if (fetched.get(key) if fetched is not None else cache.get(key)) == self.remembered.token:
            return True
        token_users.forget(self.remembered.jti)
        return False


def unproven_keys(request: Request) -> list[str]:
    """What proves the user DRF's authentication took from this process's memory (none: nothing to prove)."""
    remembered = getattr(request, "unproven_user", None)
    return [] if remembered is None else Reader(remembered).proof_keys


def prove(request: Request, fetched: Mapping[str, Any] | None) -> bool:
    """True if the request's user is proven: none was taken from this process's memory, or that one is
    still current by `fetched` (read now when it lacks the key). Otherwise the user is forgotten and
    DRF's authenticators run again (a 401 raises here): False, the request must be judged again."""
    remembered = getattr(request, "unproven_user", None)
    if remembered is None:
        return True
    request.unproven_user = None  # type: ignore[attr-defined]  # set by JWTAuthentication.authenticate
    reader = Reader(remembered)
    if reader.is_current(fetched if fetched is not None and remembered.generation in fetched else None):
        return True
    request._authenticate()  # DRF's own; the forgotten user is not found again
    return False


def reader_known_without_drf(request: Request) -> Reader | None:
    """Authenticate `request` the cheap way if that gives DRF's answer; None: let DRF decide."""
    authenticators = request.authenticators or ()
    if not all(isinstance(authenticator, CREDENTIAL_HEADER_AUTHENTICATORS) for authenticator in authenticators):
        return None
    if "HTTP_AUTHORIZATION" not in request.META:  # where DRF's authenticators read it
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        request._not_authenticated()  # what DRF's own cycle does when every authenticator finds no one
        return Reader(session_consulted=any(isinstance(each, SessionAuthentication) for each in authenticators))
    first = authenticators[0] if authenticators else None
    if not isinstance(first, JWTAuthentication):
        return None
    try:
        remembered = first.authenticate_remembered(request)
        found = first.authenticate(request) if remembered is None else (remembered[0].user, remembered[1])
    except APIException:
        return None  # refused: DRF's cycle answers with its own 401
    if found is None:
        return None  # another kind of credentials: DRF tries the other authenticators
    request._authenticator = first  # type: ignore[attr-defined]  # as Request._authenticate sets it
    request.user, request.auth = found
    return Reader(remembered[0] if remembered is not None else None)
