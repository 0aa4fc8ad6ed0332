from django.apps import AppConfig


class MenappConfig(AppConfig):
    name = "menapp"
    verbose_name = "Известные мужчины"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import schema  # noqa: F401  (registers the docs' view extensions)
        from .sqlite import register_unicode_like

        connection_created.connect(register_unicode_like, dispatch_uid="menapp.sqlite.unicode_like")

        from django.db.models.signals import post_delete, post_save

        from .cache import record_changed

        # Any saved or deleted record (API, admin, history revert, commands) drops the cached pages.
        post_save.connect(record_changed, sender="menapp.Men", dispatch_uid="menapp.cache.saved")
        post_delete.connect(record_changed, sender="menapp.Men", dispatch_uid="menapp.cache.deleted")
