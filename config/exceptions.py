"""DRF's exception handler, extended to the database errors a client can cause or must wait out."""

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.db import DataError, InterfaceError, OperationalError
from django.db.models import ProtectedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the resource.")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The resource has changed since you read it (If-Match does not match its ETag).")
    default_code = "precondition_failed"


class UnprocessableEntity(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("The request cannot be processed.")
    default_code = "unprocessable_entity"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The database is unavailable, try again shortly.")
    default_code = "service_unavailable"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Request body is too large.")
    default_code = "request_too_large"


class InvalidValue(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The request contains a value the database cannot store or compare.")
    default_code = "invalid"


def exception_handler(exc, context):
    if isinstance(exc, ProtectedError):
        exc = Conflict(_("The object is still referenced by other records and cannot be deleted."))
    elif isinstance(exc, OperationalError | InterfaceError):
        exc = ServiceUnavailable()
    elif isinstance(exc, DataError):
        # A value the database refuses (a NUL byte, a number out of range): the client's to fix.
        exc = InvalidValue()
    elif isinstance(exc, Http404):
        # get_object_or_404's "No Men matches the given query." is English only.
        exc = exceptions.NotFound(_("No such object."))
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, SuspiciousOperation | BadRequest):
        # Django's own refusals while parsing (too many form fields, files…): a 400, as Django answers.
        exc = exceptions.ParseError()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = "5"
    if response is not None and isinstance(response.data, list):
        # A ValidationError raised with a bare list (DRF's search filter does, for a null byte):
        # errors are always an object, so the messages go under `non_field_errors`.
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response
