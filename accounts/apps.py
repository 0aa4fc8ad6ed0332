"""The accounts app, and the admin app with our admin site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True  # this module also declares the admin's AppConfig
    name = "accounts"
    verbose_name = "Пользователи"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save
        from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

        from . import schema  # noqa: F401  (registers the docs' view extensions)
        from .token_users import token_blacklisted, user_changed

        # What accounts.token_users remembers of a user ends with any change to them, or a logout.
        post_save.connect(user_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.user_saved")
        post_delete.connect(user_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.user_deleted")
        post_save.connect(token_blacklisted, sender=BlacklistedToken, dispatch_uid="accounts.token_blacklisted")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (accounts.admin_site): its forms count in the login scope."""

    default = False
    default_site = "accounts.admin_site.AdminSite"
