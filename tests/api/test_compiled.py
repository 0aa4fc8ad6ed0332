"""Querysets compiled once: the same rows and annotations as the queryset, for any values, in one query."""

import threading

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Count, Q

from api.compiled import CompiledQuery, statement_cursor
from api.postgresql.base import DatabaseWrapper
from menapp.models import Men


def titles_by_owner_or_category():
    builds = []

    def build(owner_id, category_id):
        builds.append((owner_id, category_id))
        rows = Men.objects.filter(Q(user_id=owner_id) | Q(cat_id=category_id), is_published=True)
        return rows.annotate(in_category=Count("cat__men")).order_by("id")

    return CompiledQuery(Men, build, owner_id=-7_000_001, category_id=-7_000_002), build, builds


def test_a_compiled_query_gives_the_querysets_rows_and_annotations_for_any_values(
    men, draft, user, category, other_category, count_queries
):
    Men.objects.create(title="Чужая", content="…", cat=other_category, user=user)
    compiled, build, _ = titles_by_owner_or_category()
    for owner_id, category_id in [(men.user_id, other_category.pk), (user.pk, category.pk), (0, 0)]:
        expected = [(m.pk, m.title, m.time_create, m.in_category) for m in build(owner_id, category_id)]
        with count_queries() as queries:
            found = compiled(owner_id=owner_id, category_id=category_id)
            got = [(m.pk, m.title, m.time_create, m.in_category) for m in found]
        assert got == expected
        assert queries.count == 1


def test_a_compiled_query_is_built_once(men):
    compiled, _, builds = titles_by_owner_or_category()
    list(compiled(owner_id=men.user_id, category_id=men.cat_id))
    list(compiled(owner_id=0, category_id=0))
    assert builds == [(-7_000_001, -7_000_002)]


def test_a_value_goes_wherever_its_placeholder_landed_and_an_unused_one_is_harmless(men, draft):
    compiled = CompiledQuery(
        Men,
        lambda pk, unused: Men.objects.filter(pk=pk).filter(id__lte=pk),
        pk=-7_000_001,
        unused="never used",
    )
    assert [m.pk for m in compiled(pk=draft.pk, unused="x")] == [draft.pk]
    assert [m.pk for m in compiled(pk=men.pk, unused="x")] == [men.pk]
    assert list(compiled(pk=0, unused="x")) == []


def test_rows_become_instances_as_raw_makes_them(men):
    compiled = CompiledQuery(Men, lambda pk: Men.objects.filter(pk=pk), pk=-7_000_001)
    [found] = compiled(pk=men.pk)
    [raw] = Men.objects.raw("SELECT * FROM menapp_men WHERE id = %s", [men.pk])
    assert {f.attname: getattr(found, f.attname) for f in Men._meta.fields} == {
        f.attname: getattr(raw, f.attname) for f in Men._meta.fields
    }
    assert (found._state.db, found._state.adding) == (raw._state.db, raw._state.adding) == ("default", False)


@pytest.mark.django_db(transaction=True)
def test_how_rows_are_read_is_worked_out_once_per_connection(men):
    from django.db import connection, connections

    compiled = CompiledQuery(Men, lambda pk: Men.objects.filter(pk=pk), pk=-7_000_001)
    compiled(pk=men.pk)
    compiled(pk=men.pk)
    assert list(compiled.readings) == [connections["default"]]
    found = []

    def in_another_thread():
        try:
            found.extend(m.title for m in compiled(pk=men.pk))
            found.append(connections["default"] in compiled.readings and len(compiled.readings) == 2)
        finally:
            connection.close()

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join(timeout=30)
    assert found == [men.title, True], "the other thread's connection has a reading of its own"


def test_a_query_without_the_primary_key_is_refused_as_raw_refuses_it(men):
    compiled = CompiledQuery(Men, lambda pk: Men.objects.filter(pk=pk).only("title").values("title"), pk=-7_000_001)
    with pytest.raises(FieldDoesNotExist):
        compiled(pk=men.pk)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_query_sent_again_is_prepared_on_a_postgresql_connection_that_may_keep_it_and_gives_the_same_rows(men, draft):
    compiled, build, _ = titles_by_owner_or_category()
    expected = [(m.pk, m.title, m.in_category) for m in build(draft.user_id, men.cat_id)]
    for _ in range(4):  # past the threshold (2, config.settings)
        assert [(m.pk, m.title, m.in_category) for m in compiled(owner_id=draft.user_id, category_id=men.cat_id)] == (
            expected
        )
    if connection.vendor == "postgresql":
        assert any('"menapp_men"' in statement and "$1" in statement for statement in prepared_statements())
    else:  # SQLite: Django's own cursor, nothing to prepare
        assert statement_cursor(connection).__class__ is connection.cursor().__class__


def test_behind_pgbouncer_a_postgresql_connection_keeps_no_prepared_statement():
    backend = DatabaseWrapper(
        {**connection.settings_dict, "ENGINE": "api.postgresql", "OPTIONS": {"prepare_threshold": None}},
        alias="behind-pgbouncer",
    )
    assert not backend.keeps_prepared_statements


def test_a_statement_cursor_checks_a_persistent_connections_health_first_as_djangos_cursor_does(db, monkeypatch):
    checked = []
    check = connection.close_if_health_check_failed
    monkeypatch.setattr(connection, "close_if_health_check_failed", lambda: checked.append(True) or check())
    with statement_cursor(connection) as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
    assert checked
