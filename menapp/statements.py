"""The SQL of a record's INSERT and versioned UPDATE, compiled by the ORM once and sent again with new values.

Building and compiling an UpdateQuery or InsertQuery is a tenth of a write's Python, and its SQL
depends only on the database and on which fields are written. So the ORM compiles each statement
the first time, and later writes prepare their values exactly as its compiler does: a related
instance becomes its key (`prepare_database_save`), then each field's `get_db_prep_save`, after
`pre_save` for an INSERT (which stamps `auto_now` times on the instance). The first compilation
checks that its parameters are exactly the ones prepared that way; statements whose SQL holds a
value itself (NULL, an expression) are never kept.
"""

from typing import Any

from django.db.models import Field, Model
from django.db.models.sql import InsertQuery, UpdateQuery

from .models import Men

Statement = tuple[str, list]
compiled: dict[tuple, str] = {}


def insert_columns() -> list[Field]:
    return [field for field in Men._meta.local_concrete_fields if field is not Men._meta.auto_field]


def record_insert(connection, men: Men) -> Statement:
    """`INSERT INTO menapp_men (…) VALUES (…)` for the new record `men` (its times are stamped now)."""
    key = ("insert", connection.alias)
    sql = compiled.get(key)
    columns = insert_columns()
    if sql is not None:
        return sql, [prepared(field, field.pre_save(men, True), connection) for field in columns]
    query = InsertQuery(Men)
    query.insert_values(columns, [men])
    [(sql, params)] = query.get_compiler(connection=connection).as_sql()  # runs each pre_save
    keep(key, sql, params, [prepared(field, getattr(men, field.attname), connection) for field in columns])
    return sql, list(params)


def versioned_update(connection, men: Men, values: dict[str, Any]) -> Statement:
    """`UPDATE menapp_men SET <values> WHERE id = <men's> AND version = <as men was read>`."""
    key = ("update", connection.alias, tuple(values))
    sql = compiled.get(key) if all(map(is_plain, values.values())) else None
    if sql is not None:
        params = [prepared(Men._meta.get_field(name), value, connection) for name, value in values.items()]
        return sql, [*params, men.pk, men.version]
    query = Men.objects.filter(pk=men.pk, version=men.version).query.chain(UpdateQuery)
    query.add_update_values(values)
    sql, compiled_params = query.get_compiler(connection=connection).as_sql()
    if all(map(is_plain, values.values())):
        params = [prepared(Men._meta.get_field(name), value, connection) for name, value in values.items()]
        keep(key, sql, compiled_params, [*params, men.pk, men.version])
    return sql, list(compiled_params)


def prepared(field: Field, value: Any, connection) -> Any:
    if isinstance(value, Model):
        value = value.prepare_database_save(field)
    return field.get_db_prep_save(value, connection=connection)


def is_plain(value: Any) -> bool:
    """A value the compiler sends as a parameter, not one it writes into the SQL (NULL, an expression)."""
    return value is not None and not hasattr(value, "resolve_expression")


def keep(key: tuple, sql: str, compiled_params, params: list) -> None:
    """Keep `sql` for later writes if its parameters are the prepared values, one for one."""
    if all(map(is_plain, params)) and list(compiled_params) == params:
        compiled[key] = sql
