"""Users in the admin: Django's UserAdmin, with Russian titles (config.admin_site)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from config.admin_site import RussianTitles

from .models import User


@admin.register(User)
class UserAdmin(RussianTitles, DjangoUserAdmin):
    accusative = "пользователя"
