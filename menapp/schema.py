"""The catalog's operations in the docs: a tag per resource and a summary per operation (api.openapi_docs)."""

from api.openapi_docs import documented

RECORD_SUMMARIES = {
    "list": "Список записей",
    "create": "Создать запись",
    "retrieve": "Получить запись",
    "update": "Заменить запись",
    "partial_update": "Изменить поля записи",
    "destroy": "Удалить запись",
    "categories": "Названия всех категорий",
    "category": "Категория записи",
}

MenViewSetDocs = documented("menapp.views.MenViewSet", "records", RECORD_SUMMARIES)
LegacyMenViewSetDocs = documented(
    "menapp.views.LegacyMenViewSet",
    "legacy",
    {action: f"{summary} (старый маршрут курса)" for action, summary in RECORD_SUMMARIES.items()},
)
CategoryViewSetDocs = documented(
    "menapp.views.CategoryViewSet",
    "categories",
    {
        "list": "Список категорий",
        "create": "Создать категорию",
        "retrieve": "Получить категорию",
        "update": "Заменить категорию",
        "partial_update": "Переименовать категорию",
        "destroy": "Удалить категорию",
    },
)
