"""`manage.py prune_history`: old and duplicate history goes, each record's newest row stays."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from menapp.models import Men

from ..conftest import bearer_client


def edited(client, men, times):
    for n in range(times):
        assert client.patch(f"/api/v1/men/{men.pk}/", {"title": f"Правка {n}"}).status_code == 200


def age(rows, days):
    Men.history.filter(history_id__in=[row.history_id for row in rows]).update(
        history_date=timezone.now() - timedelta(days=days)
    )


def prune(*args):
    call_command("prune_history", *args, stdout=StringIO())


def test_history_older_than_the_retention_goes_but_each_records_newest_row_stays(owner, men, settings):
    edited(bearer_client(owner), men, 3)
    rows = list(Men.history.filter(id=men.pk).order_by("history_id"))  # +, ~, ~, ~
    age(rows, settings.HISTORY_RETENTION_DAYS + 1)  # all of them old, the newest included
    prune()
    assert [row.history_id for row in Men.history.filter(id=men.pk)] == [rows[-1].history_id]


def test_history_within_the_retention_is_kept(owner, men, settings):
    edited(bearer_client(owner), men, 3)
    rows = list(Men.history.filter(id=men.pk).order_by("history_id"))
    age(rows[:2], settings.HISTORY_RETENTION_DAYS + 1)
    age(rows[2:], settings.HISTORY_RETENTION_DAYS - 1)
    prune()
    assert [row.history_id for row in Men.history.filter(id=men.pk).order_by("history_id")] == [
        row.history_id for row in rows[2:]
    ]


def test_the_retention_is_the_setting_and_days_overrides_it(owner, men, settings):
    edited(bearer_client(owner), men, 1)
    age(Men.history.filter(id=men.pk, history_type="+"), 10)
    settings.HISTORY_RETENTION_DAYS = 30
    from menapp.management.commands import prune_history

    call_command(prune_history.Command(), stdout=StringIO())
    assert Men.history.filter(id=men.pk).count() == 2
    prune("--days", "5")
    assert Men.history.filter(id=men.pk).count() == 1


def test_a_dry_run_deletes_nothing(owner, men, settings):
    edited(bearer_client(owner), men, 2)
    age(Men.history.filter(id=men.pk), settings.HISTORY_RETENTION_DAYS + 1)
    prune("--dry")
    assert Men.history.filter(id=men.pk).count() == 3


def test_identical_consecutive_rows_are_removed(men):
    men.save()  # a save through the ORM that changes nothing still writes a history row
    men.save()
    assert Men.history.filter(id=men.pk).count() == 3
    prune()
    assert Men.history.filter(id=men.pk).count() == 1


def test_a_record_deleted_long_ago_is_still_restorable_after_a_prune(owner, staff, men, admin_client, settings):
    edited(bearer_client(owner), men, 2)
    assert bearer_client(staff).delete(f"/api/v1/men/{men.pk}/").status_code == 204
    age(Men.history.filter(id=men.pk), settings.HISTORY_RETENTION_DAYS * 2)
    prune()
    (last,) = Men.history.filter(id=men.pk)
    assert (last.history_type, last.title) == ("-", "Правка 1")

    form = {"title": last.title, "content": last.content, "is_published": "on", "cat": last.cat_id}
    response = admin_client.post(f"/admin/menapp/men/{men.pk}/history/{last.history_id}/", form)
    assert response.status_code == 302, response.content[:2000]
    assert Men.objects.get(pk=men.pk).title == "Правка 1"
