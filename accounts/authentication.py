"""Authentication classes: SimpleJWT's and DRF's, hardened, and JWT in one query per request."""

import functools

from django.contrib.auth import get_user_model
from django.db.models import Exists
from django.utils.translation import gettext_lazy as _
from drf_spectacular import authentication as openapi_authentication
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS
from rest_framework_simplejwt import authentication as jwt_authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed as JWTAuthenticationFailed
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import Token
from rest_framework_simplejwt.utils import aware_utcnow, get_md5_hash_password

from api.compiled import CompiledQuery

from . import token_users
from .throttling import guard


@functools.cache
def user_model():
    return get_user_model()


@functools.cache
def user_and_blacklisting():
    """The token's user, annotated with whether the token (its jti) is blacklisted: one query, compiled once."""
    model = user_model()
    return CompiledQuery(
        model,
        lambda user_id, jti: model.objects.annotate(
            token_blacklisted=Exists(BlacklistedToken.objects.filter(token__jti=jti))
        ).filter(**{api_settings.USER_ID_FIELD: user_id})[:1],
        user_id=-7_919_000_013,
        jti="\x00placeholder jti",
    )


class JWTAuthentication(jwt_authentication.JWTAuthentication):
    """SimpleJWT's JWTAuthentication with the same checks, in one query instead of two, or none.

    SimpleJWT would look up the blacklist (a logged-out access token) and then the user; this
    asks for the user with an EXISTS on the blacklist, then applies SimpleJWT's own rules. A request
    whose token passed those checks before is served from the cache (accounts.token_users) as long as
    neither the user nor their tokens changed since: any read, and the writes of a view that checks no
    password (`writes_check_no_password`, the record API); other writes ask the database. In a view
    that proves them with its admission (`proves_remembered_users`), the user this process remembers
    is taken at once, and proved current by the view.
    """

    # Checking a signature costs about 0.1 ms (PyJWT), and a worker sees the same tokens again and
    # again: a token that passed once is only checked for expiry until this process has seen 1024 more.
    validated_tokens: dict[bytes, Token] = {}
    validated_tokens_max = 1024

    def __init__(self):
        # SimpleJWT's own asks the app registry for the user model on every instance (one per request).
        self.user_model = user_model()

    def authenticate(self, request):
        view = (request.parser_context or {}).get("view")
        # Only a request that checks no password may be served the remembered user (it holds no hash).
        self.remembered_serves = request.method in SAFE_METHODS or getattr(view, "writes_check_no_password", False)
        if self.remembered_serves and getattr(view, "proves_remembered_users", False):
            remembered = self.authenticate_remembered(request)
            if remembered is not None:
                # Not yet proven current: the view reads the user's generation with its admission, and
                # before any refusal (api.views.AdmittedViewMixin), and judges the request again if it moved.
                request.unproven_user = remembered[0]
                return remembered[0].user, remembered[1]
        return super().authenticate(request)

    def authenticate_remembered(self, request) -> tuple[token_users.Remembered, Token] | None:
        """The user this process remembers for the request's bearer token, with the token; None when
        there is none (no bearer JWT, or not remembered). Only a request that proves the user current in
        the same round trip as its counters may serve it (api.fast_reads, api.views.AdmittedViewMixin);
        a bad token raises as in `authenticate`."""
        header = self.get_header(request)
        raw_token = None if header is None else self.get_raw_token(header)
        if raw_token is None:
            return None
        validated_token = self.get_validated_token(raw_token)
        user_id = validated_token.get(api_settings.USER_ID_CLAIM)
        jti = validated_token.get(api_settings.JTI_CLAIM)
        remembered = None if user_id is None or jti is None else token_users.recall(user_id, jti)
        return None if remembered is None else (remembered, validated_token)

    def get_validated_token(self, raw_token):
        token = self.validated_tokens.get(raw_token)
        if token is not None:
            try:
                token.check_exp(current_time=aware_utcnow())
                return token
            except TokenError:
                self.validated_tokens.pop(raw_token, None)  # expired: SimpleJWT's own check says so below
        token = super().get_validated_token(raw_token)
        if len(self.validated_tokens) >= self.validated_tokens_max:
            self.validated_tokens.clear()
        self.validated_tokens[raw_token] = token
        return token

    def get_user(self, validated_token):
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
            jti = validated_token[api_settings.JTI_CLAIM]
        except KeyError as e:
            raise InvalidToken(_("Token contained no recognizable user identification")) from e
        if not getattr(self, "remembered_serves", False):
            return self.get_user_from_database(user_id, jti, validated_token)
        found = token_users.cached_user(user_id, jti)
        if found.value is not None:
            return found.value
        user = self.get_user_from_database(user_id, jti, validated_token)
        token_users.remember(user_id, jti, found.tokens, user, expires_at=validated_token["exp"])
        return user

    def get_user_from_database(self, user_id, jti, validated_token):
        user_id = self.user_model._meta.get_field(api_settings.USER_ID_FIELD).get_prep_value(user_id)
        user = next(iter(user_and_blacklisting()(user_id=user_id, jti=jti)), None)
        if user is None:
            raise JWTAuthenticationFailed(_("User not found"), code="user_not_found")
        if user.token_blacklisted:
            raise InvalidToken(_("Token is blacklisted"))
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise JWTAuthenticationFailed(_("User is inactive"), code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise JWTAuthenticationFailed(_("The user's password has been changed."), code="password_changed")
        return user


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` (§12); a key with a NUL byte is a 401, not a database error."""

    def authenticate_credentials(self, key):
        if "\x00" in key:
            raise AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)


class BasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic, in the login scope; a user name with a NUL byte is a 401, not a database error.

    DRF authenticates before its throttles run: the login scope is asked here, so a client over
    the limit gets 429 before the password is hashed. Every Basic request checks a password, so
    every one counts: clients that call often log in for a token instead.
    """

    def authenticate_credentials(self, userid, password, request=None):
        if request is not None:
            guard(request, userid)
        if "\x00" in userid:
            raise AuthenticationFailed(_("Invalid username/password."))
        return super().authenticate_credentials(userid, password, request)


# The OpenAPI schema describes these exactly as SimpleJWT's and DRF's own classes.
class JWTScheme(SimpleJWTScheme):
    target_class = "accounts.authentication.JWTAuthentication"


class TokenScheme(openapi_authentication.TokenScheme):
    target_class = "accounts.authentication.TokenAuthentication"


class BasicScheme(openapi_authentication.BasicScheme):
    target_class = "accounts.authentication.BasicAuthentication"
