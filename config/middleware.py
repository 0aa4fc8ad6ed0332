"""Request plumbing that sits below DRF: optional trailing slashes and JSON errors under /api/."""

import io
import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.urls import is_valid_path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions

from .exceptions import InvalidValue, RequestTooLarge, ServiceUnavailable

logger = logging.getLogger(__name__)

DATABASE_RETRY_AFTER = "5"


def is_api_path(path: str) -> bool:
    return path.startswith(("/api/", "/auth/"))


# Django's wording, which its catalog already translates.
ENTER_A_VALID_VALUE = gettext_lazy("Enter a valid value.")

# Django's own error pages, answered with DRF's (translated) wording.
ERROR_DETAILS = {
    400: exceptions.ParseError.default_detail,
    403: exceptions.PermissionDenied.default_detail,
    404: exceptions.NotFound.default_detail,
    413: RequestTooLarge.default_detail,
}
NUL_IN_QUERY = gettext_lazy("Null characters are not allowed in query parameters.")
CHUNK_SIZE = 64 * 1024


def json_error(detail, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(detail)}, status=status, json_dumps_params={"ensure_ascii": False})


def database_unavailable() -> JsonResponse:
    response = json_error(ServiceUnavailable.default_detail, 503)
    response["Retry-After"] = DATABASE_RETRY_AFTER
    return response


class OptionalTrailingSlashMiddleware:
    """Serve `/men` as `/men/`: an internal rewrite, where APPEND_SLASH would answer with a redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.endswith("/"):
            urlconf = getattr(request, "urlconf", None)
            if not is_valid_path(path, urlconf) and is_valid_path(f"{path}/", urlconf):
                request.path_info = f"{path}/"
                request.path = f"{request.path}/"
        return self.get_response(request)


class SingleQueryValueMiddleware:
    """Refuse a query parameter given twice under the API prefixes (400): no parameter here is a list,
    and silently reading only the last value would accept requests the schema calls invalid."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_path(request.path_info):
            repeated = sorted(name for name, values in request.GET.lists() if len(values) > 1)
            if repeated:
                detail = str(ENTER_A_VALID_VALUE)
                return JsonResponse(
                    {name: [detail] for name in repeated}, status=400, json_dumps_params={"ensure_ascii": False}
                )
        return self.get_response(request)


class ApiErrorMiddleware:
    """Answer every error under the API prefixes as JSON, whatever produced it.

    DRF renders its own errors; this catches the rest: unknown routes (404), oversized bodies (413,
    whether announced by Content-Length or sent chunked), NUL bytes in the query string (400: no
    database can compare them), Django's 400/403 pages, an unreachable database (503) and, outside
    debug, unexpected 500s.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_path(request.path_info):
            return self.get_response(request)
        if self.body_too_large(request) or not self.buffer_chunked_body(request):
            return self.early_error(request, ERROR_DETAILS[413], 413)
        if self.nul_in_query(request):
            return self.early_error(request, NUL_IN_QUERY, 400)
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            return self.as_json(response)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.warning("database unavailable: %s", exception)
            return database_unavailable()
        if not is_api_path(request.path_info):
            return None
        # What Django itself would answer with a 4xx page, as JSON (DRF's handler covers its own views).
        if isinstance(exception, DataError):
            return json_error(InvalidValue.default_detail, 400)
        if isinstance(exception, RequestDataTooBig):
            return json_error(ERROR_DETAILS[413], 413)
        if isinstance(exception, SuspiciousOperation | BadRequest):
            return json_error(ERROR_DETAILS[400], 400)
        if isinstance(exception, PermissionDenied):
            return json_error(ERROR_DETAILS[403], 403)
        if isinstance(exception, Http404):
            return json_error(ERROR_DETAILS[404], 404)
        if settings.DEBUG:
            return None
        logger.exception("unhandled error on %s %s", request.method, request.path, exc_info=exception)
        return json_error(_("Internal server error."), 500)

    @staticmethod
    def early_error(request, detail, status: int) -> JsonResponse:
        """An error answered before LocaleMiddleware has run, in the client's language all the same."""
        with translation.override(translation.get_language_from_request(request)):
            return json_error(detail, status)

    @staticmethod
    def body_too_large(request) -> bool:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        return length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    @staticmethod
    def buffer_chunked_body(request) -> bool:
        """Read a body sent without Content-Length (chunked) up to the limit; False if it goes beyond.

        Django reads no body at all without Content-Length; buffered here, the parsers see it as any
        other body, and never more than the limit is read.
        """
        if request.META.get("CONTENT_LENGTH") or "chunked" not in request.META.get("HTTP_TRANSFER_ENCODING", ""):
            return True
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = bytearray()
        while len(body) <= limit:
            chunk = request.META["wsgi.input"].read(min(CHUNK_SIZE, limit + 1 - len(body)))
            if not chunk:
                break
            body += chunk
        if len(body) > limit:
            return False
        request._stream = io.BytesIO(bytes(body))
        request.META["CONTENT_LENGTH"] = str(len(body))
        return True

    @staticmethod
    def nul_in_query(request) -> bool:
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())

    @staticmethod
    def as_json(response):
        status = response.status_code
        detail = ERROR_DETAILS.get(status) or response.reason_phrase
        replacement = json_error(detail, status)
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
            if header in response:
                replacement[header] = response[header]
        return replacement
