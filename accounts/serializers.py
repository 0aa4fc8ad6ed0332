"""SimpleJWT's refresh, refusing tokens whose user is gone, inactive or has changed password since."""

from django.contrib.auth import get_user_model
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password


class TokenRefreshSerializer(serializers.TokenRefreshSerializer):
    """`token/refresh/`: SimpleJWT's, plus the checks its JWTAuthentication makes on access tokens.

    SimpleJWT's own refresh answers 500 for a deleted user and keeps refreshing after a password
    change (CHECK_REVOKE_TOKEN only guards access tokens), handing out access tokens that are dead
    on arrival.
    """

    def validate(self, attrs):
        refresh = self.token_class(attrs["refresh"])
        user_id = refresh.payload.get(api_settings.USER_ID_CLAIM)
        user = get_user_model().objects.filter(**{api_settings.USER_ID_FIELD: user_id}).first()
        if user is None or not api_settings.USER_AUTHENTICATION_RULE(user):
            raise AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account")
        if api_settings.CHECK_REVOKE_TOKEN and refresh.payload.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(self.error_messages["no_active_account"], "password_changed")
        return super().validate(attrs)
