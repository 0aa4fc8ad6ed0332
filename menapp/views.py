"""The catalog's API views: records (`men/`) and categories (§5–§10)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.read_cache import ReadPolicy
from api.throttling import CreateRateThrottle
from api.views import AtomicWritesMixin, CachedReadsMixin, MethodNotAllowedFirstMixin

from . import cache as record_cache
from . import visibility
from .concurrency import VersionedRecordMixin
from .deprecation import DeprecatedRouteMixin
from .filters import AskedFilterBackend, MenFilterSet, MenSearchFilter, StableOrderingFilter
from .idempotency import IdempotentCreateMixin
from .lookups import PLAIN_ID, visible_record
from .models import Category, Men
from .pagination import MenPagination
from .permissions import IsAdminOrReadOnly, IsOwnerOrReadOnly
from .serializers import CategorySerializer, MenSerializer

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


@extend_schema_view(
    create=extend_schema(parameters=[IDEMPOTENCY_KEY]),
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
    destroy=extend_schema(parameters=[IF_MATCH]),
)
class MenViewSet(
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

    # No transaction per request (api.views.AtomicWritesMixin): every write is one service call
    # (menapp.services), atomic by itself, and everything before it only reads.
    # No write here checks a password: a JWT writer may be the user remembered for the token (accounts.token_users).
    writes_check_no_password = True

    serializer_class = MenSerializer
    permission_classes = (permissions.IsAuthenticatedOrReadOnly, IsOwnerOrReadOnly)
    filter_backends = (AskedFilterBackend, MenSearchFilter, StableOrderingFilter)
    filterset_class = MenFilterSet
    search_fields = ("title", "content")
    ordering_fields = ("id", "title", "time_create", "time_update")
    ordering = ("-time_create",)
    pagination_class = MenPagination
    read_policy = ReadPolicy(
        actions=frozenset({"list", "retrieve"}),
        params=frozenset(
            {"page", "page_size", "cursor", "cat", "user", "is_published", "search", "ordering", "format"}
        ),
        scope=visibility.scope,
        depends_on=record_cache.depends_on,
        vouchers=record_cache.list_vouchers,
    )

    def get_queryset(self):
        queryset = Men.objects.visible_to(self.request.user)
        if self.action == "category":
            queryset = queryset.select_related("cat")
        return queryset

    def get_object(self):
        """DRF's, with the query compiled once per kind of reader (menapp.lookups) when the id alone picks
        the record, as on every write. A query string (filters apply to detail routes too), an id that is
        not a plain number and the category action (it joins the category) take DRF's route."""
        pk = str(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        if self.request.query_params or self.action == "category" or not PLAIN_ID.fullmatch(pk):
            return super().get_object()
        men = visible_record(self.request.user, int(pk))
        if men is None:
            raise Http404
        self.check_object_permissions(self.request, men)
        return men

    def get_permissions(self):
        if self.action == "destroy":
            return [IsAdminOrReadOnly()]
        return super().get_permissions()

    def get_throttles(self):
        if self.action == "create":
            return [*super().get_throttles(), CreateRateThrottle()]
        return super().get_throttles()

    @extend_schema(
        operation_id="men_category_names",
        responses=inline_serializer("CategoryNames", {"cats": serializers.ListField(child=serializers.CharField())}),
    )
    @action(methods=["get"], detail=False, url_path="category", url_name="categories")
    def categories(self, request, format=None):
        """The names of all categories (§9): `{"cats": ["Актеры", …]}`."""
        return Response({"cats": list(Category.objects.values_list("name", flat=True))})

    @extend_schema(
        operation_id="men_category_of_record",
        responses=inline_serializer("CategoryName", {"cats": serializers.CharField()}),
    )
    @action(methods=["get"], detail=True)
    def category(self, request, pk=None, format=None):
        """The category of record {id} (§9): `{"cats": "Актеры"}`."""
        return Response({"cats": self.get_object().cat.name})


@extend_schema(deprecated=True)
class LegacyMenViewSet(DeprecatedRouteMixin, MenViewSet):
    """The course's older routes (`menlist/`, `mendetail/`, `mendelete/`): same records, same rules."""


class CategoryViewSet(AtomicWritesMixin, MethodNotAllowedFirstMixin, CachedReadsMixin, viewsets.ModelViewSet):
    """Categories: anyone reads them, staff manage them. A category still in use cannot be deleted (409)."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    permission_classes = (IsAdminOrReadOnly,)
    writes_check_no_password = True  # as MenViewSet's
    # Categories are the same for every reader; any write to one renews their generation (menapp.apps).
    read_policy = ReadPolicy(
        actions=frozenset({"list", "retrieve"}),
        params=frozenset({"page", "page_size", "format"}),
        scope=lambda user: "everyone",
        depends_on=lambda view, scope: [record_cache.CATEGORIES],
    )
