"""The landing page at `/`: what this service is and its entry points (the admin's "Открыть сайт" leads here)."""

from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView


class LandingPage(TemplateView):
    template_name = "menapp/landing.html"

    def get_context_data(self, **kwargs):
        links = [
            (reverse("api-v1-root"), "API: корень со ссылками на все точки входа"),
            (reverse("men-list"), "Записи (men/)"),
            (reverse("category-list"), "Категории (categories/)"),
            (reverse("swagger-ui"), "Документация: Swagger UI"),
            (reverse("redoc"), "Документация: Redoc"),
            (reverse("schema"), "Схема OpenAPI 3"),
            (reverse("admin:index"), "Администрирование (для сотрудников)"),
            (reverse("healthz"), "Проверка: процесс жив"),
            (reverse("readyz"), "Проверка: готов к работе (база данных и кэш)"),
        ]
        if settings.BROWSABLE_API:
            links.insert(3, (reverse("rest_framework:login"), "Вход в браузерный API (сессия)"))
        return super().get_context_data(links=links, **kwargs)
