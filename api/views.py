"""View mixins every resource shares: write transactions, 405 first, admission and cached reads."""

from typing import TYPE_CHECKING

from django.db import transaction
from rest_framework import permissions, viewsets

from accounts import readers

from .admission import admission_of, admit, keep
from .read_cache import CachedRead, cached_response

if TYPE_CHECKING:  # what these mixins are mixed into
    ViewSet = viewsets.GenericViewSet
    ReadViewSet = viewsets.ReadOnlyModelViewSet
else:
    ViewSet = ReadViewSet = object


class AtomicWritesMixin(ViewSet):
    """Run each write in one transaction, rolled back if the answer is an error; reads take none.

    Used instead of ATOMIC_REQUESTS, which would wrap reads too: two extra round trips per read on
    PostgreSQL, and on SQLite (immediate transactions) every read would queue for the write lock.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method in permissions.SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response


class MethodNotAllowedFirstMixin(ViewSet):
    """Answer a method the route does not serve with 405, before asking who the client is.

    DRF checks permissions before it looks for a handler, so an anonymous PUT on a list would
    otherwise get 401 for a method that nobody may use there.
    """

    def check_permissions(self, request):
        if request.method not in self.allowed_methods:
            self.http_method_not_allowed(request)
        super().check_permissions(request)


class AdmittedViewMixin(ViewSet):
    """DRF's `check_throttles`, counted in one call by api.admission, and at most once per request.

    A request that the fast read already admitted keeps that verdict; otherwise all the view's
    throttles are counted now (reading the cached answer in the same round trip, for a cached read).

    A JWT user this process remembers (accounts.token_users) is taken without a round trip and proved
    current by the generation read in that same trip (`proves_remembered_users`), before any refusal
    and before the handler runs; if it moved, DRF authenticates again and the permissions are checked
    again, so every answer is for the user as they are now.
    """

    read_policy = None  # a ReadPolicy (api.read_cache) caches this view's reads
    cached_read = None
    proves_remembered_users = True  # read by accounts.authentication.JWTAuthentication

    def check_throttles(self, request):
        if self.read_policy is not None and self.action in self.read_policy.actions:
            self.cached_read = CachedRead.of(self.read_policy, request, self)
        admission = admission_of(request)
        if admission is None:
            fetch: list[str] = self.cached_read.lookup_keys() if self.cached_read is not None else []
            admission = admit(request, self, self.get_throttles(), [*fetch, *readers.unproven_keys(request)])
            keep(request, admission)
        self.prove_user(request, admission.fetched)
        if not admission.admitted:
            self.throttled(request, admission.wait)  # type: ignore[arg-type]  # DRF takes None: no Retry-After

    def permission_denied(self, request, message=None, code=None):
        if self.prove_user(request, None):
            super().permission_denied(request, message, code)

    def prove_user(self, request, fetched) -> bool:
        """False when the remembered user had changed: the request was authenticated and permitted again."""
        if readers.prove(request, fetched):
            return True
        self.check_permissions(request)
        return False


class CachedReadsMixin(AdmittedViewMixin, ReadViewSet):
    """Serve the policy's actions from the read cache, and keep each 200 answer there."""

    def list(self, request, *args, **kwargs):
        return self.cached(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached(request, super().retrieve, *args, **kwargs)

    def cached(self, request, respond, *args, **kwargs):
        read = self.cached_read
        if read is None:
            return respond(request, *args, **kwargs)
        admission = admission_of(request)
        found = read.lookup(admission.fetched if admission is not None else None)
        if found.value is not None:
            return cached_response(found.value)
        response = self.finalize_response(request, respond(request, *args, **kwargs), *args, **kwargs)
        if response.status_code == 200:
            response.render()
            vouchers = self.read_policy.vouchers(self) if self.read_policy.vouchers is not None else None
            read.store(found.tokens, response, vouched_by=vouchers or ())
        return response
