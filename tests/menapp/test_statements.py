"""A kept INSERT or UPDATE is exactly what the ORM would compile for the same values."""

import itertools
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.sql import InsertQuery, UpdateQuery

from menapp import statements
from menapp.models import Category, Men

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def nothing_kept():
    statements.compiled.clear()
    yield
    statements.compiled.clear()


def orm_update(men, values):
    query = Men.objects.filter(pk=men.pk, version=men.version).query.chain(UpdateQuery)
    query.add_update_values(values)
    sql, params = query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


def orm_insert(men):
    query = InsertQuery(Men)
    query.insert_values(statements.insert_columns(), [men])
    [(sql, params)] = query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


def edits(other, number):
    return {
        "title": f"Заголовок {number}",
        "content": f"Текст {number}",
        "is_published": bool(number % 2),
        "cat": other,
    }


@pytest.mark.parametrize(
    "names",
    [
        names
        for size in range(1, 5)
        for names in itertools.combinations(["title", "content", "is_published", "cat"], size)
    ],
)
def test_a_kept_update_is_the_orms_for_the_same_fields(men, category, names):
    other = Category.objects.create(name="Другая")
    for number in range(2):  # compiled by the ORM, then sent from the kept SQL
        values = {name: edits(other, number)[name] for name in names}
        values |= {"version": men.version + 1, "time_update": NOW}
        assert statements.versioned_update(connection, men, values) == orm_update(men, values)
    assert ("update", connection.alias, (*names, "version", "time_update")) in statements.compiled


def test_an_update_whose_sql_holds_a_value_is_never_kept(men):
    values = {"version": F("version") + 1, "time_update": NOW}
    assert statements.versioned_update(connection, men, values) == orm_update(men, values)
    assert statements.compiled == {}


def test_a_kept_insert_is_the_orms_and_stamps_the_records_times(db, owner, category, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    for number in range(2):
        men = Men(title=f"Новая {number}", content="т", cat=category, user=owner)
        expected = orm_insert(Men(title=f"Новая {number}", content="т", cat=category, user=owner))
        assert statements.record_insert(connection, men) == expected
        assert men.time_create == men.time_update == NOW
    assert ("insert", connection.alias) in statements.compiled
