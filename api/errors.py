"""The one error map: every exception a request can raise, as an API error with the right status.

DRF's exception handler (`exception_handler`, named in settings) and the middleware for everything
outside DRF's views (api.middleware) both use `api_exception_for`, and every JSON error body comes
from DRF's own handler (`error_response`): one shape, one place for `Retry-After` (DRF writes it
from the exception's `wait`).
"""

import logging

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DataError, InterfaceError, OperationalError
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

DATABASE_RETRY_SECONDS = 5


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
    wait = DATABASE_RETRY_SECONDS  # DRF's handler sends it as Retry-After


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Request body is too large.")
    default_code = "request_too_large"


class InvalidValue(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The request contains a value the database cannot store or compare.")
    default_code = "invalid"


class ServerError(exceptions.APIException):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
    default_detail = _("Internal server error.")
    default_code = "error"


# SQLSTATE classes that mean "the database cannot serve now", not "this request is wrong":
# connection exception, insufficient resources, operator intervention (incl. a cancelled statement), system error.
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53", "57", "58")
UNAVAILABLE_SQLITE_MESSAGES = ("locked", "busy", "unable to open", "disk i/o", "readonly")


def database_unavailable(exc: OperationalError | InterfaceError) -> bool:
    """A connection failure or a database that cannot serve now, as opposed to a request it refuses."""
    if isinstance(exc, InterfaceError):
        return True
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate[:2] in UNAVAILABLE_SQLSTATE_CLASSES
    if type(exc.__cause__).__module__ == "sqlite3":
        return any(message in str(exc.__cause__).lower() for message in UNAVAILABLE_SQLITE_MESSAGES)
    return True  # no answer from the server at all


def api_exception_for(exc: Exception) -> exceptions.APIException | None:
    """The API error for an exception that is not one already, or None when it is a server error."""
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, ProtectedError):
        return Conflict(_("The object is still referenced by other records and cannot be deleted."))
    if isinstance(exc, OperationalError | InterfaceError):
        if database_unavailable(exc):
            logger.warning("database unavailable: %s", exc)
            return ServiceUnavailable()
        return InvalidValue()  # e.g. a query too complex for the database: the request's to change
    if isinstance(exc, DataError):
        return InvalidValue()  # a value the database refuses (a NUL byte, a number out of range)
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    if isinstance(exc, SuspiciousOperation | BadRequest):
        return exceptions.ParseError()  # Django's own refusals while parsing (too many fields…)
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("No such object."))  # get_object_or_404's own message is English only
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return None


def exception_handler(exc, context):
    """DRF's handler, over the one map; errors are always an object (a bare list goes under non_field_errors)."""
    response = drf_exception_handler(api_exception_for(exc) or exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response


def error_response(exc: exceptions.APIException) -> HttpResponse:
    """The JSON answer DRF gives for `exc`, for errors met outside DRF's views."""
    response = exception_handler(exc, {})
    response.accepted_renderer = JSONRenderer()
    response.accepted_media_type = JSONRenderer.media_type
    response.renderer_context = {}
    return response.render()


def error_for_status(status_code: int, reason: str) -> exceptions.APIException:
    """The API error for one of Django's own error pages (a route that does not exist, a CSRF failure…)."""
    known = {400: exceptions.ParseError, 403: exceptions.PermissionDenied, 404: exceptions.NotFound}
    known |= {413: RequestTooLarge, 500: ServerError, 503: ServiceUnavailable}
    if status_code in known:
        return known[status_code]()
    error = exceptions.APIException(reason)
    error.status_code = status_code
    return error


def server_error(request, *args, **kwargs):
    """handler500: Django's last-resort page, so a production traceback never reaches a client."""
    return error_response(ServerError())
