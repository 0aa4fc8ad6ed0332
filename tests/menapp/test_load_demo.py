"""The demo-data command: a real-looking catalog, loaded idempotently."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from menapp.management.commands.load_demo import CATALOG
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


def test_load_demo_with_count_tops_the_catalog_up_to_that_many_records(db, settings):
    settings.DEBUG = False
    call_command("load_demo", count=120, stdout=StringIO())
    assert Men.objects.count() == 120


def test_load_demo_with_the_same_count_twice_adds_nothing_the_second_time(db, settings):
    settings.DEBUG = False
    call_command("load_demo", count=60, stdout=StringIO())
    ids = set(Men.objects.values_list("id", flat=True))
    output = StringIO()
    call_command("load_demo", count=60, stdout=output)
    assert set(Men.objects.values_list("id", flat=True)) == ids
    assert "0 records added" in output.getvalue()


def test_load_demo_with_a_larger_count_adds_only_the_missing_records(db, settings):
    settings.DEBUG = False
    call_command("load_demo", count=50, stdout=StringIO())
    call_command("load_demo", count=75, stdout=StringIO())
    assert Men.objects.count() == 75


def test_load_demo_with_a_count_below_the_catalog_keeps_the_whole_catalog(db, settings):
    settings.DEBUG = False
    call_command("load_demo", count=3, stdout=StringIO())
    assert Men.objects.count() == sum(len(records) for records in CATALOG.values())


def test_load_demo_with_count_files_generated_records_under_their_entrys_category(db, settings):
    settings.DEBUG = False
    call_command("load_demo", count=200, stdout=StringIO())
    generated = Men.objects.filter(title__startswith="Лев Толстой №")
    assert generated.exists()
    assert set(generated.values_list("cat__name", flat=True)) == {"Писатели"}
    assert Men.objects.filter(is_published=False).exists()
    assert Men.objects.filter(is_published=True).count() > Men.objects.count() * 0.9


def test_load_demo_with_count_reports_progress_as_it_loads(db, settings):
    settings.DEBUG = False
    output = StringIO()
    call_command("load_demo", count=100, stdout=output)
    assert "Loading records [" in output.getvalue()
    missing = 100 - sum(len(records) for records in CATALOG.values())
    assert f"{missing}/{missing}" in output.getvalue()


def test_load_demo_refuses_a_negative_count(db):
    with pytest.raises(CommandError):
        call_command("load_demo", count=-1, stdout=StringIO())


def test_load_demo_runs_again_after_users_wrote_records_with_demo_titles(db, settings, owner, category):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    demo_title = next(iter(CATALOG.values()))[0][0]
    Men.objects.create(title=demo_title, content="Моя версия", cat=category, user=owner)
    Men.objects.create(title=demo_title, content="И ещё одна", cat=category, user=owner)
    before = Men.objects.count()
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert Men.objects.count() == before
    assert "0 records added" in output.getvalue()


def test_load_demo_leaves_records_users_edited_alone_and_adds_no_copies(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    demo_title = next(iter(CATALOG.values()))[0][0]
    edited = Men.objects.get(title=demo_title)
    edited.content, edited.is_published = "Переписано", False
    edited.save()
    before = Men.objects.count()
    call_command("load_demo", stdout=StringIO())
    edited.refresh_from_db()
    assert Men.objects.count() == before
    assert (edited.content, edited.is_published) == ("Переписано", False)


def test_load_demo_restores_deleted_demo_records_once(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    full = Men.objects.count()
    Men.objects.filter(cat__name="Певцы").delete()
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert Men.objects.count() == full


def test_load_demo_runs_again_after_a_demo_category_was_renamed_and_a_demo_account_changed(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    Category.objects.filter(name="Актеры").update(name="Актёры кино")
    author = User.objects.get(username="author")
    author.set_password("another-Str0ng-phrase")
    author.save()
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert Category.objects.filter(name__in=["Актеры", "Актёры кино"]).count() == 2
    assert User.objects.get(username="author").check_password("another-Str0ng-phrase")
    assert Men.objects.filter(title=CATALOG["Актеры"][0][0]).count() == 1
