"""djoser's and SimpleJWT's views, with the login throttle and a JWT logout that also ends the access token."""

from django.contrib.auth import views as auth_views
from djoser import views as djoser_views
from djoser.compat import get_user_email, get_user_email_field_name
from djoser.conf import settings as djoser_settings
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework_simplejwt import views as jwt_views
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import TokenError

from . import mail_tokens
from .forms import AuthenticationForm, with_throttled_status
from .models import User
from .throttling import LoginRateThrottle, LoginThrottleMixin
from .tokens import RevocableAccessToken


class SessionLoginView(auth_views.LoginView):
    """The browsable API's login form (§11), in the login scope: refused, it comes back with a message and 429."""

    template_name = "rest_framework/login.html"
    authentication_form = AuthenticationForm

    def form_invalid(self, form):
        return with_throttled_status(super().form_invalid(form))


# djoser answers these actions with an empty 204, where drf-spectacular would infer a 200 with a body.
NO_CONTENT_ACTIONS = (
    "activation",
    "resend_activation",
    "reset_password",
    "reset_password_confirm",
    "reset_username",
    "reset_username_confirm",
    "set_password",
    "set_username",
)


ACTIVATION_ACTIONS = ("activation", "resend_activation")


def activation_on() -> bool:
    return djoser_settings.SEND_ACTIVATION_EMAIL


@extend_schema_view(
    **{
        name: extend_schema(responses={204: None}, exclude=name in ACTIVATION_ACTIONS and not activation_on())
        for name in NO_CONTENT_ACTIONS
    }
)
class UserViewSet(djoser_views.UserViewSet):
    """djoser's users: registration and password or username changes and resets are throttled like logins.

    Activation (`users/activation/`, `users/resend_activation/`) is served only when activation
    mails are on (SEND_ACTIVATION_EMAIL): otherwise every account is active from the start, and a
    deactivated one must not activate itself again.
    """

    throttled_actions = {
        "create",
        "activation",
        "resend_activation",
        "reset_password",
        "reset_password_confirm",
        "set_password",
        "reset_username",
        "reset_username_confirm",
        "set_username",
    }

    # The token each action checks comes from its own generator (accounts.mail_tokens).
    token_generators = {
        "activation": mail_tokens.activation_token,
        "reset_password_confirm": mail_tokens.password_reset_token,
        f"reset_{User.USERNAME_FIELD}_confirm": mail_tokens.username_reset_token,
    }

    @property
    def token_generator(self):
        return self.token_generators.get(self.action, mail_tokens.password_reset_token)

    def initial(self, request, *args, **kwargs):
        if self.action in ACTIVATION_ACTIONS and not activation_on():
            raise NotFound()
        super().initial(request, *args, **kwargs)

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
        deleting_self = self.action == "me" and self.request.method == "DELETE"
        if self.action in self.throttled_actions or self.action == "destroy" or deleting_self:
            throttles.append(LoginRateThrottle())
        return throttles

    def get_object(self):
        # djoser swaps in the current user only inside its `me` handler: OPTIONS on users/me/ (DRF's
        # metadata) reached the id lookup without an id, a 500.
        if (self.lookup_url_kwarg or self.lookup_field) not in self.kwargs:
            return self.get_instance()
        return super().get_object()

    @action(["get", "put", "patch", "delete"], detail=False)
    def me(self, request, *args, **kwargs):
        # djoser answers the four methods by name, and DRF serves HEAD with this handler: it returned None, a 500.
        if request.method == "HEAD":
            self.get_object = self.get_instance
            return self.retrieve(request, *args, **kwargs)
        return super().me(request, *args, **kwargs)

    # Addresses are not unique: djoser looked up one account with `get()` and answered 500 when
    # several shared the address. Like Django's PasswordResetForm, mail every matching account.
    @action(["post"], detail=False)
    def reset_password(self, request, *args, **kwargs):
        return self.mail_every_account(request, djoser_settings.EMAIL.password_reset)

    @action(["post"], detail=False, url_path=f"reset_{User.USERNAME_FIELD}")
    def reset_username(self, request, *args, **kwargs):
        return self.mail_every_account(request, djoser_settings.EMAIL.username_reset)

    @action(["post"], detail=False)
    def resend_activation(self, request, *args, **kwargs):
        # Accounts awaiting activation only, never one that staff deactivated; and, like a reset, the
        # same silent 204 whether or not the address is known (djoser answered 400 for unknown ones).
        return self.mail_every_account(
            request, djoser_settings.EMAIL.activation, is_active=False, deactivated_at__isnull=True
        )

    def mail_every_account(self, request, email_class, **state):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email_field = get_user_email_field_name(User)
        state = state or {"is_active": True}
        accounts = [
            user
            for user in User._default_manager.filter(**state, **{email_field: serializer.data[email_field]})
            if user.has_usable_password()
        ]
        if not accounts and (
            djoser_settings.PASSWORD_RESET_SHOW_EMAIL_NOT_FOUND or djoser_settings.USERNAME_RESET_SHOW_EMAIL_NOT_FOUND
        ):
            serializer.fail("email_not_found")
        for user in accounts:
            email_class(self.request, {"user": user}).send([get_user_email(user)])
        return Response(status=status.HTTP_204_NO_CONTENT)


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
