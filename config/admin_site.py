"""The admin in Russian that reads right: the service's branding, and titles with the accusative case.

Django's admin puts a model's verbose name, in the nominative, into fixed phrases: "Выберите
категория для изменения", "Добавить пользователь". `RussianTitles` gives a model admin the
accusative (`accusative = "категорию"`) and uses it in the change list, add and change titles and
the "add" button when the language is Russian; the success messages are worded without the case
or gender (locale/ru: "Добавлено: категория «Актеры»."), and the change list counts with "всего".
"""

from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Men API — administration")
admin.site.site_title = _("Men API administration")
admin.site.index_title = _("Catalog, users and tokens")
# "Открыть сайт" leads to the browsable API root (there is no other site).
admin.site.site_url = "/api/v1/"


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
