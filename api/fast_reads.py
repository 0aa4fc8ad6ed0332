"""Cached reads answered before DRF's request cycle, for readers known without it.

`FastReadMiddleware.process_view` sees the view DRF's `as_view` made (`view.cls`, `view.initkwargs`,
`view.actions`, as in getsentry/sentry's RatelimitMiddleware). When the viewset declares a
`read_policy` for the action, and accounts.readers can tell who the reader is without running the
authenticators (no credentials, or a bearer JWT: the first authenticator, which DRF would pick too),
the view's own steps run — content negotiation, permissions and the admission of its throttles, which
also reads the cached answer, and the generation that proves a JWT user this process remembers still
current — and a hit is answered through the view's own `finalize_response`.
Anything else (a miss, a refusal, other credentials) goes on to DRF's full cycle, which reuses the
admission, so each request is counted once whichever path answers it.
"""

from rest_framework.exceptions import APIException

from accounts.readers import reader_known_without_drf

from .admission import admission_of, admit, keep
from .read_cache import CachedRead, cached_response


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
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        policy = getattr(getattr(view_func, "cls", None), "read_policy", None)
        if (
            policy is None
            or request.method != "GET"
            or getattr(view_func, "actions", {}).get("get") not in policy.actions
        ):
            return None
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
        return view.finalize_response(drf_request, cached_response(found.value), *view_args, **view_kwargs)
