"""djoser's and SimpleJWT's views, with the login throttle and a JWT logout that also ends the access token."""

import math

from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from djoser import views as djoser_views
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import Throttled
from rest_framework_simplejwt import views as jwt_views
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import TokenError

from .throttling import LoginRateThrottle, LoginThrottleMixin
from .tokens import RevocableAccessToken


class SessionLoginView(auth_views.LoginView):
    """The browsable API's login form (§11), under the same throttle as every other login."""

    template_name = "rest_framework/login.html"

    def post(self, request, *args, **kwargs):
        throttle = LoginRateThrottle()
        if not throttle.allow_request(request, self):
            wait = throttle.wait()
            response = JsonResponse({"detail": str(Throttled(wait).detail)}, status=429)
            response["Retry-After"] = str(math.ceil(wait or 1))
            return response
        return super().post(request, *args, **kwargs)


class UserViewSet(djoser_views.UserViewSet):
    """djoser's users: registration and password changes are throttled like logins."""

    throttled_actions = {
        "create",
        "activation",
        "resend_activation",
        "reset_password",
        "reset_password_confirm",
        "set_password",
    }

    def get_queryset(self):
        # djoser hides other users from the list only; hide them from every action, so that a
        # non-staff user gets the same 404 for another user's id whatever the method.
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_authenticated and not user.is_staff:
            queryset = queryset.filter(pk=user.pk)
        return queryset

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action in self.throttled_actions:
            throttles.append(LoginRateThrottle())
        return throttles


class TokenCreateView(LoginThrottleMixin, djoser_views.TokenCreateView):
    """Token login (§12): username and password in, `auth_token` out."""


@extend_schema(request=None, responses={204: None})
class TokenDestroyView(djoser_views.TokenDestroyView):
    """Token logout (§12): deletes the caller's token, so it stops working at once."""


class TokenObtainPairView(LoginThrottleMixin, jwt_views.TokenObtainPairView):
    """JWT login (§14): username and password in, `access` and `refresh` tokens out."""


class TokenBlacklistView(jwt_views.TokenBlacklistView):
    """JWT logout: blacklists the refresh token and, if the request carries one, its Bearer access token."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        access = self.access_token_from_header(request)
        if access is not None:
            access.blacklist()
        return response

    @staticmethod
    def access_token_from_header(request) -> RevocableAccessToken | None:
        authentication = JWTAuthentication()
        header = authentication.get_header(request)
        raw = authentication.get_raw_token(header) if header else None
        if raw is None:
            return None
        try:
            return RevocableAccessToken(raw)
        except TokenError:
            return None  # Already expired, invalid or blacklisted: nothing left to end.
