"""Filters for the catalog's lists."""

import django_filters
from rest_framework.filters import OrderingFilter

from .models import Men


class MenFilterSet(django_filters.FilterSet):
    """`?cat=`, `?user=` and `?is_published=`."""

    class Meta:
        model = Men
        fields = ("cat", "user", "is_published")


class StableOrderingFilter(OrderingFilter):
    """`?ordering=`, with the primary key as the last tie-breaker so pages never overlap."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or ())
        if not {"id", "-id", "pk", "-pk"} & set(ordering):
            ordering.append("-id" if ordering and ordering[0].startswith("-") else "id")
        return ordering
