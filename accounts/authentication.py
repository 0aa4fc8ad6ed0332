"""DRF's token and basic authentication, refusing credentials no database can look up (NUL bytes)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import authentication as openapi_authentication
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` (§12); a key with a NUL byte is a 401, not a database error."""

    def authenticate_credentials(self, key):
        if "\x00" in key:
            raise AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)


class BasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic; a user name with a NUL byte is a 401, not a database error."""

    def authenticate_credentials(self, userid, password, request=None):
        if "\x00" in userid:
            raise AuthenticationFailed(_("Invalid username/password."))
        return super().authenticate_credentials(userid, password, request)


# The OpenAPI schema describes these exactly as DRF's own classes.
class TokenScheme(openapi_authentication.TokenScheme):
    target_class = "accounts.authentication.TokenAuthentication"


class BasicScheme(openapi_authentication.BasicScheme):
    target_class = "accounts.authentication.BasicAuthentication"
