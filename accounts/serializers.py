"""Serializers for djoser and SimpleJWT, closing holes their own leave open."""

from django.contrib.auth import get_user_model
from djoser import serializers as djoser_serializers
from djoser.compat import get_user_email_field_name
from djoser.conf import settings as djoser_settings
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from . import usernames
from .models import username_taken


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


def normalized_unique_username(attrs: dict, name: str, owner_pk=None) -> dict:
    """The username in NFKC, refused (naming field `name`) if another account has it in any case.

    The model's own check (User.clean), which serializers do not run. djoser's `new_username` fields
    keep the model's name in `attrs`.
    """
    field = get_user_model().USERNAME_FIELD
    attrs[field] = usernames.normalize(attrs[field])
    if username_taken(attrs[field], exclude_pk=owner_pk):
        message = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).error_messages["unique"]
        raise ValidationError({name: [message]}, code="unique")
    return attrs


class UserCreateSerializer(djoser_serializers.UserCreateSerializer):
    """Registration: the username normalised and unique without regard to case."""

    def validate(self, attrs):
        return super().validate(normalized_unique_username(attrs, get_user_model().USERNAME_FIELD))

    def perform_create(self, validated_data):
        # Inactive from the start when activation is on: djoser creates, then deactivates, which
        # would read as a ban by staff (accounts.models.User.deactivated_at).
        active = not djoser_settings.SEND_ACTIVATION_EMAIL
        return get_user_model().objects.create_user(**validated_data, is_active=active)


class SetUsernameSerializer(djoser_serializers.SetUsernameSerializer):
    """`set_username`: the same normalisation and uniqueness as registration (djoser's skips both)."""

    def validate(self, attrs):
        user = self.context["request"].user
        return super().validate(normalized_unique_username(attrs, f"new_{djoser_settings.LOGIN_FIELD}", user.pk))


class UserSerializer(djoser_serializers.UserSerializer):
    """`users/me/` and `users/{id}/`: changing one's own email address needs the current password.

    Staff editing someone else need not know that person's password.
    """

    current_password = serializers.CharField(required=False, write_only=True, style={"input_type": "password"})

    class Meta(djoser_serializers.UserSerializer.Meta):
        fields = (*djoser_serializers.UserSerializer.Meta.fields, "current_password")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        current_password = attrs.pop("current_password", None)
        email_field = get_user_email_field_name(get_user_model())
        request = self.context.get("request")
        own = self.instance is not None and request is not None and request.user.pk == self.instance.pk
        changes_email = own and email_field in attrs and attrs[email_field] != getattr(self.instance, email_field)
        if changes_email and not (current_password and self.instance.check_password(current_password)):
            message = djoser_settings.CONSTANTS.messages.INVALID_PASSWORD_ERROR
            raise ValidationError({"current_password": [message]}, code="invalid_password")
        return attrs

    def update(self, instance, validated_data):
        # With activation on, djoser deactivates an account whose address changed until it is confirmed
        # again: that is "awaiting activation", not a ban by staff.
        instance.awaiting_activation = True
        return super().update(instance, validated_data)


class ValidatedUidAndTokenMixin:
    """`uid` and `token` from the mail: a bad one is a 400, and "no such user" looks like "bad token".

    djoser decodes `uid` and checks `token` from the raw body: a JSON number there was a 500. And it
    answered an unknown `uid` with its own message, telling an attacker which accounts exist.
    """

    def validate(self, attrs):
        data = {**self.initial_data}
        for name in ("uid", "token"):
            value = attrs.get(name, data.get(name, ""))
            data[name] = value if isinstance(value, str) else ""  # not a string: an invalid uid or token
        self.initial_data = data
        try:
            return super().validate(attrs)
        except ValidationError as error:
            if isinstance(error.detail, dict) and {"uid", "token"} & set(error.detail):
                self.fail_bad_token()
            raise

    def fail_bad_token(self):
        message = djoser_settings.CONSTANTS.messages.INVALID_TOKEN_ERROR
        raise ValidationError({"token": [message]}, code="invalid_token")


class ActivationSerializer(ValidatedUidAndTokenMixin, djoser_serializers.ActivationSerializer):
    """Activates an account: the `uid` and `token` from the mail; never one that staff deactivated."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.user.is_banned:
            self.fail_bad_token()
        return attrs


class PasswordResetConfirmSerializer(ValidatedUidAndTokenMixin, djoser_serializers.PasswordResetConfirmSerializer):
    """Confirms a password reset: the `uid` and `token` from the mail, and the new password."""


class UsernameResetConfirmSerializer(ValidatedUidAndTokenMixin, djoser_serializers.UsernameResetConfirmSerializer):
    """Confirms a username reset: the `uid` and `token` from the mail, and the new username (normalised, unique)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        return normalized_unique_username(attrs, f"new_{djoser_settings.LOGIN_FIELD}", self.user.pk)

    # djoser's own leaves `uid` and `token` out of its fields: they were checked but never documented.
    class Meta(djoser_serializers.UsernameResetConfirmSerializer.Meta):
        fields = ("uid", "token", *djoser_serializers.UsernameResetConfirmSerializer.Meta.fields)
