"""DRF's exception handler, extended to the database errors a client can cause or must wait out."""

from django.db import InterfaceError, OperationalError
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the resource.")
    default_code = "conflict"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The database is unavailable, try again shortly.")
    default_code = "service_unavailable"


def exception_handler(exc, context):
    if isinstance(exc, ProtectedError):
        exc = Conflict(_("The object is still referenced by other records and cannot be deleted."))
    elif isinstance(exc, OperationalError | InterfaceError):
        exc = ServiceUnavailable()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = "5"
    if response is not None and isinstance(response.data, list):
        # A ValidationError raised with a bare list (DRF's search filter does, for a null byte):
        # errors are always an object, so the messages go under `non_field_errors`.
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response
