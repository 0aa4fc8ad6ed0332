"""The catalog's API views: records (`men/`) and categories (§5–§10)."""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import set_response_etag
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts.authentication import JWTAuthentication
from config.throttling import CreateRateThrottle

from . import cache as record_cache
from .concurrency import VersionedRecordMixin
from .filters import MenFilterSet, MenSearchFilter, StableOrderingFilter
from .idempotency import IdempotentCreateMixin
from .models import Category, Men
from .pagination import MenPagination
from .permissions import IsAdminOrReadOnly, IsOwnerOrReadOnly
from .serializers import CategorySerializer, MenSerializer


class AtomicWritesMixin:
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


class MethodNotAllowedFirstMixin:
    """Answer a method the route does not serve with 405, before asking who the client is.

    DRF checks permissions before it looks for a handler, so an anonymous PUT on a list would
    otherwise get 401 for a method that nobody may use there.
    """

    def check_permissions(self, request):
        if request.method not in self.allowed_methods:
            self.http_method_not_allowed(request)
        super().check_permissions(request)


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The record\'s ETag as last read (e.g. `"3"`); a stale one gets 412 and changes nothing.',
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="Retry-safe creation: the same key and body create one record and replay its response; "
    "the same key with another body gets 422.",
)


class CachedReadsMixin:
    """Serve list and retrieve from the record cache (menapp.cache): rendered JSON, per reader scope.

    The cache entry is read in the same Redis round trip as the throttle's counter (config.throttling).
    A JSON read whose reader is known cheaply (anonymous: no credentials at all; or a bearer JWT, the
    first authenticator, which DRF's path would pick too) is served from the cache before DRF's request
    cycle starts: the read-only permissions and the throttles (the view's own classes, counted once
    whichever path answers) run, then the cached answer goes out. Anything else takes DRF's full path.
    """

    cached_kinds = {"list": "list", "retrieve": "record"}
    response_cache_key = None

    def dispatch(self, request, *args, **kwargs):
        if self.is_plain_json_read(request, kwargs):
            scope = self.reader_scope(request)
            if scope is not None:
                response = self.cached_response_before_drf(request, scope)
                if response is not None:
                    return response
        return super().dispatch(request, *args, **kwargs)

    def is_plain_json_read(self, request, kwargs) -> bool:
        self.action = self.action_map.get(request.method.lower())
        return (
            request.method == "GET"
            and self.action in self.cached_kinds
            and getattr(request, "_force_auth_user", None) is None  # DRF's test client, force_authenticate()
            and request.META.get("HTTP_ACCEPT", "*/*") in ("*/*", "application/json")
            and api_settings.URL_FORMAT_OVERRIDE not in request.GET
            and "format" not in kwargs
        )

    def reader_scope(self, request) -> str | None:
        """The reader's visibility scope, if certain without DRF's request cycle (and `request.user` set)."""
        if "HTTP_AUTHORIZATION" not in request.META:
            return None if settings.SESSION_COOKIE_NAME in request.COOKIES else "public"
        authenticator = self.get_authenticators()[0]
        if not isinstance(authenticator, JWTAuthentication):
            return None
        try:
            authenticated = authenticator.authenticate(request)
        except exceptions.APIException:
            return None  # refused: DRF's path answers with its own 401
        if authenticated is None:
            return None  # another kind of credentials: DRF's path tries the other authenticators
        request.user = authenticated[0]
        return record_cache.visibility_scope(request.user)

    def cached_response_before_drf(self, request, scope: str):
        """The cached answer, or None after running the throttles (DRF's path then reuses their verdict)."""
        if not all(permission.has_permission(request, self) for permission in self.get_permissions()):
            return None
        key = record_cache.cache_key(request, self.cached_kinds[self.action], scope)
        request.throttle_fetch = record_cache.catalog.lookup_keys(key)
        request.throttle_waits = [
            throttle.wait() for throttle in self.get_throttles() if not throttle.allow_request(request, self)
        ]
        fetched = getattr(request, "throttle_fetched", None)
        if request.throttle_waits or fetched is None:
            return None
        hit = record_cache.catalog.lookup(key, fetched)[1]
        if hit is None:
            return None
        response = self.cached_response(hit)
        for name, value in self.default_response_headers.items():  # as DRF's finalize_response adds them
            response[name] = value
        return response

    def check_throttles(self, request):
        kind = self.cached_kinds.get(self.action)
        if kind is not None:
            self.response_cache_key = record_cache.response_key(request, kind)
        waits = getattr(request._request, "throttle_waits", None)
        if waits is not None:  # counted already, before DRF's cycle
            if waits:
                self.throttled(request, max((wait for wait in waits if wait is not None), default=None))
            return
        if self.response_cache_key is not None:
            request.throttle_fetch = record_cache.catalog.lookup_keys(self.response_cache_key)
        super().check_throttles(request)

    def list(self, request, *args, **kwargs):
        return self.cached(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached(request, super().retrieve, *args, **kwargs)

    def cached(self, request, respond, *args, **kwargs):
        key = self.response_cache_key
        generation, hit = record_cache.catalog.lookup(key, getattr(request, "throttle_fetched", None))
        if hit is not None:
            return self.cached_response(hit)
        response = self.finalize_response(request, respond(request, *args, **kwargs), *args, **kwargs)
        if response.status_code == 200:
            response.render()
            if not response.has_header("ETag"):
                set_response_etag(response)  # once here, not by ConditionalGetMiddleware on every hit
            record_cache.store(key, generation, (response.content, response["ETag"]))
        return response

    @staticmethod
    def cached_response(hit) -> HttpResponse:
        content, etag = hit
        response = HttpResponse(content, content_type="application/json")
        if etag:
            response["ETag"] = etag
        return response


@extend_schema_view(
    create=extend_schema(parameters=[IDEMPOTENCY_KEY]),
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
    destroy=extend_schema(parameters=[IF_MATCH]),
)
class MenViewSet(
    AtomicWritesMixin,
    MethodNotAllowedFirstMixin,
    CachedReadsMixin,
    IdempotentCreateMixin,
    VersionedRecordMixin,
    viewsets.ModelViewSet,
):
    """Records about famous men.

    Anyone reads published records; an owner also sees their drafts and staff see everything.
    Authenticated users create records (they become the owner), the owner or staff edit them,
    and only staff delete them. Each record carries a `version`, sent as its ETag: PUT, PATCH and
    DELETE with a stale `If-Match` get 412. `POST` honours an `Idempotency-Key` header.
    """

    serializer_class = MenSerializer
    permission_classes = (permissions.IsAuthenticatedOrReadOnly, IsOwnerOrReadOnly)
    filter_backends = (DjangoFilterBackend, MenSearchFilter, StableOrderingFilter)
    filterset_class = MenFilterSet
    search_fields = ("title", "content")
    ordering_fields = ("id", "title", "time_create", "time_update")
    ordering = ("-time_create",)
    pagination_class = MenPagination

    def get_queryset(self):
        queryset = Men.objects.visible_to(self.request.user)
        if self.action == "category":
            queryset = queryset.select_related("cat")
        return queryset

    def get_permissions(self):
        if self.action == "destroy":
            return [IsAdminOrReadOnly()]
        return super().get_permissions()

    def get_throttles(self):
        if self.action == "create":
            return [*super().get_throttles(), CreateRateThrottle()]
        return super().get_throttles()

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)

    @extend_schema(
        operation_id="men_category_names",
        responses=inline_serializer("CategoryNames", {"cats": serializers.ListField(child=serializers.CharField())}),
    )
    @action(methods=["get"], detail=False, url_path="category", url_name="categories")
    def categories(self, request):
        """The names of all categories (§9): `{"cats": ["Актеры", …]}`."""
        return Response({"cats": list(Category.objects.values_list("name", flat=True))})

    @extend_schema(
        operation_id="men_category_of_record",
        responses=inline_serializer("CategoryName", {"cats": serializers.CharField()}),
    )
    @action(methods=["get"], detail=True)
    def category(self, request, pk=None):
        """The category of record {id} (§9): `{"cats": "Актеры"}`."""
        return Response({"cats": self.get_object().cat.name})


@extend_schema(deprecated=True)
class LegacyMenViewSet(MenViewSet):
    """The course's older routes (`menlist/`, `mendetail/`, `mendelete/`): same records, same rules."""


class CategoryViewSet(AtomicWritesMixin, MethodNotAllowedFirstMixin, viewsets.ModelViewSet):
    """Categories: anyone reads them, staff manage them. A category still in use cannot be deleted (409)."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    permission_classes = (IsAdminOrReadOnly,)
