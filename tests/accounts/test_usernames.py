"""Usernames: one key per name (accounts.usernames), and the migration that settles old duplicates."""

import importlib

from django.apps import apps

from accounts import usernames
from accounts.models import User

migration = importlib.import_module("accounts.migrations.0002_username_key_deactivated_at")


def test_names_that_differ_only_by_case_or_unicode_form_share_one_key():
    assert usernames.key("Admin") == usernames.key("ADMIN") == usernames.key("ａｄｍｉｎ") == "admin"
    assert usernames.key("Иван") == usernames.key("иван")
    assert usernames.key("admin") != usernames.key("admin2")


def test_the_migration_renames_later_case_duplicates_and_keeps_the_oldest_name(db, capsys):
    # As they could exist before the migration: keys not yet computed (made distinct to get them in).
    User.objects.bulk_create(
        [
            User(username="admin", username_key="pending-1"),
            User(username="Admin", username_key="pending-2"),
            User(username="ADMIN", username_key="pending-3"),
            User(username="admin-2", username_key="pending-4"),
            User(username="other", username_key="pending-5"),
        ]
    )
    migration.settle_case_duplicates(apps, None)
    names = list(User.objects.order_by("id").values_list("username", "username_key"))
    assert names == [
        ("admin", "admin"),
        ("Admin-3", "admin-3"),
        ("ADMIN-4", "admin-4"),
        ("admin-2", "admin-2"),
        ("other", "other"),
    ]
    said = capsys.readouterr().out
    assert "'Admin' is now 'Admin-3'" in said and "'ADMIN' is now 'ADMIN-4'" in said
