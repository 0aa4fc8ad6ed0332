"""Filters for the catalog's lists."""

import re

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.fields import CharField
from rest_framework.filters import OrderingFilter, SearchFilter

from . import search
from .models import Men

# The range of a database id (a 64-bit signed integer).
ID_RANGE = range(-(2**63), 2**63)


class StrictIntegerField(forms.IntegerField):
    """Digits only: Django's IntegerField also takes `1.0`, which is not an integer in the schema."""

    re_decimal = re.compile(r"(?!)")  # matches nothing, so no decimal part is ever stripped


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    """An integer id: one that matches nothing (or that no database could store) gives an empty list."""

    field_class = StrictIntegerField

    def filter(self, qs, value):
        if value is not None and value not in ID_RANGE:
            return qs.none()
        return super().filter(qs, value)


class StrictBooleanField(forms.NullBooleanField):
    """`true`/`false` (or `1`/`0`); anything else is an error, where Django would read it as "no filter"."""

    # DRF's wording, which its catalog already translates.
    default_error_messages = {"invalid": _("Must be a valid boolean.")}
    widget = forms.TextInput  # NullBooleanSelect would read any unknown value as "no filter"
    values = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.values[str(value).lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        pass


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class MenFilterSet(django_filters.FilterSet):
    """`?cat=`, `?user=` and `?is_published=`, by id for the first two."""

    cat = IdFilter(field_name="cat", help_text="Category id.")
    user = IdFilter(field_name="user", help_text="Owner's id.")
    is_published = StrictBooleanFilter(field_name="is_published", help_text="`true` or `false`.")

    class Meta:
        model = Men
        fields = ("cat", "user", "is_published")

    def is_valid(self):
        # `?cat=` is not an integer (nor `?is_published=` a boolean); a form would read it as "no filter".
        for name, field in self.form.fields.items():
            if self.data.get(name) == "":
                self.form.add_error(name, field.error_messages["invalid"])
        return super().is_valid()


class AskedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the query names none of the view's filters.

    django-filter builds the FilterSet and its form for every request (about 0.3 ms), also where no
    filter is asked for, as on every detail route, where DRF's `get_object` filters too: a query
    without any of them is filtered by nothing, so the queryset is returned as it is.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and filterset_class.base_filters.keys().isdisjoint(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class MenSearchFilter(SearchFilter):
    """`?search=`: DRF's parameter and term split, matched by menapp.search (full-text on PostgreSQL).

    menapp.search decides what is searched (title and content); the view's `search_fields` only turns
    on the browsable API's search form.
    """

    search_description = (
        'Words to look for in title and content, split at spaces and commas (a "quoted phrase" is one '
        "term); a record matches when it matches every term. "
        f"At most {search.MAX_TERMS} words of at most {search.MAX_TERM_LENGTH} characters each; more is a "
        "400 naming `search`. "
        "PostgreSQL: Russian full-text search, any word form («Пушкина» finds «Пушкин», «певцы» finds "
        "«певец»), «ё» read as «е», stop words («и», «в») ignored, and a title holding every term "
        "as a substring matches too. With page numbers and no `ordering`, results are ranked by "
        "relevance (title above content, then newest first) when at most "
        f"{search.RANKED_MATCHES} records match, and newest first when more do; with `cursor`, newest "
        "first. SQLite: a substring match in title or content, in any case and alphabet, «ё» read as «е», "
        "newest first."
    )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["pattern"] = search.SEARCH_PATTERN
        return parameters

    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        # DRF's own check (no NUL), then the split within the limits.
        value = CharField(trim_whitespace=False, allow_blank=True).run_validation(value)
        return search.search_terms(value, self.search_param)

    def filter_queryset(self, request, queryset, view):
        return search.search(queryset, self.get_search_terms(request), ranked=True)


class StableOrderingFilter(OrderingFilter):
    """`?ordering=`, with the primary key as the last tie-breaker so pages never overlap.

    Without a valid `ordering`, a list the search ranked by relevance keeps that order.
    """

    def filter_queryset(self, request, queryset, view):
        if search.is_ranked(queryset) and not self.requested_ordering(request, queryset, view):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def requested_ordering(self, request, queryset, view) -> list[str]:
        params = request.query_params.get(self.ordering_param)
        if not params:
            return []
        return self.remove_invalid_fields(queryset, [param.strip() for param in params.split(",")], view, request)

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or ())
        if not {"id", "-id", "pk", "-pk"} & set(ordering):
            ordering.append("-id" if ordering and ordering[0].startswith("-") else "id")
        return ordering
