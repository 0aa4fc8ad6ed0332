"""Page-number pagination with a client-chosen page size (capped)."""

from rest_framework.pagination import PageNumberPagination


class MenPagination(PageNumberPagination):
    """`?page=N&page_size=M`; M is capped at 100."""

    page_size_query_param = "page_size"
    max_page_size = 100
