"""Users in the admin: Django's UserAdmin with Russian titles; deleting users goes through User.delete."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .admin_site import RussianTitles
from .models import User


@admin.register(User)
class UserAdmin(RussianTitles, DjangoUserAdmin):
    accusative = "пользователя"
    readonly_fields = ("deactivated_at",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:2],
        (DjangoUserAdmin.fieldsets[2][0], {"fields": (*DjangoUserAdmin.fieldsets[2][1]["fields"], "deactivated_at")}),
        *DjangoUserAdmin.fieldsets[3:],
    )

    def delete_queryset(self, request, queryset):
        # A bulk delete would skip User.delete: each user's records die through the service.
        for user in queryset:
            user.delete()
