"""Authentication routes: session (§11), djoser users and token (§12), SimpleJWT (§14)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter
from rest_framework_simplejwt import views as jwt_views

from . import pages, views

# The browsable API looks these up as `rest_framework:login` and `rest_framework:logout`.
session_urls = (
    [
        path("login/", views.SessionLoginView.as_view(), name="login"),
        path("logout/", pages.LogoutPage.as_view(), name="logout"),
    ],
    "rest_framework",
)

users_router = DefaultRouter()
users_router.register("users", views.UserViewSet, basename="user")

token_urlpatterns = [
    path("token/login/", views.TokenCreateView.as_view(), name="token-login"),
    path("token/logout/", views.TokenDestroyView.as_view(), name="token-logout"),
]

jwt_urlpatterns = [
    path("token/", views.TokenObtainPairView.as_view(), name="token_obtain_pair"),
    path("token/refresh/", jwt_views.TokenRefreshView.as_view(), name="token_refresh"),
    path("token/verify/", jwt_views.TokenVerifyView.as_view(), name="token_verify"),
    path("token/blacklist/", views.TokenBlacklistView.as_view(), name="token_blacklist"),
]

urlpatterns = [
    path("drf-auth/", include(session_urls)),
    path("auth/", include(users_router.urls)),
    path("auth/", include(token_urlpatterns)),
    *jwt_urlpatterns,
]
