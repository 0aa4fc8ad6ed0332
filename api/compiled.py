"""Querysets the ORM compiles once per database; each later call only sends the SQL with new values.

A request that asks the same question every time (whose token is this?) pays Django's compiler
about 0.5 ms for it (PostgreSQL, the user and blacklist query), more than the round trip. Django has
no prepared-query API, so `CompiledQuery` builds the queryset once with placeholder values, finds
where each value lands among the SQL's parameters, and later runs that SQL through `raw()`, which
builds the same model instances (annotations become attributes, as with the queryset).
"""

import functools
from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import RawQuerySet


class Slot(str):
    """Where a call's value goes among the compiled SQL's parameters."""


class CompiledQuery:
    """`build(**values)` is the queryset; `placeholders` are values no real call uses, one per name.

    A value goes wherever its placeholder landed, as often as it did (a build may leave one unused).
    Values are passed as the database stores them (a primary key, not a model instance): `raw()`
    sends them as they are.
    """

    def __init__(self, model: type[Model], build: Callable[..., QuerySet], **placeholders: Any):
        self.model = model
        self.build = build
        self.placeholders = placeholders

    def __call__(self, **values: Any) -> RawQuerySet:
        alias = router.db_for_read(self.model)
        sql, parameters = self.compiled(alias)
        params = [values[p] if isinstance(p, Slot) else p for p in parameters]
        return self.model._default_manager.raw(sql, params, using=alias)

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
