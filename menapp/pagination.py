"""Record pages: page numbers with a cached count, or keyset pages (`cursor`) that cost the same at any depth."""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from . import cache as record_cache
from . import search
from .filters import StrictIntegerField


class StrictPageSizeMixin:
    """`?page_size=M`, capped at 100; one that is not a positive integer is a 400."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = StrictIntegerField(min_value=1).clean(raw)
        except forms.ValidationError as error:
            raise ValidationError({self.page_size_query_param: error.messages}) from None
        return min(size, self.max_page_size)


class PageSizePagination(StrictPageSizeMixin, PageNumberPagination):
    """`?page=N&page_size=M`."""

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"Results per page, at most {self.max_page_size} (more is capped)."
        return parameters


class CachedCountPaginator(Paginator):
    """Django's Paginator, remembering `COUNT(*)` per filter, reader and catalog generation."""

    def __init__(self, *args, count_key: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        generation, count = record_cache.catalog.lookup(self.count_key)
        if count is None:
            count = super().count
            record_cache.store(self.count_key, generation, count)
        return count


class SearchPaginator(CachedCountPaginator):
    """Keeps a search's relevance order only while few records match: ranking costs a rank per match."""

    def page(self, number):
        number = self.validate_number(number)  # the count, which decides
        if search.is_ranked(self.object_list) and self.count > search.RANKED_MATCHES:
            self.object_list = search.newest_first(self.object_list)
        return super().page(number)


class KeysetPagination(StrictPageSizeMixin, CursorPagination):
    """DRF's cursor pagination: `WHERE time_create < <last seen> ORDER BY … LIMIT n`, no OFFSET, no COUNT.

    A cursor keeps its place by the first ordering field, so that field must be nearly unique
    (DRF's own rule): scrolling by `id`, `time_create` or `time_update`, either way.
    """

    ordering = "-time_create"
    keyset_fields = ("id", "time_create", "time_update")

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering[0].lstrip("-") not in self.keyset_fields:
            fields = ", ".join(self.keyset_fields)
            raise ValidationError({self.cursor_query_param: [f"A cursor scrolls by one of {fields} (see ordering)."]})
        return ordering

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            # A hand-made position of the wrong type would reach the database as a bad value: a 500.
            field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
            try:
                field.to_python(cursor.position)
            except (DjangoValidationError, ValueError):
                raise NotFound(self.invalid_cursor_message) from None
        return cursor


class MenPagination(PageSizePagination):
    """Record pages by number (`page`, with `count`), or by keyset once `cursor` is given (even empty)."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.keyset = KeysetPagination() if self.cursor_query_param in request.query_params else None
        if self.keyset is not None:
            return self.keyset.paginate_queryset(queryset, request, view)
        self.count_key = record_cache.response_key(request, "count", ignore=(self.page_query_param, "page_size"))
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size):
        return SearchPaginator(queryset, page_size, count_key=self.count_key)

    def get_paginated_response(self, data):
        if self.keyset is not None:
            return self.keyset.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["results"]
        paginated["properties"]["count"]["description"] = "Matching records; left out of keyset (`cursor`) pages."
        return paginated

    def get_schema_operation_parameters(self, view):
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": "Keyset pagination: empty for the first page, then the value from `next` or "
            "`previous`. Costs the same at any depth; the page has no `count`. Takes precedence over `page`.",
            "schema": {"type": "string"},
        }
        return [*super().get_schema_operation_parameters(view), cursor]
