"""Serializer fields that take only the types the OpenAPI schema promises.

DRF coerces generously (`"yes"` and `1` are booleans, `1.5`-free `"1.0"` and `"7"` are integers, `42`
is a string); schemathesis showed that such requests, which the schema calls invalid, were accepted.
In a form (urlencoded or multipart) every value is a string, so there the text forms are accepted:
digits for integers and `true`/`false` for booleans.
"""

import re

from django.db import models
from django.http import QueryDict
from rest_framework import serializers

INTEGER = re.compile(r"-?\d+")


def sent_as_form(field) -> bool:
    return isinstance(getattr(field.root, "initial_data", None), QueryDict)


def is_integer(field, data) -> bool:
    if isinstance(data, bool):
        return False
    return isinstance(data, int) or (isinstance(data, str) and sent_as_form(field) and bool(INTEGER.fullmatch(data)))


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        if isinstance(data, str) and sent_as_form(self) and data in ("true", "false"):
            return data == "true"
        self.fail("invalid", input=data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if not is_integer(self, data):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if not is_integer(self, data):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text, boolean, integer and foreign-key fields are the strict ones above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
        models.IntegerField: StrictIntegerField,
    }
    serializer_related_field = StrictPrimaryKeyRelatedField
