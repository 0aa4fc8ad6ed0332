"""Which cached record answers a write makes stale (api.generations), as finely as correctness allows.

- A record's retrieve depends on that record's generation: a write to one record leaves every other
  record's cached retrieve alone.
- A list page depends on the published records' generation, and, for readers who see drafts, on the
  drafts' generation: a write renews the ones for the states the record had before and after it.
- A count depends on *membership* generations, one per (category, published or draft) and one per
  state across categories: only a create, a delete, a publish or unpublish or a change of category
  renews them, never an edit of a title; counts filtered by category depend on that category alone.
  A `search` count depends on membership too, and lives at most SEARCH_COUNT_SECONDS: an edit that
  changes what a term matches shows in the results at once, in their `count` within that time
  (counting every match of a broad term costs a scan; the page of results never does).
- A list page in an order no edit changes (newest first, by id), without `search`, is also vouched for
  by its membership and its own records (`list_vouchers`): after a write to another record it is checked
  against those in one round trip and served again, not read again from the database.
- `everything` is renewed by bulk loads: every answer depends on it.
Renewals happen before a write (inside its transaction, if it has one) and again once it is committed
(api.generations).
"""

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass

from api import generations

from .visibility import audience

EVERYTHING = "men:everything"
PUBLISHED_LISTS = "men:lists:published"
DRAFT_LISTS = "men:lists:drafts"


@dataclass(frozen=True)
class RecordState:
    """What a write changes that the cache cares about: the record, its category and whether it is published."""

    pk: int
    cat_id: int
    is_published: bool

    @classmethod
    def of(cls, men) -> "RecordState":
        return cls(men.pk, men.cat_id, men.is_published)


def record_generation(pk) -> str:
    return f"men:record:{pk}"


def members_generation(cat_id, is_published: bool) -> str:
    return f"men:members:{cat_id}:{'published' if is_published else 'drafts'}"


def lists_generation(is_published: bool) -> str:
    return PUBLISHED_LISTS if is_published else DRAFT_LISTS


def stale_after(before: RecordState | None, after: RecordState | None) -> set[str]:
    """The generations a write from `before` to `after` (None: absent) makes stale."""
    states = [state for state in (before, after) if state is not None]
    # A record not created yet (pk None) has no cached answers of its own: only 200 answers are kept.
    stale = {record_generation(state.pk) for state in states if state.pk is not None}
    stale |= {lists_generation(state.is_published) for state in states}
    membership_changed = (
        before is None
        or after is None
        or (before.cat_id, before.is_published)
        != (
            after.cat_id,
            after.is_published,
        )
    )
    if membership_changed:
        for state in states:
            stale |= {
                members_generation(state.cat_id, state.is_published),
                members_generation("all", state.is_published),
            }
    return stale


def record_written(before: RecordState | None, after: RecordState | None) -> None:
    """Call inside the writing transaction, for every record a write creates, changes or deletes."""
    generations.changed(stale_after(before, after))


def record_writing(before: RecordState | None, after: RecordState | None) -> contextlib.AbstractContextManager:
    """Around a write's statement, in a transaction or in autocommit (api.generations.changing)."""
    return generations.changing(stale_after(before, after))


def records_written(changes: Iterable[tuple[RecordState | None, RecordState | None]]) -> None:
    stale = set()
    for before, after in changes:
        stale |= stale_after(before, after)
    generations.changed(stale)


def everything_changed() -> None:
    """Call inside the writing transaction of a bulk change (e.g. `load_demo --count`)."""
    generations.changed({EVERYTHING})


def depends_on(view, scope_name: str) -> list[str] | None:
    """The generations a cached answer of `view` (a record viewset) depends on, for readers in `scope_name`
    (None: not cached, e.g. for an id no record can have)."""
    if view.action == "retrieve":
        pk = str(view.kwargs[view.lookup_url_kwarg or view.lookup_field])  # <int:pk> on the old routes
        if not (pk.isascii() and pk.isdigit() and len(pk) < 20):
            return None
        return [EVERYTHING, record_generation(pk)]
    return [EVERYTHING, *list_generations(scope_name)]


def list_generations(scope_name: str) -> list[str]:
    return [PUBLISHED_LISTS] if scope_name == "public" else [PUBLISHED_LISTS, DRAFT_LISTS]


def count_depends_on(user, cat: int | None, is_published: bool | None) -> list[str]:
    """The generations a list's `count` depends on, for this reader and these filters."""
    states = [True, False] if audience(user).sees_drafts else [True]
    if is_published is not None:
        states = [state for state in states if state == is_published]
    depends = [EVERYTHING, *(members_generation(cat or "all", state) for state in states)]
    return depends


# Orders that no edit changes: a page in such an order holds the same records until membership changes.
STABLE_ORDER_FIELDS = frozenset({"id", "time_create"})


def list_vouchers(view) -> list[str] | None:
    """What vouches for a list page after a write elsewhere (api.generations): its membership and every
    record its query read (menapp.pagination), where those alone decide it. An edit can move a record
    into a search's matches or along an order by title or time_update: such pages have no vouchers."""
    if view.action != "list":
        return None
    query = view.request.query_params
    ordering = [term.strip().lstrip("-") for term in query.get("ordering", "").split(",") if term.strip()]
    if "search" in query or not STABLE_ORDER_FIELDS.issuperset(ordering):
        return None
    paginator = view.paginator
    return [*paginator.membership, *(record_generation(pk) for pk in paginator.records_read)]


CATEGORIES = "categories"


def category_written(sender, **kwargs) -> None:
    """Categories change rarely and from anywhere (API, admin): any save or delete renews their answers."""
    generations.changed({CATEGORIES})


def owner_deleted(sender, instance, **kwargs) -> None:
    """A user is being deleted: their records go with them (the ORM's cascade), so their answers go stale."""
    from .models import Men

    states = [
        RecordState(*row) for row in Men.objects.filter(user=instance).values_list("pk", "cat_id", "is_published")
    ]
    records_written((state, None) for state in states)
