"""The catalog's routes: a DefaultRouter (§9) plus the course's older routes as aliases (§6, §7, §10)."""

from django.urls import path

from .root import Router
from .views import CategoryViewSet, LegacyMenViewSet, MenViewSet

router = Router()
router.register("men", MenViewSet, basename="men")
router.register("categories", CategoryViewSet, basename="category")

legacy_urlpatterns = [
    path("menlist/", LegacyMenViewSet.as_view({"get": "list", "post": "create"}), name="menlist"),
    path(
        "menlist/<int:pk>/",
        LegacyMenViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update"}),
        name="menlist-detail",
    ),
    path(
        "mendetail/<int:pk>/",
        LegacyMenViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}),
        name="mendetail",
    ),
    path(
        "mendelete/<int:pk>/",
        LegacyMenViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
        name="mendelete",
    ),
]

urlpatterns = router.urls + legacy_urlpatterns
