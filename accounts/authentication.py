"""JWT authentication that costs one query: the user and the token's blacklist entry are read together."""

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.utils import get_md5_hash_password


class JWTAuthentication(authentication.JWTAuthentication):
    """SimpleJWT's JWTAuthentication with the same checks, in one query instead of two.

    SimpleJWT would look up the blacklist (a logged-out access token) and then the user; this
    asks for the user with an EXISTS on the blacklist, then applies SimpleJWT's own rules.
    """

    def get_user(self, validated_token):
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
            jti = validated_token[api_settings.JTI_CLAIM]
        except KeyError as e:
            raise InvalidToken(_("Token contained no recognizable user identification")) from e

        blacklisted = Exists(BlacklistedToken.objects.filter(token__jti=jti))
        user = (
            self.user_model.objects.annotate(token_blacklisted=blacklisted)
            .filter(**{api_settings.USER_ID_FIELD: user_id})
            .first()
        )
        if user is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if user.token_blacklisted:
            raise InvalidToken(_("Token is blacklisted"))
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(_("The user's password has been changed."), code="password_changed")
        return user
