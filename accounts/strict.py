"""djoser's and SimpleJWT's serializers, taking only the JSON types the schema promises.

DRF's CharField turns a JSON number into a string, so `{"username": 12345}` logged in user "12345"
and registered one. `StrictTypes` refuses, for each text field (CharField, EmailField, SimpleJWT's
PasswordField…), a JSON value that is not a string, with the field's own "Not a valid string."
message under its name, before the serializer looks anything up. A form (urlencoded, multipart)
sends only strings, so forms are unaffected. Wired in through DJOSER["SERIALIZERS"] and SIMPLE_JWT.
"""

from collections.abc import Mapping

from djoser import serializers as djoser_serializers
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers
from rest_framework_simplejwt import serializers as jwt_serializers

from . import serializers as ours


class StrictTypes:
    """Mixin for a serializer: a text field given a JSON value that is not a string is a 400 naming it."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {
                name: [field.error_messages["invalid"]]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and not field.read_only
                and name in data
                and not isinstance(data[name], str)
                and not (data[name] is None and field.allow_null)
            }
            # DRF reads an empty optional text field of a form as "not sent"; the schema says it must not be blank.
            errors |= {
                name: [field.error_messages["blank"]]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and not field.read_only
                and not field.required
                and not field.allow_blank
                and data.get(name) == ""
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    # djoser's token login and SimpleJWT's serializers validate in `validate()` from their fields,
    # which run after `to_internal_value`: the check above comes first for them too.


# The notes' second user (§12, §14), shown in the docs and sent by schemathesis' example phase.
CREDENTIALS = {"username": "seconduser", "password": "Str0ng-pass-phrase"}


def example(name: str, value: dict):
    return extend_schema_serializer(examples=[OpenApiExample(name, value=value, request_only=True)])


@example("Регистрация из конспекта (§12)", {**CREDENTIALS, "email": "phk@gmail.com"})
class UserCreateSerializer(StrictTypes, ours.UserCreateSerializer):
    """Registration (§12): username, password and email."""


class UserSerializer(StrictTypes, ours.UserSerializer):
    """A user: id, username and email."""


class UserDeleteSerializer(StrictTypes, djoser_serializers.UserDeleteSerializer):
    """Deleting an account: its current password."""


@example("Вход (§12)", CREDENTIALS)
class TokenCreateSerializer(StrictTypes, djoser_serializers.TokenCreateSerializer):
    """Token login (§12): username and password."""


class SetPasswordSerializer(StrictTypes, djoser_serializers.SetPasswordSerializer):
    """A password change: the current password and the new one."""


class SetUsernameSerializer(StrictTypes, ours.SetUsernameSerializer):
    """A username change: the current password and the new username."""


class SendEmailResetSerializer(StrictTypes, djoser_serializers.SendEmailResetSerializer):
    """Asking for a password or username reset mail: the account's email."""


class ActivationSerializer(StrictTypes, ours.ActivationSerializer):
    """Activates an account: the `uid` and `token` from the mail."""


class PasswordResetConfirmSerializer(StrictTypes, ours.PasswordResetConfirmSerializer):
    """Confirms a password reset: the `uid` and `token` from the mail, and the new password."""


class UsernameResetConfirmSerializer(StrictTypes, ours.UsernameResetConfirmSerializer):
    """Confirms a username reset: the `uid` and `token` from the mail, and the new username."""


@example("Вход (§14)", CREDENTIALS)
class TokenObtainPairSerializer(StrictTypes, jwt_serializers.TokenObtainPairSerializer):
    """JWT login (§14): username and password."""


class TokenRefreshSerializer(StrictTypes, ours.TokenRefreshSerializer):
    """A refresh token in, a new access token (and, rotating, a new refresh token) out."""


class TokenVerifySerializer(StrictTypes, jwt_serializers.TokenVerifySerializer):
    """A token to check."""


class TokenBlacklistSerializer(StrictTypes, jwt_serializers.TokenBlacklistSerializer):
    """A refresh token to revoke."""
