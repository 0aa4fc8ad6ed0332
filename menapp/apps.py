from django.apps import AppConfig


class MenappConfig(AppConfig):
    name = "menapp"
    verbose_name = "Известные мужчины"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .sqlite import register_unicode_like

        connection_created.connect(register_unicode_like, dispatch_uid="menapp.sqlite.unicode_like")
