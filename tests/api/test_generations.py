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
    monkeypatch.setattr(generations, "fetch", lambda keys: None)  # a lookup's own round trip (Redis: MGET)
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


def test_a_generation_renewed_with_a_timeout_lasts_that_long(db, monkeypatch):
    generations.renew(["test:short", "test:other"], timeout=30)
    assert all(cache.get(name) for name in ("test:short", "test:other"))
    if hasattr(cache, "ttl"):  # Redis: the renewal's own SETs carry the expiry
        assert all(0 < cache.ttl(name) <= 30 for name in ("test:short", "test:other"))
    else:
        import time

        later = time.time() + 31
        monkeypatch.setattr("django.core.cache.backends.filebased.time.time", lambda: later)
        assert cache.get("test:short") is None


def test_a_generation_renewed_without_a_timeout_stays(db):
    generations.renew(["test:long"])
    if hasattr(cache, "ttl"):
        assert cache.ttl("test:long") is None, "until evicted"
    assert cache.get("test:long")


def test_with_redis_down_a_renewal_is_logged_and_the_write_goes_on(monkeypatch, caplog):
    class RedisCache:  # what `renew` uses of django-redis's cache
        client = type("Client", (), {"encode": staticmethod(lambda value: value)})()
        make_key = staticmethod(lambda name: f":1:{name}")

    sent = []

    def unreachable(*commands):
        sent.append(commands)
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(generations, "cache", RedisCache())
    monkeypatch.setattr(generations.cache_connection, "call", unreachable)
    generations.renew(["test:a", "test:b"])
    [(command,)] = sent
    assert command[0] == "MSET" and command[1::2] == (":1:test:a", ":1:test:b"), "one command for every generation"
    assert "not renewed" in caplog.text
