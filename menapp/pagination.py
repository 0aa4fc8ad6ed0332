"""Page-number pagination with a client-chosen page size (capped) and, for records, a cached count."""

from django import forms
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from . import cache as record_cache
from .filters import StrictIntegerField


class PageSizePagination(PageNumberPagination):
    """`?page=N&page_size=M`; M is capped at 100, and one that is not a positive integer is a 400."""

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


class MenPagination(PageSizePagination):
    """Record pages, whose count comes from the record cache while the catalog is unchanged."""

    def paginate_queryset(self, queryset, request, view=None):
        self.count_key = record_cache.response_key(request, "count", ignore=(self.page_query_param, "page_size"))
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size):
        return CachedCountPaginator(queryset, page_size, count_key=self.count_key)
