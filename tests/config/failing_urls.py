"""A test-only URLconf: the product's routes plus views that fail unexpectedly (never shipped)."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from config.urls import urlpatterns as product_urlpatterns

SECRET = "secret-detail-from-/srv/app/settings.py"


@api_view(["GET", "POST"])
@permission_classes([AllowAny])
def drf_view_that_fails(request):
    raise RuntimeError(SECRET)


def django_view_that_fails(request):
    raise ZeroDivisionError(SECRET)


urlpatterns = [
    path("api/v1/fails/", drf_view_that_fails),
    path("api/v1/fails-in-django/", django_view_that_fails),
    path("auth/fails/", django_view_that_fails),
    path("fails-outside-the-api/", django_view_that_fails),
    *product_urlpatterns,
]
handler500 = "api.errors.server_error"
