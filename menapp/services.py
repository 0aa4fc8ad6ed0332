"""Writes to records that must be atomic: each one is a single conditional statement (optimistic concurrency)."""

from collections.abc import Collection
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.exceptions import NotFound

from config.exceptions import PreconditionFailed

from .cache import catalog_changed
from .models import Men


def versioned(men: Men, expected_versions: Collection[int] | None):
    rows = Men.objects.filter(pk=men.pk)
    return rows if expected_versions is None else rows.filter(version__in=expected_versions)


def refused(expected_versions: Collection[int] | None) -> Exception:
    """Nothing matched: the record moved on (412) or, with no precondition, it is gone (404)."""
    return NotFound() if expected_versions is None else PreconditionFailed()


# savepoint=False: inside the request's transaction a savepoint would only add two round trips.
@transaction.atomic(savepoint=False)
def men_update(*, men: Men, changes: dict[str, Any], expected_versions: Collection[int] | None, by) -> Men:
    """Write only the fields in `changes` and bump the version, in one UPDATE … WHERE version IN (…)."""
    updated = versioned(men, expected_versions).update(**changes, version=F("version") + 1, time_update=timezone.now())
    if not updated:
        raise refused(expected_versions)
    men.refresh_from_db()
    # A queryset update sends no signals: the history row and the cache invalidation happen here.
    Men.history.bulk_history_create([men], update=True, default_user=by)
    catalog_changed()
    return men


@transaction.atomic(savepoint=False)
def men_delete(*, men: Men, expected_versions: Collection[int] | None) -> None:
    """Delete the record if it still has an expected version (its history keeps it restorable)."""
    deleted, _ = versioned(men, expected_versions).delete()
    if not deleted:
        raise refused(expected_versions)


@transaction.atomic
def men_delete_owned_by(*, owner) -> int:
    """Delete every record of `owner` (whose account is going away); returns how many.

    Each delete writes its history row (so the record stays in the history), with no author:
    the history row must not point at the user being deleted. Then the cached pages go.
    """
    records = list(Men.objects.filter(user=owner))
    for men in records:
        men._history_user = None  # simple_history reads the author from here before the request
        men.delete()
    if records:
        catalog_changed()
    return len(records)
