"""The catalog: categories and the records (articles about famous men) filed under them."""

from django.conf import settings
from django.db import models


class Category(models.Model):
    """A heading records are filed under: «Актеры», «Певцы», «Спортсмены»…"""

    name = models.CharField("Категория", max_length=100, unique=True)

    class Meta:
        ordering = ("name",)
        verbose_name = "Категория"
        verbose_name_plural = "Категории"

    def __str__(self):
        return self.name


class MenQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Published records for everyone; an owner also sees their drafts; staff see everything."""
        if user.is_staff:
            return self
        if user.is_authenticated:
            return self.filter(models.Q(is_published=True) | models.Q(user=user))
        return self.published()


class Men(models.Model):
    """A record about one famous man, written by a registered user."""

    title = models.CharField("Заголовок", max_length=255)
    content = models.TextField("Текст статьи")
    time_create = models.DateTimeField("Время создания", auto_now_add=True, db_index=True)
    time_update = models.DateTimeField("Время изменения", auto_now=True)
    is_published = models.BooleanField("Опубликовано", default=True)
    cat = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="men", verbose_name="Категория")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="men",
        verbose_name="Пользователь",
    )

    objects = MenQuerySet.as_manager()

    class Meta:
        ordering = ("-time_create", "-id")
        verbose_name = "Известный мужчина"
        verbose_name_plural = "Известные мужчины"

    def __str__(self):
        return self.title
