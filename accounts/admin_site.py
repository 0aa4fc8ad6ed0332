"""The admin site: Django's, with its login and password-change forms in the login scope."""

from django.contrib import admin
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse

from . import forms


class AdminSite(admin.AdminSite):
    login_form = forms.AdminAuthenticationForm

    def login(self, request, extra_context=None):
        return forms.with_throttled_status(super().login(request, extra_context))

    def password_change(self, request, extra_context=None):
        # Django's, with our form: AdminSite has no setting for the password-change form class.
        defaults = {
            "form_class": forms.AdminPasswordChangeForm,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return forms.with_throttled_status(PasswordChangeView.as_view(**defaults)(request))
