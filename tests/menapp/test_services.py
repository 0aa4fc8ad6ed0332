"""A create or an update is one atomic write, with the cache generations renewed before and after it."""

import contextlib

import pytest
from django.db import connection

from api import generations
from menapp.cache import stale_after
from menapp.models import Men
from menapp.services import RecordState, men_create, men_update

from ..conftest import bearer_client


@contextlib.contextmanager
def write_log(monkeypatch):
    """What reaches the database and the cache, in order: ("sql", statement, in a transaction) and ("renew", names)."""
    events = []
    renew = generations.renew
    monkeypatch.setattr(
        generations, "renew", lambda names, *a, **k: events.append(("renew", set(names))) or renew(names, *a, **k)
    )

    def record(execute, sql, params, many, context):
        events.append(("sql", sql, not connection.get_autocommit()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield events


def writes(events):
    return [
        event
        for event in events
        if event[0] == "renew" or event[1].lstrip().upper().startswith(("UPDATE", "INSERT", "WITH"))
    ]


@pytest.mark.django_db(transaction=True)
def test_a_patch_renews_its_generations_before_its_write_and_again_after_it_commits(owner, category, monkeypatch):
    men = men_create(fields={"title": "До", "content": "c", "cat": category}, owner=owner)
    stale = stale_after(RecordState.of(men), RecordState.of(men))
    client = bearer_client(owner)
    with write_log(monkeypatch) as events:
        assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "После"}).status_code == 200
    sequence = writes(events)
    assert sequence[0] == sequence[-1] == ("renew", stale)
    assert [event[0] for event in sequence[1:-1]] == ["sql"] * (len(sequence) - 2) and len(sequence) > 2


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_write_and_its_history_are_one_statement_outside_any_transaction(owner, category, monkeypatch):
    """No BEGIN and COMMIT round trips: the statement commits by itself.

    Elsewhere the record and its history row are two statements, in one transaction."""
    with write_log(monkeypatch) as events:
        men = men_create(fields={"title": "До", "content": "c", "cat": category}, owner=owner)
        men_update(men=men, changes={"title": "После"}, expected_versions=None, by=owner)
    statements = [event for event in writes(events) if event[0] == "sql"]
    if connection.vendor == "postgresql":
        assert len(statements) == 2, "one statement per write, with its history row"
        assert not any(in_transaction for _, _, in_transaction in statements)
    else:
        assert len(statements) == 4, "the record and its history row, for each write"
        assert all(in_transaction for _, _, in_transaction in statements)
    assert Men.history.filter(id=men.pk).count() == 2
    assert Men.objects.get(pk=men.pk).title == "После"


@pytest.mark.django_db(transaction=True)
def test_a_create_renews_the_lists_and_counts_it_joins(owner, category, monkeypatch):
    with write_log(monkeypatch) as events:
        men_create(fields={"title": "Новый", "content": "c", "cat": category, "is_published": False}, owner=owner)
    renewed = [event[1] for event in events if event[0] == "renew"]
    expected = {"men:lists:drafts", f"men:members:{category.pk}:drafts", "men:members:all:drafts"}
    assert renewed == [expected, expected]


@pytest.mark.django_db(transaction=True)
def test_a_refused_write_leaves_no_half_written_record(owner, category):
    """The write's statement fails as a whole (here: a category that does not exist): no record, no history row."""
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        men_create(fields={"title": "Нет", "content": "c", "cat_id": 999_999}, owner=owner)
    assert not Men.objects.filter(title="Нет").exists()
    assert not Men.history.filter(title="Нет").exists()
