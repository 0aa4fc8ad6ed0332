"""Throttles: scoped limits counted atomically in a store shared by every worker (api.counters, api.throttling)."""

import threading

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.throttling import LoginRateThrottle
from api import counters as counter_stores
from api.counters import Count, RedisCounters, SqliteCounters, counters
from menapp.models import Men

from ..conftest import PASSWORD


@pytest.fixture
def rates(monkeypatch):
    """`rates(create="2/min")` sets throttle rates for this test only."""

    def set_rates(**scoped):
        for scope, rate in scoped.items():
            monkeypatch.setitem(LoginRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rates


def record(category, title="Запись"):
    return {"title": title, "content": "Текст", "cat": category.pk}


def test_record_creation_has_its_own_limit_shared_by_the_alias_route(client_for, category, rates):
    rates(create="2/min")
    client = client_for("owner")
    assert client.post("/api/v1/men/", record(category)).status_code == 201
    assert client.post("/api/v1/menlist/", record(category)).status_code == 201
    for route in ("/api/v1/men/", "/api/v1/menlist/"):
        refused = client.post(route, record(category))
        assert refused.status_code == 429
        assert "detail" in refused.json()
        assert 0 < int(refused["Retry-After"]) <= 60
    assert Men.objects.count() == 2


def test_the_create_limit_counts_only_creation_and_only_per_user(client_for, men, category, rates):
    rates(create="1/min")
    owner = client_for("owner")
    assert owner.post("/api/v1/men/", record(category)).status_code == 201
    assert owner.get("/api/v1/men/").status_code == 200
    assert owner.patch(f"/api/v1/men/{men.pk}/", {"title": "Правка"}).status_code == 200
    assert owner.post("/api/v1/men/", record(category)).status_code == 429
    assert client_for("user").post("/api/v1/men/", record(category)).status_code == 201, "another user's budget"


def test_anonymous_clients_get_a_json_429_with_retry_after(api_client, db, rates):
    rates(anon="3/hour")
    assert [api_client.get("/api/v1/men/").status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = api_client.get("/api/v1/categories/")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert "detail" in refused.json()
    assert 3500 < int(refused["Retry-After"]) <= 3600


def test_authenticated_users_have_their_own_limit(client_for, db, rates):
    rates(user="2/min", anon="100/min")
    owner = client_for("owner")
    assert [owner.get("/api/v1/men/").status_code for _ in range(3)] == [200, 200, 429]
    assert client_for("user").get("/api/v1/men/").status_code == 200


def test_a_made_up_forwarded_for_header_does_not_dodge_the_login_throttle(owner, rates):
    rates(login="2/min")
    credentials = {"username": "owner", "password": "wrong-password"}
    statuses = [
        APIClient().post("/api/v1/token/", credentials, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 429, 429]


def test_login_limit_refuses_a_correct_password_too_once_spent(owner, rates):
    rates(login="1/min")
    assert APIClient().post("/api/v1/token/", {"username": "owner", "password": "nope"}).status_code == 401
    assert APIClient().post("/api/v1/token/", {"username": "owner", "password": PASSWORD}).status_code == 429


def hammer(store, key, threads=8, hits=50):
    """`threads` threads, each with its own connection, hit one counter; returns every count seen."""
    seen, barrier = [], threading.Barrier(threads)

    def work():
        barrier.wait()
        seen.extend(store.hit([(key, 60)]).counts[0].hits for _ in range(hits))

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return seen


def test_sqlite_counters_never_lose_or_repeat_a_hit_under_concurrency(tmp_path):
    seen = hammer(SqliteCounters(tmp_path / "throttle.sqlite3"), "throttle_test")
    assert sorted(seen) == list(range(1, 401)), "every hit got its own number: none lost, none repeated"


def test_the_configured_counter_store_never_loses_or_repeats_a_hit(db):
    """SQLite file on the default pass, Redis on the PostgreSQL + Redis pass."""
    store = counters()
    assert isinstance(store, RedisCounters if settings.REDIS_URL else SqliteCounters)
    seen = hammer(store, "throttle_configured")
    assert sorted(seen) == list(range(1, 401))


def test_a_window_starts_again_once_its_period_is_over(tmp_path, monkeypatch):
    store = SqliteCounters(tmp_path / "throttle.sqlite3")
    clock = [1000.0]
    monkeypatch.setattr(counter_stores.time, "time", lambda: clock[0])
    assert [store.hit([("k", 60)]).counts[0].hits for _ in range(3)] == [1, 2, 3]
    assert store.hit([("k", 60)]).counts == (Count(4, 60.0),)
    clock[0] += 30
    assert store.hit([("k", 60)]).counts == (Count(5, 30.0),)
    clock[0] += 30
    assert store.hit([("k", 60)]).counts == (Count(1, 60.0),)


def test_one_hit_counts_several_keys_in_one_transaction(tmp_path):
    store = SqliteCounters(tmp_path / "throttle.sqlite3")
    store.hit([("a", 60)])
    assert [count.hits for count in store.hit([("a", 60), ("b", 60)]).counts] == [2, 1]


def test_when_redis_is_down_requests_are_served_and_redis_is_not_asked_on_every_request(
    api_client, db, rates, monkeypatch
):
    rates(anon="1/hour")
    calls = []

    def unreachable(alias):
        calls.append(alias)
        raise ConnectionError("Redis is down")

    monkeypatch.setattr("django_redis.get_redis_connection", unreachable)
    redis_counters = RedisCounters("redis://127.0.0.1:6379/15", shares_cache=True)
    monkeypatch.setattr(counter_stores, "_store", redis_counters)
    assert all(api_client.get("/api/v1/men/").status_code == 200 for _ in range(5))
    assert len(calls) == 1, "after one failure, Redis is left alone for a while"


class BreakingConnection:
    """A Redis connection whose next `fails` commands find the socket closed by the server."""

    def __init__(self, fails: int):
        self.fails, self.sent, self.disconnects = fails, [], 0

    def send_command(self, *args):
        import redis

        self.sent.append(args[0])
        if self.fails:
            self.fails -= 1
            raise redis.ConnectionError("Connection closed by server.")

    def read_response(self):
        return [[[1, 60000]], []]

    def disconnect(self):
        self.disconnects += 1


def test_a_redis_connection_that_broke_since_its_last_use_is_opened_again_once(monkeypatch):
    store = RedisCounters("redis://127.0.0.1:6379/15", shares_cache=False)
    connection = BreakingConnection(fails=1)
    monkeypatch.setattr(store.wire, "connection", lambda: connection)
    assert store.hit([("k", 60)]).counts == (Count(1, 60.0),)
    assert connection.sent == ["EVAL", "EVAL"] and connection.disconnects == 1
    connection.fails = 2
    assert store.hit([("k", 60)]) is None, "a second failure in a row: unavailable, the throttles decide"
    assert connection.disconnects == 3


def test_a_redis_timeout_is_not_sent_again_the_server_may_have_counted_it(monkeypatch):
    import redis

    store = RedisCounters("redis://127.0.0.1:6379/15", shares_cache=False)
    connection = BreakingConnection(fails=0)

    def times_out():
        raise redis.TimeoutError("Timeout reading from socket")

    connection.read_response = times_out
    monkeypatch.setattr(store.wire, "connection", lambda: connection)
    assert store.hit([("k", 60)]) is None
    assert connection.sent == ["EVAL"] and connection.disconnects == 1


@pytest.mark.parametrize("path", ["/api/v1/auth/users/reset_username/", "/api/v1/auth/users/reset_username_confirm/"])
def test_username_resets_count_against_the_login_throttle(api_client, db, rates, path):
    rates(login="2/min")
    answers = [api_client.post(path, {"email": "nobody@example.com"}).status_code for _ in range(3)]
    assert 429 not in answers[:2]
    assert answers[2] == 429


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("10.0.0.9", "1.2.3.4", [], "10.0.0.9"),  # a direct client cannot name another address
        ("127.0.0.1", "1.2.3.4", ["127.0.0.1"], "1.2.3.4"),  # nginx on loopback says who the client is
        ("127.0.0.1", "6.6.6.6, 1.2.3.4", ["127.0.0.1"], "1.2.3.4"),  # the client's own made-up hop is ignored
        ("127.0.0.1", "1.2.3.4, 10.1.2.3", ["127.0.0.1", "10.0.0.0/8"], "1.2.3.4"),  # a chain of trusted proxies
        ("127.0.0.1", "", ["127.0.0.1"], "127.0.0.1"),
    ],
)
def test_the_client_address_comes_from_x_forwarded_for_only_through_trusted_proxies(
    settings, peer, forwarded, trusted, expected
):
    from django.test import RequestFactory

    from api.throttling import client_address

    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
