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
