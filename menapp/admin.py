from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from rest_framework.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import search
from .models import Category, IdempotencyKey, Men


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("id", "name")
    list_display_links = ("id", "name")
    search_fields = ("name",)


@admin.register(Men)
class MenAdmin(SimpleHistoryAdmin):
    """Records, with their history: "История" lists every version and reverts to any of them."""

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

    def get_search_results(self, request, queryset, search_term):
        """The API's `search` (menapp.search): indexed full-text on PostgreSQL, the same limits."""
        try:
            terms = search.search_terms(search_term)
        except ValidationError as error:
            messages.error(request, error.detail["search"][0])
            return queryset.none(), False
        return search.search(queryset, terms, ranked=False), False

    def save_model(self, request, obj, form, change):
        # An admin edit or a revert is a new version too, so API clients holding the old ETag get 412.
        if change:
            current = Men.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
            obj.version = max(current or 0, obj.version) + 1
        super().save_model(request, obj, form, change)


@admin.register(Men.history.model)
class MenHistoryAdmin(admin.ModelAdmin):
    """Every past version of every record, deleted ones included; "восстановить" opens the revert form."""

    list_display = ("history_date", "history_type", "id", "title", "version", "history_user", "restore")
    list_filter = ("history_type", "history_date")
    search_fields = ("title",)
    list_select_related = ("history_user",)

    @admin.display(description="Восстановить")
    def restore(self, obj):
        url = reverse("admin:menapp_men_simple_history", args=(obj.id, obj.history_id))
        return format_html('<a href="{}">восстановить эту версию</a>', url)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    list_display = ("key", "user", "response_status", "created")
    search_fields = ("key",)
    raw_id_fields = ("user",)
