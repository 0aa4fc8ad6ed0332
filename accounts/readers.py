"""Who a reader is, when that is certain without running DRF's authenticators.

DRF tries every authenticator in order; for a read with no credentials at all, each of ours would
find nothing (anonymous), and for `Authorization: Bearer …` the first one, JWT, decides. Any other
case — a session cookie, another kind of credentials, an authenticator this module does not know —
is left to DRF.
"""

from django.conf import settings
from rest_framework.authentication import BasicAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from .authentication import JWTAuthentication

# Authenticators that find no one in a request without an Authorization header or a session cookie.
CREDENTIAL_HEADER_AUTHENTICATORS = (JWTAuthentication, TokenAuthentication, BasicAuthentication, SessionAuthentication)


def reader_known_without_drf(request: Request) -> bool:
    """Authenticate `request` the cheap way if that gives DRF's answer; False: let DRF decide."""
    authenticators = request.authenticators or ()
    if not all(isinstance(authenticator, CREDENTIAL_HEADER_AUTHENTICATORS) for authenticator in authenticators):
        return False
    if "authorization" not in request.headers:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        request._not_authenticated()  # what DRF's own cycle does when every authenticator finds no one
        return True
    first = authenticators[0] if authenticators else None
    if not isinstance(first, JWTAuthentication):
        return False
    try:
        found = first.authenticate(request)
    except APIException:
        return False  # refused: DRF's cycle answers with its own 401
    if found is None:
        return False  # another kind of credentials: DRF tries the other authenticators
    request._authenticator = first  # type: ignore[attr-defined]  # as Request._authenticate sets it
    request.user, request.auth = found
    return True
