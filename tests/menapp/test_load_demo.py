"""The demo-data command: a real-looking catalog, loaded idempotently."""

from django.core.management import call_command

from accounts.models import User
from menapp.models import Category, Men


def test_load_demo_fills_the_catalog_and_can_run_twice(db, settings):
    settings.DEBUG = False
    call_command("load_demo")
    counts = (Category.objects.count(), Men.objects.count())
    call_command("load_demo")
    assert (Category.objects.count(), Men.objects.count()) == counts
    assert counts[1] >= 20
    assert {"Актеры", "Певцы", "Спортсмены"} <= set(Category.objects.values_list("name", flat=True))


def test_load_demo_outside_debug_creates_no_account_anyone_can_log_in_to(db, settings):
    settings.DEBUG = False
    call_command("load_demo")
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_load_demo_in_debug_creates_the_documented_demo_accounts(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.check_password("admin-password-123")
    assert User.objects.get(username="author").check_password("author-password-123")
