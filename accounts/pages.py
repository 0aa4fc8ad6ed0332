"""HTML pages for people: the session logout confirmation and the pages the account mails link to.

djoser mails links (`password/reset/confirm/{uid}/{token}`, `username/reset/confirm/…`, `activate/…`)
to a front end this service does not have, so it serves minimal pages itself: a plain HTML form
(no script, so a Content-Security-Policy may forbid inline scripts) that posts to the page, which
runs djoser's own action (`UserViewSet`: the same serializer, throttle, signals and mails as the API)
with the form's fields and shows the outcome.
"""

from django.contrib.auth import views as auth_views
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from djoser.conf import settings as djoser_settings

from .models import User
from .views import UserViewSet


class LogoutPage(auth_views.LogoutView):
    """Django's LogoutView (POST only since Django 5) with a GET page whose button posts the logout."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        context = {"next": request.GET.get(self.redirect_field_name, ""), "user": request.user}
        return TemplateResponse(request, "accounts/logout_confirm.html", context)


class ConfirmPage(TemplateView):
    """GET: a form for the link's uid and token; POST: djoser's `action` with the form, then the outcome."""

    template_name = "accounts/confirm.html"
    action = ""
    title = ""
    submit = ""
    done = ""

    def fields(self) -> list[tuple[str, str, str]]:
        """(name, label, input type) of what the person types in."""
        return []

    def get_context_data(self, **kwargs):
        kwargs.setdefault("errors", [])
        return super().get_context_data(title=self.title, submit=self.submit, fields=self.fields(), **kwargs)

    def post(self, request, uid: str, token: str):
        response = UserViewSet.as_view({"post": self.action})(request)
        if response.status_code < 400:
            return TemplateResponse(request, "accounts/confirm_done.html", {"title": self.title, "done": self.done})
        context = self.get_context_data(uid=uid, token=token, errors=error_messages(response.data))
        return self.render_to_response(context, status=response.status_code)


def error_messages(data) -> list[str]:
    """djoser's error body ({"field": ["message", …]} or {"detail": "…"}) as a flat list of messages."""
    if not isinstance(data, dict):
        return [str(data)]
    messages = []
    for value in data.values():
        messages.extend(str(item) for item in (value if isinstance(value, list) else [value]))
    return messages


class PasswordResetConfirmPage(ConfirmPage):
    action = "reset_password_confirm"
    title = _("Password reset confirmation")
    submit = _("Change my password")
    done = _("Your password has been set.  You may go ahead and log in now.")  # Django admin's msgid (two spaces)

    def fields(self):
        fields = [("new_password", _("New password:"), "password")]
        if djoser_settings.PASSWORD_RESET_CONFIRM_RETYPE:
            fields.append(("re_new_password", _("Confirm password:"), "password"))
        return fields


class UsernameResetConfirmPage(ConfirmPage):
    action = "reset_username_confirm"
    title = _("Username reset confirmation")
    submit = _("Change my username")
    done = _("Your username has been changed. You may go ahead and log in with it now.")

    def fields(self):
        name = f"new_{User.USERNAME_FIELD}"
        fields = [(name, _("New username:"), "text")]
        if djoser_settings.USERNAME_RESET_CONFIRM_RETYPE:
            fields.append((f"re_{name}", _("Confirm username:"), "text"))
        return fields


class ActivationPage(ConfirmPage):
    action = "activation"
    title = _("Account activation")
    submit = _("Activate my account")
    done = _("Your account is active. You may go ahead and log in now.")


# At the site's root, where djoser's mail links point (DJOSER's *_URL settings; PUBLIC_BASE_URL sets the host).
urlpatterns = [
    path(
        "password/reset/confirm/<str:uid>/<str:token>/", PasswordResetConfirmPage.as_view(), name="password-reset-page"
    ),
    path(
        "username/reset/confirm/<str:uid>/<str:token>/", UsernameResetConfirmPage.as_view(), name="username-reset-page"
    ),
    path("activate/<str:uid>/<str:token>/", ActivationPage.as_view(), name="activation-page"),
]
