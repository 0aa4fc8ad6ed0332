"""Querysets the ORM compiles once per database; each later call only sends the SQL with new values.

A request that asks the same question every time (whose token is this?) pays Django's compiler
about 0.5 ms for it (PostgreSQL, the user and blacklist query), more than the round trip. Django has
no prepared-query API, so `CompiledQuery` builds the queryset once with placeholder values, finds
where each value lands among the SQL's parameters, and later sends that SQL again. Its rows become
model instances as `raw()` makes them (annotations become attributes, as with the queryset); what
RawQuerySet works out again for every call from the cursor's columns (which column feeds which field,
the converters) is worked out once per connection (`Reading`).
"""

import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import exceptions
from django.db import connections, router
from django.db.models import Model, QuerySet


def statement_cursor(connection):
    """The cursor for a statement sent again and again: the backend's own for that (api.postgresql: it is
    prepared once per connection where the connection may keep prepared statements), or Django's."""
    cursor = getattr(connection, "statement_cursor", None)
    return cursor() if cursor is not None else connection.cursor()


class Slot(str):
    """Where a call's value goes among the compiled SQL's parameters."""


class CompiledQuery:
    """`build(**values)` is the queryset; `placeholders` are values no real call uses, one per name.

    A value goes wherever its placeholder landed, as often as it did (a build may leave one unused).
    Values are passed as the database stores them (a primary key, not a model instance): they are
    sent as `raw()` sends them. A call returns the instances, as a list.
    """

    def __init__(self, model: type[Model], build: Callable[..., QuerySet], **placeholders: Any):
        self.model = model
        self.build = build
        self.placeholders = placeholders
        # Per connection: the converters are its backend's own (bound to it), and connections are per thread.
        self.readings: weakref.WeakKeyDictionary[Any, Reading] = weakref.WeakKeyDictionary()

    def __call__(self, **values: Any) -> list[Model]:
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        sql, parameters = self.compiled(alias)
        # As RawQuery does: adapted to the database as far as a value's type allows.
        params = tuple(connection.ops.adapt_unknown_value(values[p] if isinstance(p, Slot) else p) for p in parameters)
        with statement_cursor(connection) as cursor:
            cursor.execute(sql, params)
            reading = self.readings.get(connection)
            if reading is None:
                reading = self.readings[connection] = Reading.of(self.model, connection, cursor.description)
            rows = cursor.fetchall()
        return [reading.instance(alias, connection, row) for row in rows]

    @functools.cache  # noqa: B019 - one per database; the instances live as long as the process anyway
    def compiled(self, alias: str) -> tuple[str, tuple]:
        queryset = self.build(**self.placeholders)
        sql, params = queryset.query.get_compiler(connection=connections[alias]).as_sql()
        return sql, tuple(self.slot_of(param) for param in params)

    def slot_of(self, param: Any) -> Any:
        for name, placeholder in self.placeholders.items():
            if isinstance(param, type(placeholder)) and param == placeholder:
                return Slot(name)
        return param


@dataclass(frozen=True)
class Reading:
    """How a row of one SQL's result becomes a model instance, as `raw()` makes it
    (django.db.models.query.RawModelIterable), worked out from the cursor's columns."""

    model: type[Model]
    init_names: tuple[str, ...]  # the fields' attnames, in the model's order
    init_positions: tuple[int, ...]  # where each one's value is in a row
    annotations: tuple[tuple[str, int], ...]  # columns that are no field: set as attributes
    converters: tuple[tuple[int, tuple, Any], ...]  # (position, converters, the column's expression)

    @classmethod
    def of(cls, model: type[Model], connection, description) -> "Reading":
        converter = connection.introspection.identifier_converter
        columns = [converter(column[0]) for column in description]
        model_fields = {converter(field.column): field for field in model._meta.fields}
        init_fields = [field for field in model._meta.fields if converter(field.column) in columns]
        if model._meta.pk not in init_fields:
            raise exceptions.FieldDoesNotExist("Raw query must include the primary key")
        converters = []
        for position, column in enumerate(columns):
            field = model_fields.get(column)
            if field is None:
                continue
            expression = field.get_col(field.model._meta.db_table)
            found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            if found:
                converters.append((position, tuple(found), expression))
        return cls(
            model,
            tuple(field.attname for field in init_fields),
            tuple(columns.index(converter(field.column)) for field in init_fields),
            tuple((column, position) for position, column in enumerate(columns) if column not in model_fields),
            tuple(converters),
        )

    def instance(self, alias: str, connection, row) -> Model:
        values = list(row)
        for position, converters, expression in self.converters:
            value = values[position]
            for convert in converters:
                value = convert(value, expression, connection)
            values[position] = value
        instance = self.model.from_db(alias, self.init_names, [values[position] for position in self.init_positions])
        for column, position in self.annotations:
            setattr(instance, column, values[position])
        return instance
