from django.apps import AppConfig


class MenappConfig(AppConfig):
    name = "menapp"
    verbose_name = "Известные мужчины"

    def ready(self):
        from django.conf import settings
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save, pre_delete

        from . import cache, schema  # noqa: F401 - schema registers the docs' view extensions
        from .sqlite import register_functions

        connection_created.connect(register_functions, dispatch_uid="menapp.sqlite.functions")
        # Records are written by menapp.services, which tells the read cache; the one write that does not
        # pass through it is the ORM's cascade when their owner is deleted: this hook covers it.
        pre_delete.connect(cache.owner_deleted, sender=settings.AUTH_USER_MODEL, dispatch_uid="menapp.cache.owner")
        for signal in (post_save, post_delete):
            signal.connect(cache.category_written, sender="menapp.Category", dispatch_uid=f"menapp.cache.{signal}")
