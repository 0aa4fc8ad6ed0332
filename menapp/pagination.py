"""Record pages: page numbers with a cached count, or keyset pages (`cursor`) that cost the same at any depth."""

import hashlib
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination, replace_query_param

from api.read_cache import CachedRead

from . import cache as record_cache
from . import search
from .filters import ID_RANGE, StrictBooleanField, StrictIntegerField
from .limits import records_that_fit
from .visibility import scope

# The list parameters a count depends on (the page, its size and the order do not change it).
COUNT_PARAMS = ("cat", "user", "is_published", "search")


def is_canonical_integer(value: str, maximum: int | None = None) -> bool:
    """`7`, not `07`, `+7` or `٧`; within 1..maximum."""
    return (
        value.isascii() and value.isdigit() and value == str(int(value)) and 1 <= int(value) <= (maximum or int(value))
    )


class StrictPageSizeMixin:
    """`?page_size=M`, capped at 100; one that is not a positive integer is a 400.

    `is_canonical(query)` is False when the query names its page in another spelling than the
    canonical one (`page_size=010`, `page_size=500` capped to 100, a re-encoded cursor): such a read
    is answered but not cached (api.read_cache), so variants of one page make no new cache entries.
    """

    page_size_query_param = "page_size"
    max_page_size = 100

    def is_canonical(self, query) -> bool:
        size = query.get(self.page_size_query_param)
        return size is None or is_canonical_integer(size, self.max_page_size)

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

    def is_canonical(self, query) -> bool:
        page = query.get(self.page_query_param)
        return super().is_canonical(query) and (page is None or is_canonical_integer(page))

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"Results per page, at most {self.max_page_size} (more is capped)."
        return parameters


def membership(request) -> list[str]:
    """The generations of the records this list's filters and reader can see (menapp.cache)."""
    query = request.query_params
    # Already validated by the filters; `05` and `5` are one category, whose writes name it `5`.
    cat = query.get("cat")
    cat = StrictIntegerField().clean(cat) if cat is not None else None
    published = StrictBooleanField().to_python(query.get("is_published"))
    return record_cache.count_depends_on(request.user, cat, published)


def count_read(request) -> CachedRead:
    """Where a list's `count` is cached: per reader scope and filters, renewed only when membership changes."""
    query = request.query_params
    params = urlencode(sorted((name, query[name]) for name in COUNT_PARAMS if name in query))
    digest = hashlib.blake2b(params.encode(), digest_size=16).hexdigest()
    lifetime = settings.SEARCH_COUNT_SECONDS if query.get("search") else settings.RECORD_CACHE_SECONDS
    return CachedRead(f"read:count:{scope(request.user)}:{digest}", tuple(membership(request)), lifetime)


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
    shrunk_size = None
    records_read: list[int] = []

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        page = super().paginate_queryset(queryset, request, view)
        self.records_read = [record.pk for record in page]
        # Over MAX_PAGE_BYTES: the same page again with only the records nearest the cursor that fit
        # (one more query, for oversized pages only), so DRF computes its links from what is shown.
        nearest_first = list(reversed(page)) if self.cursor is not None and self.cursor.reverse else page
        fit = records_that_fit(nearest_first)
        if fit < len(page):
            self.shrunk_size = fit
            page = super().paginate_queryset(queryset, request, view)
        return page

    def get_page_size(self, request):
        return self.shrunk_size or super().get_page_size(request)

    def is_canonical(self, query) -> bool:
        """The cursor as DRF itself writes it (its decoder ignores unknown keys and zero padding)."""
        if not super().is_canonical(query):
            return False
        try:
            cursor = CursorPagination.decode_cursor(self, SimpleNamespace(query_params=query))
        except NotFound:
            return True  # a 404, never cached
        self.base_url = ""
        link = parse_qs(urlsplit(self.encode_cursor(cursor)).query, keep_blank_values=True)
        return link[self.cursor_query_param] == [query[self.cursor_query_param]]

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
    shrunk_size = None  # the page size a page over MAX_PAGE_BYTES was cut to
    # What decides the page (menapp.cache.list_vouchers): the membership it was read from, and the ids
    # of every record its query read (a page cut to MAX_PAGE_BYTES depends on the ones left out too).
    membership: list[str] = []
    records_read: list[int] = []

    def paginate_queryset(self, queryset, request, view=None):
        self.membership = membership(request)
        self.keyset = KeysetPagination() if self.cursor_query_param in request.query_params else None
        if self.keyset is not None:
            records = self.keyset.paginate_queryset(queryset, request, view)
            self.records_read = self.keyset.records_read
            return records
        self.count_read = count_read(request)
        records = super().paginate_queryset(queryset, request, view)
        self.records_read = [record.pk for record in records]
        self.shrunk_size = None
        fit = records_that_fit(records)
        if fit < len(records):
            records = self.shrink(records, fit)
        return records

    def shrink(self, records: list, fit: int) -> list:
        """Page N of size S over MAX_PAGE_BYTES becomes page N' of size S', the largest divisor of S that
        fits: the page still starts at the same record, and `next` and `previous` (which carry
        `page_size=S'`) step through the same sequence without skipping or repeating one."""
        size = self.page.paginator.per_page
        smaller = max(divisor for divisor in range(1, fit + 1) if size % divisor == 0)
        number = (self.page.number - 1) * (size // smaller) + 1
        paginator = self.django_paginator_class(self.page.paginator.object_list, smaller)
        paginator.__dict__["count"] = self.page.paginator.count  # already counted (a cached_property)
        self.page = Page(records[:smaller], number, paginator)
        self.shrunk_size = smaller
        return list(self.page)

    def get_next_link(self):
        return self.with_shrunk_size(super().get_next_link())

    def get_previous_link(self):
        return self.with_shrunk_size(super().get_previous_link())

    def with_shrunk_size(self, link: str | None) -> str | None:
        if link is None or self.shrunk_size is None:
            return link
        return replace_query_param(link, self.page_size_query_param, self.shrunk_size)

    def django_paginator_class(self, queryset, page_size):
        return SearchPaginator(queryset, page_size, count_read=self.count_read)

    def is_canonical(self, query) -> bool:
        if self.cursor_query_param in query:  # `page` means nothing beside a cursor
            return self.page_query_param not in query and KeysetPagination().is_canonical(query)
        return super().is_canonical(query)

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
