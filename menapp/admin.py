from django.contrib import admin

from .models import Category, Men


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("id", "name")
    list_display_links = ("id", "name")
    search_fields = ("name",)


@admin.register(Men)
class MenAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "cat", "user", "time_create", "is_published")
    list_display_links = ("id", "title")
    list_editable = ("is_published",)
    list_filter = ("is_published", "cat", "time_create")
    list_select_related = ("cat", "user")
    search_fields = ("title", "content")
    raw_id_fields = ("user",)
    readonly_fields = ("time_create", "time_update")
    date_hierarchy = "time_create"
