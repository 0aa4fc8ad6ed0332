"""Django's login and password-change forms, refusing in the login scope with a message, not a 500.

The login scope (accounts.throttling) raises before any password is hashed; here that becomes a
form error, and the view answers the re-rendered form with 429 and Retry-After (DESIGN, "Decisions").
"""

from django.contrib.admin import forms as admin_forms
from django.contrib.auth import forms as auth_forms

from .throttling import LoginThrottled, retry_after


class LoginThrottledFormMixin:
    throttled: LoginThrottled | None = None

    def full_clean(self):
        try:
            super().full_clean()
        except LoginThrottled as refusal:
            self.throttled = refusal
            self.add_error(None, str(refusal.detail))


class AuthenticationForm(LoginThrottledFormMixin, auth_forms.AuthenticationForm):
    """The browsable API's login form (drf-auth/login/)."""


class AdminAuthenticationForm(LoginThrottledFormMixin, admin_forms.AdminAuthenticationForm):
    """The admin's login form (/admin/login/)."""


class AdminPasswordChangeForm(LoginThrottledFormMixin, admin_forms.AdminPasswordChangeForm):
    """The admin's own password change (/admin/password_change/): it checks the old password."""


def with_throttled_status(response):
    """A re-rendered form that the login scope refused answers 429 with Retry-After."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    refusal = getattr(form, "throttled", None)
    if refusal is not None:
        response.status_code = 429
        response["Retry-After"] = retry_after(refusal)
    return response
