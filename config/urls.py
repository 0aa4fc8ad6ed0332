"""Root URL configuration: admin, the API under api/v1/, its docs, auth and health probes."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts.urls import token_urlpatterns
from api.docs import RedocView, SwaggerView
from api.health import healthz, readyz
from menapp.pages import LandingPage

api_urlpatterns = [
    path("", include("menapp.urls")),
    path("", include("accounts.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
]

urlpatterns = [
    path("", LandingPage.as_view(), name="landing"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_urlpatterns)),
    # §12 logs in at /auth/token/login/, outside the versioned prefix.
    path("auth/", include(token_urlpatterns)),
    # The pages djoser's mails link to (password and username reset, activation).
    path("", include("accounts.pages")),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

if settings.BENCH_CEILING:
    from api.ceiling import ceiling

    urlpatterns.append(path("bench/ceiling", ceiling, name="bench-ceiling"))

handler500 = "api.errors.server_error"
