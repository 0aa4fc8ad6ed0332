"""The catalog: categories and the records (articles about famous men) filed under them."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .visibility import audience


class Category(models.Model):
    """A heading records are filed under: «Актеры», «Певцы», «Спортсмены»…"""

    name = models.CharField("Категория", max_length=100, unique=True)

    class Meta:
        ordering = ("name",)
        # Lower case, as Django expects: the admin puts these inside its sentences ("Добавить категорию").
        verbose_name = "категория"
        verbose_name_plural = "категории"

    def __str__(self):
        return self.name


class MenQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """What `user` may see, by the one visibility table (menapp.visibility)."""
        records = audience(user).records
        return self if records is None else self.filter(records)


class Men(models.Model):
    """A record about one famous man, written by a registered user."""

    title = models.CharField("Заголовок", max_length=255)
    content = models.TextField("Текст статьи")
    time_create = models.DateTimeField("Время создания", auto_now_add=True)
    time_update = models.DateTimeField("Время изменения", auto_now=True)
    is_published = models.BooleanField("Опубликовано", default=True)
    cat = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="men", verbose_name="Категория")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="men",
        verbose_name="Пользователь",
    )

    # Bumped by every change; clients send it back in If-Match so no update is silently lost.
    version = models.PositiveIntegerField("Версия", default=1, editable=False)

    objects = MenQuerySet.as_manager()
    # Every created, changed and deleted record keeps its past versions, restorable in the admin.
    history = HistoricalRecords(
        excluded_fields=("time_update",), verbose_name="версия записи", verbose_name_plural="версии записей"
    )

    class Meta:
        ordering = ("-time_create", "-id")
        indexes = [models.Index(fields=["-time_create", "-id"], name="men_newest_first")]
        # "запись" reads right in the admin's fixed phrases (its accusative is the nominative); the API's
        # names (`men/`, the fields) are the notes' and do not change.
        verbose_name = "запись"
        verbose_name_plural = "записи"

    def __str__(self):
        return self.title


class IdempotencyKey(models.Model):
    """A client's `Idempotency-Key` for `POST men/`: the first response, replayed for retries of the same request."""

    key = models.CharField("Ключ", max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idempotency_keys",
        verbose_name="Пользователь",
    )
    fingerprint = models.CharField("Отпечаток запроса", max_length=64)
    response_status = models.PositiveSmallIntegerField("Код ответа", null=True)
    response_body = models.JSONField("Тело ответа", null=True)
    created = models.DateTimeField("Создан", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created",)
        verbose_name = "Ключ идемпотентности"
        verbose_name_plural = "Ключи идемпотентности"
        constraints = [models.UniqueConstraint(fields=("user", "key"), name="unique_idempotency_key_per_user")]

    def __str__(self):
        return self.key
