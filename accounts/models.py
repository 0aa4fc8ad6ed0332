"""The project's own user model: one spelling per name, credentials that end with a password or a ban.

Every change goes through `save()`, whatever path made it (djoser, the admin, a management
command): a new password or a deactivation deletes the user's DRF tokens (JWTs already stop:
SimpleJWT checks the password hash and `is_active`), and a deactivation is remembered in
`deactivated_at`, which the mailed reset and activation tokens hash (accounts.mail_tokens). A bulk
`User.objects.filter(…).update(is_active=False)` or `update(password=…)` does the same (UserQuerySet);
only raw SQL goes around it.
"""

from django.contrib.auth import models as auth_models
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from . import usernames


class UserQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update that deactivates or sets passwords ends credentials as `save()` does."""
        if not {"password", "is_active"} & set(kwargs):
            return super().update(**kwargs)
        from rest_framework.authtoken.models import Token

        from . import token_users

        with transaction.atomic(using=self.db):
            users = list(self.values_list("pk", flat=True))
            if kwargs.get("is_active") is False:
                self.model._default_manager.filter(pk__in=users, is_active=True).update(deactivated_at=timezone.now())
            updated = super().update(**kwargs)
            Token.objects.filter(user_id__in=users).delete()
        # What accounts.token_users remembers of them (no post_save signal for an update).
        token_users.users_changed(users)
        return updated


class UserManager(auth_models.UserManager.from_queryset(UserQuerySet)):
    def get_by_natural_key(self, username):
        # Every login (ModelBackend) and createsuperuser's "already taken" check ask here: any case matches.
        if not isinstance(username, str):
            raise self.model.DoesNotExist
        return self.get(username_key=usernames.key(username))


class User(auth_models.AbstractUser):
    """A registered user: an author of records, or staff who moderate them."""

    username_key = models.CharField(
        "ключ имени",
        max_length=150 * 3,  # casefold() can lengthen a name (ß → ss)
        unique=True,
        editable=False,
        help_text="Имя в NFKC без учёта регистра: два пользователя не делят одно имя.",
    )
    deactivated_at = models.DateTimeField(
        "деактивирован",
        null=True,
        blank=True,
        editable=False,
        help_text="Когда сотрудник деактивировал учётную запись в последний раз (не «ещё не активирована»).",
    )

    objects = UserManager()

    class Meta(auth_models.AbstractUser.Meta):
        ordering = ("id",)
        verbose_name = "Пользователь"
        verbose_name_plural = "Пользователи"

    @property
    def is_banned(self) -> bool:
        """Deactivated by staff: no activation or resend flow may revive the account."""
        return not self.is_active and self.deactivated_at is not None

    def clean(self):
        super().clean()  # NFKC, as Django's AbstractUser does
        if username_taken(self.username, exclude_pk=self.pk):
            raise ValidationError({"username": self._meta.get_field("username").error_messages["unique"]})

    def check_password(self, raw_password):
        from .middleware import current_request
        from .throttling import failed, guard

        request = current_request()
        if request is not None:
            guard(request, self.get_username())  # over the limit: refused before hashing
        self._rehashing = True  # a hash upgrade on login is not a new password
        try:
            correct = super().check_password(raw_password)
        finally:
            self._rehashing = False
        if not correct and request is not None:
            failed(self.get_username())
        return correct

    def save(self, *args, **kwargs):
        self.username = usernames.normalize(self.username)
        self.username_key = usernames.key(self.username)
        update_fields = kwargs.get("update_fields")
        stored = None
        if self.pk is not None and (update_fields is None or {"password", "is_active"} & set(update_fields)):
            stored = type(self)._default_manager.filter(pk=self.pk).values("password", "is_active").first()
        deactivated = bool(stored and stored["is_active"] and not self.is_active)
        # djoser's own deactivation (an email change, with activation on) awaits activation: not a ban.
        banned = deactivated and not getattr(self, "awaiting_activation", False)
        if banned:
            self.deactivated_at = timezone.now()
        if update_fields is not None:
            extra = {"username_key"} if "username" in update_fields else set()
            kwargs["update_fields"] = {*update_fields, *extra, *({"deactivated_at"} if banned else ())}
        new_password = bool(stored and stored["password"] != self.password and not getattr(self, "_rehashing", False))
        with transaction.atomic():
            super().save(*args, **kwargs)
            if deactivated or new_password:
                from rest_framework.authtoken.models import Token

                Token.objects.filter(user=self).delete()

    def delete(self, *args, **kwargs):
        # Records die with their owner through the service (history written, caches dropped),
        # before Django's cascade would write history rows pointing at the user being deleted.
        from menapp.services import men_delete_owned_by

        with transaction.atomic():
            men_delete_owned_by(owner=self)
            return super().delete(*args, **kwargs)


def username_taken(username: str, exclude_pk=None) -> bool:
    """Whether another user already has this name in any case or Unicode form."""
    if not isinstance(username, str):
        return False  # no name yet: the field's own validation answers
    others = User._default_manager.filter(username_key=usernames.key(username))
    return others.exclude(pk=exclude_pk).exists() if exclude_pk is not None else others.exists()
