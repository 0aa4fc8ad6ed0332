from django.apps import AppConfig


class MenappConfig(AppConfig):
    name = "menapp"
    verbose_name = "Известные мужчины"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .sqlite import register_functions

        connection_created.connect(register_functions, dispatch_uid="menapp.sqlite.functions")

        from django.db.models.signals import post_delete, post_save

        from .cache import record_changed

        # Any saved or deleted record (API, admin, history revert, commands) drops the cached pages.
        post_save.connect(record_changed, sender="menapp.Men", dispatch_uid="menapp.cache.saved")
        post_delete.connect(record_changed, sender="menapp.Men", dispatch_uid="menapp.cache.deleted")
