"""Serializer fields that take only the types the OpenAPI schema promises.

DRF coerces generously (`"yes"` and `1` are booleans, `1.5`-free `"1.0"` and `"7"` are integers, `42`
is a string); schemathesis showed that such requests, which the schema calls invalid, were accepted.
In a form (urlencoded or multipart) every value is a string, so there the text forms are accepted:
digits for integers and `true`/`false` for booleans.

A boolean missing from a form is missing, as in JSON (the model's default applies), not DRF's
"unchecked checkbox means false"; the browsable API renders booleans as a true/false choice, so
`false` is always sent explicitly.
"""

import copy
import functools
import re

from django.db import models
from django.http import QueryDict
from rest_framework import serializers
from rest_framework.fields import empty

from api.compiled import CompiledQuery

INTEGER = re.compile(r"-?\d+")
BIGINT_END = 2**63


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
    # DRF reads a boolean absent from form data as an unchecked checkbox (false): here it is absent.
    default_empty_html = empty

    def __init__(self, **kwargs):
        # A checkbox cannot say "false" once absence means the default, so the HTML form offers both.
        kwargs.setdefault("style", {"template": "menapp/fields/boolean_choice.html"})
        super().__init__(**kwargs)

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
        queryset = self.get_queryset()
        pk = plain_pk(data)
        if self.pk_field is not None or queryset.query.has_filters() or pk is None:
            return super().to_internal_value(data)
        # The plain `Model.objects.get(pk=…)` of every create, compiled once (api.compiled); the rest take DRF's.
        found = next(iter(by_pk(queryset.model)(pk=pk)), None)
        if found is None:
            self.fail("does_not_exist", pk_value=data)
        return found


def plain_pk(data: int | str) -> int | None:
    """An integer `data` (is_integer) as a positive bigint; None for anything else."""
    if isinstance(data, str) and len(data) > len(str(BIGINT_END)):
        return None
    pk = int(data)
    return pk if 0 < pk < BIGINT_END else None


@functools.cache
def by_pk(model) -> CompiledQuery:
    return CompiledQuery(model, lambda pk: model._default_manager.filter(pk=pk), pk=-7_919_000_031)


def shallow_copy(field: serializers.Field) -> serializers.Field:
    """`copy.copy(field)` without its reduce protocol (a fifth of the serializer's set-up): the same class,
    a copy of the same attributes."""
    clone = object.__new__(type(field))
    clone.__dict__ = field.__dict__.copy()
    return clone


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

    def get_fields(self):
        """The fields DRF builds from the model, built once per class; each instance gets its own copies.

        ModelSerializer introspects the model and builds every field again for each instance (a tenth of
        a write's Python); here they depend on the class alone (Meta, the mappings, the declared fields),
        never on the context. The kept fields are never bound, so a shallow copy of each is a field as
        fresh as a new one: `bind()` sets its name and parent on the copy, and nothing changes a field's
        arguments, validators or messages after its `__init__`. DRF's own deep copy would run every
        field's `__init__` again (another tenth). A nested serializer keeps fields of its own: it is
        deep-copied.
        """
        built = self.built_once("_built_fields", super().get_fields)
        return {
            name: copy.deepcopy(field) if isinstance(field, serializers.BaseSerializer) else shallow_copy(field)
            for name, field in built.items()
        }

    def get_validators(self):
        """ModelSerializer's (the model's unique-together and unique-for-date checks), worked out once per
        class like the fields: they depend on the class alone, and DRF calls each with the serializer."""
        return list(self.built_once("_built_validators", super().get_validators))  # a list of this instance's own

    def built_once(self, name: str, build):
        """What `build()` returns for this class (not a subclass's, nor a parent's), built on first use."""
        built = type(self).__dict__.get(name)
        if built is None:
            built = build()
            setattr(type(self), name, built)
        return built

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.BooleanField) and model_field.has_default():
            # The empty HTML form and the raw-data template start from the model's default.
            field_kwargs.setdefault("initial", model_field.get_default())
        return field_class, field_kwargs
