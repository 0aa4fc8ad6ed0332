"""Request plumbing below DRF: the request guard and error map, public links, optional trailing slashes, the CSP."""

import io
import logging
from collections.abc import Callable
from functools import partial

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import is_valid_path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response

from .errors import (
    RequestTooLarge,
    ServerError,
    ServiceUnavailable,
    api_exception_for,
    error_for_status,
    error_response,
)

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
# Django's wording, which its catalog already translates.
ENTER_A_VALID_VALUE = _("Enter a valid value.")
NUL_IN_QUERY = _("Null characters are not allowed in query parameters.")
# Headers of Django's own error pages that their JSON replacement keeps.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")


def is_api_path(path: str) -> bool:
    return path.startswith(("/api/", "/auth/"))


class ApiErrorMiddleware:
    """Every error under the API prefixes is an API error: JSON, whatever produced it.

        Refused here, before anything reads them: bodies over MAX_REQUEST_BODY (announced or sent
        chunked: 413), NUL bytes in the query string and more query fields than Django parses (400).
        Exceptions from views that are not DRF's (and an unreachable database anywhere: 503) go through
        the one error map (api.errors); Django's own error pages become their JSON equivalent. DRF's
        answers are left as DRF rendered them: JSON for API clients, the browsable API's page for a
        browser that asked for HTML (errors of other renderers, such as the schema's YAML or the docs
    pages' templates, are JSON too). Sits below SecurityMiddleware, so its answers carry the same
        security headers as every other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_path(request.path_info):
            return self.get_response(request)
        refused = self.refusal(request)
        if refused is not None:
            # Built in the client's language (DRF renders the message as the error is made), before LocaleMiddleware.
            with translation.override(translation.get_language_from_request(request)):
                return error_response(refused())
        response = self.get_response(request)
        if response.status_code >= 400 and not is_json(response) and not is_browsable_api_page(response):
            replacement = error_response(error_for_status(response.status_code, response.reason_phrase))
            for header in KEPT_HEADERS:
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response

    def process_exception(self, request, exception):
        error = api_exception_for(exception)
        if isinstance(error, ServiceUnavailable):
            return error_response(error)
        if not is_api_path(request.path_info):
            return None
        if error is None:
            if settings.DEBUG:
                return None
            logger.exception("unhandled error on %s %s", request.method, request.path, exc_info=exception)
            error = ServerError()
        return error_response(error)

    def refusal(self, request) -> Callable[[], exceptions.APIException] | None:
        """What makes the error this request is refused with, or None: not refused."""
        if body_too_large(request) or not buffer_chunked_body(request):
            return RequestTooLarge
        try:
            query = request.GET
        except SuspiciousOperation:  # more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS
            return exceptions.ParseError
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()):
            return partial(exceptions.ParseError, NUL_IN_QUERY)
        return None


def is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def is_browsable_api_page(response) -> bool:
    """DRF's HTML page for a browser; other renderers' errors (the schema's YAML, the docs' templates) become JSON."""
    renderer = getattr(response, "accepted_renderer", None) if isinstance(response, Response) else None
    return renderer is not None and renderer.format == "api"


def body_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE


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


class PublicBaseUrlMiddleware:
    """Absolute links (pages, the API root, the browsable API) start with PUBLIC_BASE_URL when it is set,
    whatever Host or port a client used; otherwise with the request's scheme and host."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.base = settings.PUBLIC_BASE_URL.rstrip("/")

    def __call__(self, request):
        if self.base:
            request.get_host()  # still validated against ALLOWED_HOSTS (400 if not allowed)
            # What HttpRequest.build_absolute_uri starts from (a cached property, set here once).
            request._current_scheme_host = self.base
        return self.get_response(request)


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
                return error_response(exceptions.ValidationError({name: [ENTER_A_VALID_VALUE] for name in repeated}))
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's policy built once per process.

    django-csp builds the header from CONTENT_SECURITY_POLICY for every response, about a third of the
    Python of the cheapest answer here. No view changes the policy (no csp decorators, no nonce), so a
    response that asks for nothing of its own gets the policies built at start; any other response,
    a configuration with excluded URL prefixes, and debug mode (where django-csp leaves error pages
    alone) are django-csp's own.
    """

    PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")

    def __init__(self, get_response):
        super().__init__(get_response)
        self.headers = {HEADER: build_policy(), HEADER_REPORT_ONLY: build_policy(report_only=True)}
        configs = (settings.CONTENT_SECURITY_POLICY, getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None))
        self.excludes = any((config or {}).get("EXCLUDE_URL_PREFIXES") for config in configs)

    def process_response(self, request, response):
        asks_its_own = any(hasattr(response, name) or hasattr(response, f"{name}_ro") for name in self.PER_RESPONSE)
        if asks_its_own or self.excludes or settings.DEBUG or getattr(request, "_csp_nonce", None) is not None:
            return super().process_response(request, response)
        for header, policy in self.headers.items():
            if policy and header not in response:
                response[header] = policy
        # As django-csp does: asking for a nonce after the header was written is an error, not a silent no-op.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
