"""A generation-stamped cache value is served until the data behind it changes, and never after."""

from django.core.cache import cache
from django.db import transaction

from config.generations import Generation


def test_a_stored_value_is_served_while_its_generation_is_current(db):
    generation = Generation("test:generation")
    current, value = generation.lookup("test:value")
    assert value is None
    generation.store("test:value", current, "page", timeout=60)
    assert generation.lookup("test:value") == (current, "page")


def test_a_change_makes_every_stored_value_stale(db):
    generation = Generation("test:generation")
    current, _ = generation.lookup("test:value")
    generation.store("test:value", current, "page", timeout=60)
    generation.changed()
    assert generation.lookup("test:value")[1] is None


def test_a_value_read_while_a_change_was_uncommitted_is_not_served_after_the_commit(
    db, django_capture_on_commit_callbacks
):
    generation = Generation("test:generation")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            generation.changed()
            # Another reader, who still sees the rows as they were, looks up and reads them now...
            during, _ = generation.lookup("test:value")
    # ...and stores what it read after the writer committed.
    generation.store("test:value", during, "old page", timeout=60)
    assert generation.lookup("test:value")[1] is None


def test_with_the_cache_down_nothing_is_served_or_stored(db, monkeypatch):
    generation = Generation("test:generation")
    monkeypatch.setattr(cache, "get_many", lambda *a, **k: None)
    monkeypatch.setattr(cache, "get", lambda *a, **k: None)
    current, value = generation.lookup("test:value")
    assert (current, value) == (None, None)
    stored = []
    monkeypatch.setattr(cache, "set", lambda *a, **k: stored.append(a))
    generation.store("test:value", current, "page", timeout=60)
    assert stored == []


def test_an_expired_generation_turns_its_values_into_misses(db):
    generation = Generation("test:generation", timeout=60)
    current, _ = generation.lookup("test:value")
    generation.store("test:value", current, "page", timeout=60)
    cache.delete("test:generation")  # as expiry or eviction would
    assert generation.lookup("test:value")[1] is None
