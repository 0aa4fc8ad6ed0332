"""The project's own user model: empty for now, as Django recommends for new projects."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A registered user: an author of records, or staff who moderate them."""

    class Meta(AbstractUser.Meta):
        ordering = ("id",)
        verbose_name = "Пользователь"
        verbose_name_plural = "Пользователи"
