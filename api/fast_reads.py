"""Cached reads answered before DRF's request cycle, for readers known without it.

`FastReadMiddleware` resolves the path itself and sees the view DRF's `as_view` made (`view.cls`,
`view.initkwargs`, `view.actions`, as in getsentry/sentry's RatelimitMiddleware). It sits in MIDDLEWARE
before the middleware such a read has no use for (sessions, CSRF, the user, messages, the history's and
the login scope's request): none of them changes the answer to a GET that carries no session cookie,
so a hit skips them (the equivalence tests compare every header). When the viewset declares a
`read_policy` for the action, and accounts.readers can tell who the reader is without running the
authenticators (no credentials, or a bearer JWT: the first authenticator, which DRF would pick too),
the view's own steps run — content negotiation, permissions and the admission of its throttles, which
also reads the cached answer, and the generation that proves a JWT user this process remembers still
current — and a hit is answered through the view's own `finalize_response`.
Anything else (a miss, a refusal, other credentials) goes on to DRF's full cycle, which reuses the
admission, so each request is counted once whichever path answers it.
"""

import logging

from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from rest_framework.exceptions import APIException

from accounts.readers import reader_known_without_drf

from .admission import admission_of, admit, keep
from .middleware import is_api_path
from .read_cache import CachedRead, cached_response

logger = logging.getLogger(__name__)


def prepared_view(view_func, request, args, kwargs):
    """The viewset instance `as_view` would dispatch to, set up as its inner `view()` does it
    (rest_framework/viewsets.py: actions bound to methods, `head` served as `get`)."""
    view = view_func.cls(**view_func.initkwargs)
    actions = dict(view_func.actions)
    if "get" in actions and "head" not in actions:
        actions["head"] = actions["get"]
    view.action_map = actions
    for method, action in actions.items():
        setattr(view, method, getattr(view, action))
    view.args, view.kwargs = args, kwargs
    return view


class FastReadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Cached reads live under the API prefixes: other paths are not resolved twice.
        answer = self.cached_answer(request) if request.method == "GET" and is_api_path(request.path_info) else None
        return answer if answer is not None else self.get_response(request)

    def cached_answer(self, request):
        """A hit, or None: DRF's cycle answers (a miss, a refusal, an error, a view without a read policy)."""
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        try:
            return self.answer(request, match)
        except Exception:  # DRF's cycle meets the same error, and its error map answers it (a 503, say)
            logger.debug("fast read declined", exc_info=True)
            return None

    def answer(self, request, match):
        view_func, view_args, view_kwargs = match.func, match.args, match.kwargs
        policy = getattr(getattr(view_func, "cls", None), "read_policy", None)
        if policy is None or getattr(view_func, "actions", {}).get("get") not in policy.actions:
            return None  # `__call__` only asks for GETs
        request.resolver_match = match  # as Django's handler sets it before a view runs
        view = prepared_view(view_func, request, view_args, view_kwargs)
        drf_request = view.initialize_request(request, *view_args, **view_kwargs)  # sets view.action
        view.request, view.headers = drf_request, view.default_response_headers
        reader = reader_known_without_drf(drf_request)
        if reader is None:
            return None
        try:
            view.format_kwarg = view.get_format_suffix(**view_kwargs)
            drf_request.accepted_renderer, drf_request.accepted_media_type = view.perform_content_negotiation(
                drf_request
            )
            view.check_permissions(drf_request)
        except APIException:
            return None  # DRF's cycle answers with its own error
        read = CachedRead.of(policy, drf_request, view)
        if read is None:
            return None
        admission = admission_of(request)  # a request answered again (api.replicas) was counted already
        if admission is None:
            admission = admit(drf_request, view, view.get_throttles(), [*read.lookup_keys(), *reader.proof_keys])
            keep(request, admission)
        if not admission.admitted or not reader.is_current(admission.fetched):
            return None
        found = read.lookup(admission.fetched)
        if found.value is None:
            return None
        response = view.finalize_response(drf_request, cached_response(found.value), *view_args, **view_kwargs)
        if reader.session_consulted:
            patch_vary_headers(response, ("Cookie",))  # as SessionMiddleware, below this one, would
        return response
