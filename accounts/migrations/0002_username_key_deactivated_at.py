"""Usernames become unique without regard to case (and Unicode form); staff deactivation is remembered.

Existing names that differ only by case are settled here: the oldest account keeps its name, each
later one is renamed `name-2`, `name-3`, … (the migration prints every rename, so that the people
concerned can be told their new login name).
"""

import unicodedata

from django.db import migrations, models

import accounts.models


def key(username):
    return unicodedata.normalize("NFKC", username).casefold()


def settle_case_duplicates(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    users = list(User.objects.order_by("id"))
    in_use = {key(user.username) for user in users}
    taken, final = set(), {}
    for user in users:
        name = unicodedata.normalize("NFKC", user.username)
        if key(name) in taken:
            n = 2
            while key(f"{name[: 150 - len(str(n)) - 1]}-{n}") in in_use:
                n += 1
            renamed = f"{name[: 150 - len(str(n)) - 1]}-{n}"
            print(f"\n  accounts: user #{user.pk} {user.username!r} is now {renamed!r} (an older account has that name)")
            in_use.add(key(renamed))
            name = renamed
        taken.add(key(name))
        final[user.pk] = name
    changed = [user for user in users if final[user.pk] != user.username]
    for user in changed:  # out of the way first, so no two rows ever share a name on the way
        User.objects.filter(pk=user.pk).update(username=f"~migrating-{user.pk}")
    for user in users:
        User.objects.filter(pk=user.pk).update(username=final[user.pk], username_key=key(final[user.pk]))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[("objects", accounts.models.UserManager())],
        ),
        migrations.AddField(
            model_name="user",
            name="deactivated_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="Когда сотрудник деактивировал учётную запись в последний раз (не «ещё не активирована»).",
                null=True,
                verbose_name="деактивирован",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="username_key",
            field=models.CharField(editable=False, max_length=450, null=True, verbose_name="ключ имени"),
        ),
        migrations.RunPython(settle_case_duplicates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="username_key",
            field=models.CharField(
                editable=False,
                help_text="Имя в NFKC без учёта регистра: два пользователя не делят одно имя.",
                max_length=450,
                unique=True,
                verbose_name="ключ имени",
            ),
        ),
    ]
