"""Serializers for the catalog (§2–§6, §10)."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from .fields import StrictIntegerField, StrictModelSerializer
from .limits import RecordContentLengthValidator
from .models import Category, Men
from .services import men_create, men_update

# The notes' sample data (§1), shown in the docs and sent by schemathesis' example phase.
RECORD_REQUEST = {"title": "Павел", "content": "Что то с чем то", "cat": 1}
RECORD = {
    "id": 1,
    **RECORD_REQUEST,
    "time_create": "2026-01-15T10:30:00Z",
    "time_update": "2026-01-15T10:30:00Z",
    "is_published": True,
    "user": 2,
    "version": 1,
}


@extend_schema_serializer(
    examples=[
        OpenApiExample("Актеры", value={"name": "Актеры"}, request_only=True),
        OpenApiExample("Категория", value={"id": 1, "name": "Актеры"}, response_only=True),
    ]
)
class CategorySerializer(StrictModelSerializer):
    """A category: its id and name."""

    class Meta:
        model = Category
        fields = ("id", "name")


@extend_schema_serializer(
    examples=[
        OpenApiExample("Запись из конспекта (§1)", value=RECORD_REQUEST, request_only=True),
        OpenApiExample("Запись", value=RECORD, response_only=True),
    ]
)
class MenSerializer(StrictModelSerializer):
    """A record. The owner is the requesting user, shown as an id and never taken from the body (§10)."""

    user = serializers.PrimaryKeyRelatedField(read_only=True, help_text=_("Owner's id, set from the request."))
    cat_id = StrictIntegerField(
        write_only=True,
        required=False,
        # null means "not sent", so a body with `cat` and a null `cat_id` is fine.
        allow_null=True,
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

    def get_initial(self):
        initial = super().get_initial()
        if not hasattr(self, "initial_data"):
            # The browsable API's raw-data template offers `cat` only, not its deprecated alias.
            initial.pop("cat_id", None)
        return initial

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and data.get("cat_id") not in (None, "") and "cat" not in data:
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
