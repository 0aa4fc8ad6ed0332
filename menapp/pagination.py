"""Record pages: page numbers with a cached count, or keyset pages (`cursor`) that cost the same at any depth."""

import hashlib
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from api.read_cache import CachedRead

from . import cache as record_cache
from . import search
from .filters import ID_RANGE, StrictBooleanField, StrictIntegerField
from .visibility import scope

# The list parameters a count depends on (the page, its size and the order do not change it).
COUNT_PARAMS = ("cat", "user", "is_published", "search")


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


def count_read(request) -> CachedRead:
    """Where a list's `count` is cached: per reader scope and filters, renewed only when membership changes."""
    query = request.query_params
    params = urlencode(sorted((name, query[name]) for name in COUNT_PARAMS if name in query))
    digest = hashlib.blake2b(params.encode(), digest_size=16).hexdigest()
    published = StrictBooleanField().to_python(query.get("is_published"))  # already validated by the filters
    depends = record_cache.count_depends_on(request.user, query.get("cat"), published)
    lifetime = settings.SEARCH_COUNT_SECONDS if query.get("search") else settings.RECORD_CACHE_SECONDS
    return CachedRead(f"read:count:{scope(request.user)}:{digest}", tuple(depends), lifetime)


class CachedCountPaginator(Paginator):
    """Django's Paginator, remembering `COUNT(*)` until the membership it counts changes (menapp.cache)."""

    def __init__(self, *args, count_read: CachedRead, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_read = count_read

    @cached_property
    def count(self):
        found = self.count_read.lookup()
        if found.value is not None:
            return found.value
        count = super().count
        self.count_read.store_value(found.tokens, count)
        return count

    def page(self, number):
        # A full page whatever the count says: a search's count may lag an edit (SEARCH_COUNT_SECONDS),
        # its results never do. Django's Paginator would cut the page at the count.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


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
                position = field.to_python(cursor.position)
            except (DjangoValidationError, ValueError):
                raise NotFound(self.invalid_cursor_message) from None
            if isinstance(position, int) and position not in ID_RANGE:  # SQLite cannot even compare it
                raise NotFound(self.invalid_cursor_message)
        return cursor


class MenPagination(PageSizePagination):
    """Record pages by number (`page`, with `count`), or by keyset once `cursor` is given (even empty)."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.keyset = KeysetPagination() if self.cursor_query_param in request.query_params else None
        if self.keyset is not None:
            return self.keyset.paginate_queryset(queryset, request, view)
        self.count_read = count_read(request)
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size):
        return SearchPaginator(queryset, page_size, count_read=self.count_read)

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
