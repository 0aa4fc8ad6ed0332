"""accounts.throttling: one count per request whatever asks, the per-username count, failing closed."""

from django.test import RequestFactory
from rest_framework.test import APIClient

from accounts import throttling
from api import counters as counter_stores
from api.counters import Count, RedisCounters, counters

from ..conftest import PASSWORD


def address_count(address="127.0.0.1") -> int:
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    return counters().peek(throttling.LoginRateThrottle().get_cache_key(request, None)).hits


def test_a_wrong_guess_counts_once_for_the_address_and_once_for_the_username(owner):
    # The DRF throttle, the backend and User.check_password all ask; the request is one attempt.
    assert APIClient().post("/api/v1/token/", {"username": "Owner", "password": "wrong"}).status_code == 401
    assert address_count() == 1
    assert counters().peek(throttling.failures_key("OWNER")).hits == 1


def test_a_right_password_counts_for_the_address_only(owner):
    assert APIClient().post("/api/v1/token/", {"username": "owner", "password": PASSWORD}).status_code == 200
    assert address_count() == 1
    assert counters().peek(throttling.failures_key("owner")) == Count(0, 0.0)


def test_peek_reads_what_the_configured_store_counted_without_counting(db):
    store = counters()
    for _ in range(3):
        store.hit([("throttle_login_probe", 60)])
    peeked = store.peek("throttle_login_probe")
    assert peeked.hits == 3 and 0 < peeked.remaining <= 60
    assert store.peek("throttle_login_probe").hits == 3


def test_when_redis_is_unreachable_logins_are_refused_and_reads_served(owner, monkeypatch):
    def unreachable(alias):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr("django_redis.get_redis_connection", unreachable)
    monkeypatch.setattr(counter_stores, "_store", RedisCounters("redis://127.0.0.1:6379/15", shares_cache=True))
    refused = APIClient().post("/api/v1/token/", {"username": "owner", "password": PASSWORD})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert APIClient().get("/api/v1/men/").status_code == 200
