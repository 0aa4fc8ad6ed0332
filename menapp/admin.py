"""The catalog in the admin: categories, records with their history, idempotency keys."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from config.admin_site import RussianTitles

from .models import Category, IdempotencyKey, Men


@admin.register(Category)
class CategoryAdmin(RussianTitles, admin.ModelAdmin):
    accusative = "категорию"
    list_display = ("id", "name")
    list_display_links = ("id", "name")
    search_fields = ("name",)


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
    history_list_display = ("title", "is_published", "version")

    def save_model(self, request, obj, form, change):
        # An admin edit or a revert is a new version too, so API clients holding the old ETag get 412.
        if change:
            current = Men.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
            obj.version = max(current or 0, obj.version) + 1
        super().save_model(request, obj, form, change)


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
