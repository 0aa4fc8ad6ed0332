"""Every write to a record: API, admin (history reverts included), commands and owner deletion go through here.

Each function runs in the caller's transaction or is atomic by itself, writes with a single statement
where a race could lose an update (optimistic concurrency: `UPDATE … WHERE version IN (…)`), keeps the
record's history and tells the read cache what went stale (menapp.cache). On PostgreSQL a create or an
update and its history row are one statement (`with_history`): outside a transaction it runs in
autocommit, with no BEGIN and COMMIT of its own, and is as atomic. A write that changes nothing is not
a change: no new version, no history row, the same ETag.
"""

import contextlib
import dataclasses
import functools
from collections.abc import Collection
from typing import Any, cast

from django.db import connections, router, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from simple_history.utils import get_change_reason_from_object

from api.compiled import statement_cursor
from api.errors import Conflict, PreconditionFailed

from .cache import RecordState, record_writing, record_written, records_written
from .models import Men
from .statements import record_insert, versioned_update

# Tries of a write that others keep getting in ahead of (each try is one UPDATE).
UPDATE_ATTEMPTS = 5


@functools.cache
def history() -> Any:
    """The records' history manager: django-simple-history builds a new manager class on every `Men.history`."""
    return Men.history


def versioned(pk, expected_versions: Collection[int] | None):
    rows = Men.objects.filter(pk=pk)
    return rows if expected_versions is None else rows.filter(version__in=expected_versions)


def refused(expected_versions: Collection[int] | None) -> Exception:
    """Nothing matched: the record moved on (412) or, with no precondition, it is gone (404)."""
    return NotFound() if expected_versions is None else PreconditionFailed()


def unchanged(men: Men, changes: dict[str, Any]) -> bool:
    for name, value in changes.items():
        field = cast(Field, Men._meta.get_field(name))
        current = getattr(men, field.attname)
        if (value.pk if field.is_relation and value is not None else value) != current:
            return False
    return True


def one_write(alias: str) -> contextlib.AbstractContextManager:
    """The transaction a create or an update needs: none on PostgreSQL, where it is one statement.

    savepoint=False: inside the caller's transaction a savepoint would only add two round trips.
    """
    if connections[alias].vendor == "postgresql":
        return contextlib.nullcontext()
    return transaction.atomic(using=alias, savepoint=False)


def men_create(*, fields: dict[str, Any], owner) -> Men:
    """A new record owned by `owner`, with its history's first row."""
    men = Men(**fields, user=owner)
    alias = router.db_for_write(Men)
    with one_write(alias), record_writing(None, RecordState.of(men)):
        insert_with_history(men)
    return men


def men_update(*, men: Men, changes: dict[str, Any], expected_versions: Collection[int] | None, by) -> Men:
    """Write only the fields in `changes` and bump the version: one UPDATE … WHERE version = <as read>.

    `men` is the record as the caller read it; it is returned as stored after the write, with no
    second read: the UPDATE only matches the version that was read, so the stored row is exactly
    `men` with `changes`. If another writer got in between, the record is read again and, if the
    precondition (`expected_versions`, from If-Match) still holds, the write is tried again. Where the
    write needs a transaction (not on PostgreSQL) every try is in it: on SQLite it holds the write lock
    from its start, so a record read again there is the latest and the next try succeeds.
    """
    with one_write(router.db_for_write(Men)):
        outcome = update_latest(men, changes, expected_versions, by)
    if isinstance(outcome, Exception):  # raised out here: a refusal that wrote nothing spoils no caller's transaction
        raise outcome
    return outcome


def update_latest(men: Men, changes: dict[str, Any], expected_versions: Collection[int] | None, by) -> Men | Exception:
    """`men_update`'s tries: the record as stored after the write, or the refusal to raise."""
    for _attempt in range(UPDATE_ATTEMPTS):
        if expected_versions is not None and men.version not in expected_versions:
            return PreconditionFailed()
        if unchanged(men, changes):
            return men
        now = timezone.now()
        values = {**changes, "version": men.version + 1, "time_update": now}
        with record_writing(RecordState.of(men), state_after(men, changes)):
            written = update_with_history(men, values, now=now, by=by)
        if written:
            break
        current = Men.objects.filter(pk=men.pk).first()
        if current is None:
            return NotFound()
        men = current
    else:
        return Conflict(_("The record is being changed by others; try again."))
    for name, value in changes.items():
        setattr(men, name, value)
    men.version, men.time_update = men.version + 1, now
    return men


def state_after(men: Men, changes: dict[str, Any]) -> RecordState:
    """The state of `men` once `changes` (model field names, a relation given as its instance) are written."""
    state = RecordState.of(men)
    written = {}
    for name, value in changes.items():
        field = cast(Field, Men._meta.get_field(name))
        if field.attname in RECORD_STATE_FIELDS:
            written[field.attname] = value.pk if field.is_relation and value is not None else value
    return dataclasses.replace(state, **written)


RECORD_STATE_FIELDS = frozenset(field.name for field in dataclasses.fields(RecordState))


def insert_with_history(men: Men) -> None:
    """INSERT the new record `men` and its history's first row (by the user django-simple-history names).

    On PostgreSQL one statement does both (`with_history`); elsewhere the ORM saves the record and
    django-simple-history answers its post_save. On PostgreSQL no post_save (nor django-simple-history's
    own signals) is sent: nothing here listens to them.
    """
    connection = connections[router.db_for_write(Men)]
    if connection.vendor != "postgresql":
        men.save(force_insert=True, using=connection.alias)
        return
    insert_sql, insert_params = record_insert(connection, men)  # stamps time_create and time_update
    by = history().model.get_default_history_user(men)
    reason = get_change_reason_from_object(men)
    men.pk = with_history(connection, insert_sql, insert_params, history_type="+", reason=reason, by=by)
    men._state.adding, men._state.db = False, connection.alias


def update_with_history(men: Men, values: dict[str, Any], *, now, by) -> bool:
    """UPDATE the record if it still has the version `men` was read at, and write its history row.

    On PostgreSQL one statement does both (`with_history`); elsewhere the ORM sends the two. A queryset
    update sends no signals, so django-simple-history writes nothing by itself. False: nothing matched.
    """
    connection = connections[router.db_for_write(Men)]
    if connection.vendor != "postgresql":
        if not Men.objects.filter(pk=men.pk, version=men.version).update(**values):
            return False
        stored = Men(**{field.attname: getattr(men, field.attname) for field in Men._meta.concrete_fields})
        for name, value in values.items():
            setattr(stored, name, value)
        history().bulk_history_create([stored], update=True, default_user=by, default_date=now)
        return True
    update_sql, update_params = versioned_update(connection, men, values)
    by = by if by is not None else history().model.get_default_history_user(men)  # as bulk_history_create does
    written = with_history(connection, update_sql, update_params, history_type="~", reason="", by=by, now=now)
    return written is not None


def with_history(connection, write_sql: str, params, *, history_type: str, reason: str | None, by, now=None):
    """Run `write_sql` (an INSERT or UPDATE of one record) and write the history row of what it stored,
    in one statement and one round trip: a writable CTE, the history row made from its RETURNING.

    The reason and type are django-simple-history's own: "+" rows have no reason, "~" rows an empty one.
    Returns the record's id, or None when the write matched nothing.
    """
    history_params = (now or timezone.now(), reason, history_type, getattr(by, "pk", None))
    with transaction.mark_for_rollback_on_error(connection.alias), statement_cursor(connection) as cursor:
        cursor.execute(with_history_sql(connection.alias).format(write=write_sql), (*params, *history_params))
        row = cursor.fetchone()
    return None if row is None else row[0]


@functools.cache
def with_history_sql(alias: str) -> str:
    """`WITH changed AS ({write} RETURNING …) INSERT INTO <history> … SELECT … FROM changed RETURNING id`.

    The history row holds the tracked columns as the write stored them, then the history's own four:
    date, change reason, type and user, each cast to its column's type (a bare parameter in a SELECT
    list would be text).
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    historical = history().model
    tracked = ", ".join(quote(field.column) for field in historical.tracked_fields)
    own = [historical._meta.get_field(name) for name in ("history_date", "history_change_reason", "history_type")]
    own.append(historical._meta.get_field("history_user"))
    own_columns = ", ".join(quote(field.column) for field in own)
    own_values = ", ".join(f"CAST(%s AS {field.cast_db_type(connection)})" for field in own)
    return (
        f"WITH changed AS ({{write}} RETURNING {tracked}) "
        f"INSERT INTO {quote(historical._meta.db_table)} ({tracked}, {own_columns}) "
        f"SELECT {tracked}, {own_values} FROM changed RETURNING {quote(Men._meta.pk.column)}"
    )


def men_delete(*, men: Men, expected_versions: Collection[int] | None) -> None:
    """Delete the record if it still has an expected version (its history keeps it restorable)."""
    with transaction.atomic(savepoint=False):
        deleted, _ = versioned(men.pk, expected_versions).delete()
        if deleted:
            record_written(RecordState.of(men), None)
    if not deleted:  # raised out here: a caller's transaction is not spoilt by a refusal that wrote nothing
        raise refused(expected_versions)


@transaction.atomic(savepoint=False)
def men_restore(*, men: Men) -> Men:
    """Put a deleted record back under its old id, as a new version (stale ETags stay stale)."""
    men.version += 1
    men.save(force_insert=True)
    record_written(None, RecordState.of(men))
    return men


@transaction.atomic(savepoint=False)
def men_delete_owned_by(*, owner) -> int:
    """Delete every record of `owner` (whose account is going away); returns how many.

    Each delete writes its history row (so the record stays in the history), with no author:
    the history row must not point at the user being deleted. Then the cached pages go.
    """
    records = list(Men.objects.filter(user=owner))
    states = [RecordState.of(men) for men in records]  # delete() forgets each record's pk
    for men in records:
        men._history_user = None  # simple_history reads the author from here before the request
        men.delete()
    records_written((state, None) for state in states)
    return len(records)
