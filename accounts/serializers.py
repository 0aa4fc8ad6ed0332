"""Serializers for djoser and SimpleJWT, closing holes their own leave open."""

from django.contrib.auth import get_user_model
from djoser import serializers as djoser_serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
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


class ValidatedUidAndTokenMixin:
    """djoser decodes `uid` and checks `token` from the raw body: a JSON number there was a 500, not a 400."""

    def validate(self, attrs):
        data = {**self.initial_data}
        for name in ("uid", "token"):
            value = attrs.get(name, data.get(name, ""))
            data[name] = value if isinstance(value, str) else ""  # not a string: an invalid uid or token
        self.initial_data = data
        return super().validate(attrs)


class ActivationSerializer(ValidatedUidAndTokenMixin, djoser_serializers.ActivationSerializer):
    """Activates an account: the `uid` and `token` from the mail."""


class PasswordResetConfirmSerializer(ValidatedUidAndTokenMixin, djoser_serializers.PasswordResetConfirmSerializer):
    """Confirms a password reset: the `uid` and `token` from the mail, and the new password."""


class UsernameResetConfirmSerializer(ValidatedUidAndTokenMixin, djoser_serializers.UsernameResetConfirmSerializer):
    """Confirms a username reset: the `uid` and `token` from the mail, and the new username."""

    # djoser's own leaves `uid` and `token` out of its fields: they were checked but never documented.
    class Meta(djoser_serializers.UsernameResetConfirmSerializer.Meta):
        fields = ("uid", "token", *djoser_serializers.UsernameResetConfirmSerializer.Meta.fields)
