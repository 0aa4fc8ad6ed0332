"""The admin site: Django's, branded as this service, with its login and password-change forms in the
login scope, and Russian titles that read right.

Django's admin puts a model's verbose name, in the nominative, into fixed phrases: "Выберите
категория для изменения", "Добавить пользователь". `RussianTitles` gives a model admin the
accusative (`accusative = "категорию"`) and uses it in the change list, add and change titles and
the "add" button when the language is Russian; the success messages are worded without the case
or gender (locale/ru: "Добавлено: категория «Актеры»."), and the change list counts with "всего".
"""

from django.contrib import admin
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import forms


class AdminSite(admin.AdminSite):
    site_header = _("Men API — administration")
    site_title = _("Men API administration")
    index_title = _("Catalog, users and tokens")
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


class RussianTitles:
    """Mixin for a ModelAdmin: `accusative` is the verbose name as the object of "выберите", "добавить"."""

    accusative: str = ""

    def russian(self) -> bool:
        return bool(self.accusative) and (get_language() or "").startswith("ru")

    def changelist_view(self, request, extra_context=None):
        if self.russian():
            purpose = "изменения" if self.has_change_permission(request) else "просмотра"
            extra_context = {
                "title": f"Выберите {self.accusative} для {purpose}",
                "add_label": f"Добавить {self.accusative}",
                **(extra_context or {}),
            }
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if self.russian():
            verb = "Добавить" if not object_id else "Изменить" if self.has_change_permission(request) else "Просмотреть"
            extra_context = {"title": f"{verb} {self.accusative}", **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)
