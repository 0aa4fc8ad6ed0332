"""A generation-stamped cache value is served until the data behind it changes, and never after."""

from django.core.cache import cache
from django.db import transaction

from api import generations

GENERATION = ["test:generation"]


def test_a_stored_value_is_served_while_its_generation_is_current(db):
    found = generations.lookup("test:value", GENERATION)
    assert found.value is None
    generations.store("test:value", found.tokens, "page", timeout=60)
    assert generations.lookup("test:value", GENERATION) == generations.Lookup(found.tokens, "page")


def test_a_change_makes_every_stored_value_stale(db):
    found = generations.lookup("test:value", GENERATION)
    generations.store("test:value", found.tokens, "page", timeout=60)
    generations.changed(GENERATION)
    assert generations.lookup("test:value", GENERATION).value is None


def test_a_value_depending_on_several_generations_is_stale_when_any_of_them_changes(db):
    depends = ["test:a", "test:b"]
    found = generations.lookup("test:value", depends)
    generations.store("test:value", found.tokens, "page", timeout=60)
    assert generations.lookup("test:value", depends).value == "page"
    generations.changed(["test:b"])
    assert generations.lookup("test:value", depends).value is None
    assert generations.lookup("test:value", ["test:a"]).value is None, "a value is only served under its own tokens"


def test_a_value_read_while_a_change_was_uncommitted_is_not_served_after_the_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        generations.changed(GENERATION)
        # Another reader, who still sees the rows as they were, looks up and reads them now...
        during = generations.lookup("test:value", GENERATION)
    # ...and stores what it read after the writer committed.
    generations.store("test:value", during.tokens, "old page", timeout=60)
    assert generations.lookup("test:value", GENERATION).value is None


def test_with_the_cache_down_nothing_is_served_or_stored(db, monkeypatch):
    monkeypatch.setattr(cache, "get_many", lambda *a, **k: None)
    monkeypatch.setattr(cache, "get", lambda *a, **k: None)
    found = generations.lookup("test:value", GENERATION)
    assert (found.tokens, found.value) == (None, None)
    stored = []
    monkeypatch.setattr(cache, "set", lambda *a, **k: stored.append(a))
    generations.store("test:value", found.tokens, "page", timeout=60)
    assert stored == []


def test_an_expired_generation_turns_its_values_into_misses(db):
    found = generations.lookup("test:value", GENERATION, timeout=60)
    generations.store("test:value", found.tokens, "page", timeout=60)
    cache.delete("test:generation")  # as expiry or eviction would
    assert generations.lookup("test:value", GENERATION).value is None


VOUCHER = ["test:record:1"]


def test_a_stale_value_whose_vouchers_have_not_moved_is_served_and_kept_under_the_new_tokens(db):
    found = generations.lookup("test:value", GENERATION)
    generations.store("test:value", found.tokens, "page", 60, vouched_by=VOUCHER, generations=GENERATION)
    generations.changed(GENERATION)  # a write to another record
    stale = generations.lookup("test:value", GENERATION)
    assert stale.value is None and stale.stale == generations.Stale("page", stale.stale.vouchers)
    assert generations.revalidate("test:value", stale, timeout=60) == generations.Lookup(stale.tokens, "page")
    assert generations.lookup("test:value", GENERATION) == generations.Lookup(stale.tokens, "page")


def test_a_stale_value_whose_voucher_moved_is_a_miss(db):
    found = generations.lookup("test:value", GENERATION)
    generations.store("test:value", found.tokens, "page", 60, vouched_by=VOUCHER, generations=GENERATION)
    generations.changed([*GENERATION, *VOUCHER])  # a write to one of its own records
    stale = generations.lookup("test:value", GENERATION)
    assert generations.revalidate("test:value", stale, timeout=60) == generations.Lookup(stale.tokens)


def test_vouchers_read_after_a_write_started_are_not_kept(db, django_capture_on_commit_callbacks):
    """A value read from rows a writer had not committed yet names no vouchers once the writer has begun."""
    found = generations.lookup("test:value", GENERATION)  # before the reader reads the rows
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        generations.changed([*GENERATION, *VOUCHER])
        # The reader stores what it read before the commit, its vouchers read now.
        generations.store("test:value", found.tokens, "old page", 60, vouched_by=VOUCHER, generations=GENERATION)
    stale = generations.lookup("test:value", GENERATION)
    assert stale.value is None and stale.stale is None
    assert generations.revalidate("test:value", stale, timeout=60).value is None


def test_vouchers_read_before_the_commit_are_moved_on_by_it(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        generations.changed([*GENERATION, *VOUCHER])
        # Another reader looks up, reads the old rows and stores them with vouchers, all before the commit.
        during = generations.lookup("test:value", GENERATION)
        generations.store("test:value", during.tokens, "old page", 60, vouched_by=VOUCHER, generations=GENERATION)
    stale = generations.lookup("test:value", GENERATION)
    assert generations.revalidate("test:value", stale, timeout=60).value is None
