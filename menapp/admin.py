"""The catalog in the admin: categories, records with their history, idempotency keys."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from rest_framework.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_site import RussianTitles

from . import search
from .models import Category, IdempotencyKey, Men
from .services import men_create, men_delete, men_restore, men_update


@admin.register(Category)
class CategoryAdmin(RussianTitles, admin.ModelAdmin):
    accusative = "категорию"
    list_display = ("id", "name")
    list_display_links = ("id", "name")
    search_fields = ("name",)


MODEL_FIELDS = {field.name for field in Men._meta.get_fields() if field.concrete and field.editable}


@admin.register(Men)
class MenAdmin(RussianTitles, SimpleHistoryAdmin):
    """Records, with their history: "История" lists every version and reverts to any of them."""

    accusative = "запись"

    list_display = ("id", "title", "cat", "user", "time_create", "is_published")
    list_display_links = ("id", "title")
    list_editable = ("is_published",)
    list_filter = ("is_published", "cat", "time_create")
    list_select_related = ("cat", "user")
    search_fields = ("title", "content")
    raw_id_fields = ("user",)
    readonly_fields = ("time_create", "time_update", "version")
    date_hierarchy = "time_create"

    def get_readonly_fields(self, request, obj=None):
        # The owner is set when a record is created and never changed afterwards (DESIGN.md, "Data model").
        return (*self.readonly_fields, "user") if obj is not None else self.readonly_fields

    history_list_display = ("title", "is_published", "version")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Records die with their owner (DESIGN, "Decisions"): a version whose author is gone is not restored.
        version = get_object_or_404(Men.history.model, pk=version_id)
        if not get_user_model().objects.filter(pk=version.user_id).exists():
            self.message_user(
                request,
                f"Версию нельзя восстановить: её автор (пользователь #{version.user_id}) удалён, "
                "а записи удаляются вместе с автором.",
                messages.ERROR,
            )
            return redirect("admin:menapp_historicalmen_changelist")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_search_results(self, request, queryset, search_term):
        """The API's `search` (menapp.search): indexed full-text on PostgreSQL, the same limits."""
        try:
            terms = search.search_terms(search_term)
        except ValidationError as error:
            messages.error(request, error.detail["search"][0])
            return queryset.none(), False
        return search.search(queryset, terms, ranked=False), False

    # Every admin write goes through menapp.services, as the API's do: an edit or a revert is one
    # conditional UPDATE that bumps the version, so it can never share a version with an API write.
    def save_model(self, request, obj, form, change):
        if not change:
            fields = {name: getattr(obj, name) for name in form.fields if name != "user"}
            created = men_create(fields=fields, owner=obj.user)
            obj.pk, obj.version = created.pk, created.version
        elif Men.objects.filter(pk=obj.pk).exists():
            stored = Men.objects.get(pk=obj.pk)
            changes = {name: getattr(obj, name) for name in form.fields if name in MODEL_FIELDS}
            updated = men_update(men=stored, changes=changes, expected_versions=None, by=request.user)
            obj.version, obj.time_update = updated.version, updated.time_update
        else:
            obj._history_user = request.user
            men_restore(men=obj)  # a revert of a deleted record (its history page)

    def delete_model(self, request, obj):
        men_delete(men=obj, expected_versions=None)

    def delete_queryset(self, request, queryset):
        for men in queryset:
            men_delete(men=men, expected_versions=None)


class ChangeKindFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "что сделано"  # simple_history's field is named "history type"


class ChangeDateFilter(admin.DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "когда"  # simple_history's field is named "history date"


@admin.register(Men.history.model)
class MenHistoryAdmin(RussianTitles, admin.ModelAdmin):
    """Every past version of every record, deleted ones included; "восстановить" opens the revert form."""

    accusative = "версию записи"

    list_display = ("when", "change", "id", "title", "version", "who", "restore")
    list_filter = (("history_type", ChangeKindFilter), ("history_date", ChangeDateFilter))
    search_fields = ("title",)
    list_select_related = ("history_user",)

    # simple_history's own columns have English names ("history date", "history user").
    @admin.display(description="Когда", ordering="history_date")
    def when(self, obj):
        return obj.history_date

    @admin.display(description="Что сделано", ordering="history_type")
    def change(self, obj):
        return obj.get_history_type_display()

    @admin.display(description="Кем", ordering="history_user")
    def who(self, obj):
        return obj.history_user or "—"

    @admin.display(description="Восстановить")
    def restore(self, obj):
        url = reverse("admin:menapp_men_simple_history", args=(obj.id, obj.history_id))
        # Short and unbroken, so that the column fits a 1280 px wide window.
        return format_html('<a href="{}" style="white-space: nowrap">восстановить</a>', url)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(RussianTitles, admin.ModelAdmin):
    accusative = "ключ идемпотентности"
    list_display = ("key", "user", "response_status", "created")
    search_fields = ("key",)
    raw_id_fields = ("user",)
