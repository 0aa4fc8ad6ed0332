"""Page-number pagination with a client-chosen page size (capped)."""

import re

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StrictIntegerField(serializers.IntegerField):
    """Digits only: DRF's IntegerField also takes `1.0`, which is not an integer in the schema."""

    re_decimal = re.compile(r"(?!)")


class MenPagination(PageNumberPagination):
    """`?page=N&page_size=M`; M is capped at 100, and one that is not a positive integer is a 400."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = StrictIntegerField(min_value=1).run_validation(raw)
        except ValidationError as error:
            raise ValidationError({self.page_size_query_param: error.detail}) from None
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"Results per page, at most {self.max_page_size} (more is capped)."
        return parameters
