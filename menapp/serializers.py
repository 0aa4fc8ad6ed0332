"""Serializers for the catalog (§2–§6, §10)."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .fields import StrictIntegerField, StrictModelSerializer
from .limits import RecordContentLengthValidator
from .models import Category, Men
from .services import men_create, men_update


class CategorySerializer(StrictModelSerializer):
    """A category: its id and name."""

    class Meta:
        model = Category
        fields = ("id", "name")


class MenSerializer(StrictModelSerializer):
    """A record. The owner is the requesting user, shown as an id and never taken from the body (§10)."""

    user = serializers.PrimaryKeyRelatedField(read_only=True, help_text=_("Owner's id, set from the request."))
    cat_id = StrictIntegerField(
        write_only=True,
        required=False,
        help_text=_("Deprecated alias of `cat`, as in the course's requests (§1); `cat` wins if both are sent."),
    )

    class Meta:
        model = Men
        fields = (
            "id",
            "title",
            "content",
            "time_create",
            "time_update",
            "is_published",
            "cat",
            "cat_id",
            "user",
            "version",
        )
        read_only_fields = ("version",)
        # At most MAX_RECORD_CONTENT characters, in any media type; a longer stored text may be sent back unchanged.
        extra_kwargs = {"content": {"validators": [RecordContentLengthValidator()]}}

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and "cat_id" in data and "cat" not in data:
            data = data.copy()
            data["cat"] = data["cat_id"]
        attrs = super().to_internal_value(data)
        attrs.pop("cat_id", None)
        return attrs

    def create(self, validated_data):
        return men_create(fields=validated_data, owner=self.context["request"].user)

    def update(self, instance, validated_data):
        return men_update(
            men=instance,
            changes=validated_data,
            expected_versions=self.context.get("expected_versions"),
            by=self.context["request"].user,
        )
