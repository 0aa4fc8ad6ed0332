"""djoser's uid-and-token serializers, reading the validated strings instead of the raw body."""

from djoser import serializers as djoser_serializers


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
