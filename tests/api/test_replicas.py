"""The replica router (api.replicas): which reads may use the replica, and when a write is pinned.

PostgreSQL's WAL positions and Redis are replaced by fakes here; tests/cluster proves the same
promises against a real primary, replica and Redis (make cluster).
"""

import contextlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import DatabaseError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from api import generations, replicas
from menapp.cache import everything_changed
from menapp.models import Category, IdempotencyKey, Men

router = replicas.ReplicaRouter()


class FakePins:
    """The counters Redis as the router uses it: GET, and the raise-only script."""

    def __init__(self, pinned=None, down=False):
        self.pinned, self.down, self.gets = pinned, down, 0

    def get(self, key):
        self.gets += 1
        if self.down:
            raise replicas.redis.ConnectionError("down")
        return None if self.pinned is None else str(self.pinned).encode()


@pytest.fixture
def replica(monkeypatch):
    """A replica that has replayed `replica.replayed` (None: not a standby; an exception: down)."""

    class Replica:
        replayed: int | None | Exception = 100
        queries = 0

    def replayed_position():
        Replica.queries += 1
        if isinstance(Replica.replayed, Exception):
            raise Replica.replayed
        return Replica.replayed

    monkeypatch.setattr(replicas, "replayed_position", replayed_position)
    monkeypatch.setattr(replicas, "close_quietly", lambda alias: None)
    monkeypatch.setattr(replicas, "_replica_down_until", 0.0)
    yield Replica
    if replicas.track_writes in connection.execute_wrappers:
        connection.execute_wrappers.remove(replicas.track_writes)


def use_pins(monkeypatch, pins):
    monkeypatch.setattr(replicas, "pins", lambda: pins)


def read_in_request(method="GET", models=(Men,)):
    """Where each model's read goes inside one request through ReplicaMiddleware."""
    routed = []

    def view(request):
        routed.extend(router.db_for_read(model) for model in models)
        return None

    replicas.ReplicaMiddleware(view)(RequestFactory().generic(method, "/api/v1/men/"))
    return routed


def test_a_read_uses_the_replica_once_it_has_replayed_the_last_write(monkeypatch, replica):
    use_pins(monkeypatch, FakePins(pinned=100))
    assert read_in_request() == ["replica"]


def test_a_read_uses_the_primary_while_the_replica_is_behind_the_last_write(monkeypatch, replica):
    use_pins(monkeypatch, FakePins(pinned=101))
    assert read_in_request() == ["default"]


def test_reads_use_the_primary_before_any_write_is_pinned(monkeypatch, replica):
    use_pins(monkeypatch, FakePins(pinned=None))
    assert read_in_request() == ["default"]


def test_reads_use_the_primary_when_redis_is_down_or_not_configured(monkeypatch, replica):
    use_pins(monkeypatch, FakePins(pinned=1, down=True))
    assert read_in_request() == ["default"]
    use_pins(monkeypatch, None)
    assert read_in_request() == ["default"]


def test_a_replica_that_is_not_a_standby_is_not_read(monkeypatch, replica):
    use_pins(monkeypatch, FakePins(pinned=1))
    replica.replayed = None  # pg_last_wal_replay_lsn() is NULL on a primary (a promoted replica)
    assert read_in_request() == ["default"]


def test_a_replica_that_is_down_is_skipped_and_not_retried_at_once(monkeypatch, replica):
    use_pins(monkeypatch, FakePins(pinned=1))
    replica.replayed = DatabaseError("connection refused")
    assert read_in_request() == ["default"]
    assert read_in_request() == ["default"]
    assert replica.queries == 1


def test_a_request_asks_the_replica_and_redis_once_whatever_it_reads(monkeypatch, replica):
    pins = FakePins(pinned=50)
    use_pins(monkeypatch, pins)
    assert read_in_request(models=(Men, Category, Men, Category)) == ["replica"] * 4
    assert (replica.queries, pins.gets) == (1, 1)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_every_read_of_an_unsafe_request_uses_the_primary(monkeypatch, replica, method):
    use_pins(monkeypatch, FakePins(pinned=1))
    assert read_in_request(method, models=(Men, Category)) == ["default", "default"]
    assert replica.queries == 0


@pytest.mark.parametrize("model", [get_user_model(), Token, OutstandingToken, Session, IdempotencyKey])
def test_authentication_and_idempotency_keys_are_read_from_the_primary(monkeypatch, replica, model):
    use_pins(monkeypatch, FakePins(pinned=1))
    assert read_in_request(models=(model,)) == ["default"]


def test_reads_outside_a_request_and_inside_a_transaction_use_the_primary(monkeypatch, replica, db):
    use_pins(monkeypatch, FakePins(pinned=1))
    assert router.db_for_read(Men) == "default"  # a Celery task, a management command
    routed = []

    def view(request):
        with transaction.atomic():
            routed.append(router.db_for_read(Men))
        return None

    replicas.ReplicaMiddleware(view)(RequestFactory().get("/api/v1/men/"))
    assert routed == ["default"]


def test_writes_go_to_the_primary_and_the_replica_is_never_migrated(replica):
    assert router.db_for_write(Men) == "default"
    assert router.allow_migrate("replica", "menapp") is False
    assert router.allow_migrate("default", "menapp") is None


# Real commits (no test transaction around the test), as in a request.
@pytest.mark.django_db(transaction=True)
def test_a_committed_write_is_pinned_before_the_cache_generation_moves_on(monkeypatch, replica):
    owner = get_user_model().objects.create_user("pinned-owner", password="x")
    category = Category.objects.create(name="Pinned")
    events = []
    monkeypatch.setattr(replicas, "raise_pin", lambda conn: events.append("pin"))
    monkeypatch.setattr(generations, "renew", lambda *args, **kwargs: events.append("generation"))
    router.db_for_write(Men)  # installs the write tracking on this connection
    with transaction.atomic():
        everything_changed()  # the cache's on_commit renewal is registered before the INSERT
        Men.objects.create(title="Pinned", content="x", cat=category, user=owner)
        Men.objects.filter(title="Pinned").update(content="y")
        before_commit = len(events)
    assert "pin" not in events[:before_commit]
    at_commit = events[before_commit:]
    # The pin first, then the generation's renewals; one pin per transaction, however many writes.
    assert at_commit[0] == "pin" and at_commit.count("pin") == 1 and "generation" in at_commit


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_is_not_pinned_and_the_next_commit_is(monkeypatch, replica):
    owner = get_user_model().objects.create_user("rollback-owner", password="x")
    category = Category.objects.create(name="Rollback")
    events = []
    monkeypatch.setattr(replicas, "raise_pin", lambda conn: events.append("pin"))
    router.db_for_write(Men)
    with pytest.raises(RuntimeError), transaction.atomic():
        Men.objects.create(title="Rolled back", content="x", cat=category, user=owner)
        raise RuntimeError
    assert events == []
    with transaction.atomic():
        Men.objects.create(title="Committed", content="x", cat=category, user=owner)
    assert events == ["pin"]


def test_reads_are_not_pinned(monkeypatch, replica, men):
    events = []
    monkeypatch.setattr(replicas, "raise_pin", lambda conn: events.append("pin"))
    router.db_for_write(Men)
    with transaction.atomic():
        list(Men.objects.all())
        Men.objects.select_for_update().filter(pk=men.pk).exists()
    assert events == []


def replica_query_fails(*args):
    raise OperationalError("the replica went away")


def test_a_safe_request_whose_replica_fails_midway_is_answered_again_from_the_primary(monkeypatch, replica):
    use_pins(monkeypatch, FakePins(pinned=1))
    routed = []

    def view(request):
        routed.append(router.db_for_read(Men))
        if routed[-1] == replicas.REPLICA:
            try:
                replicas.notice_failures(replica_query_fails, "SELECT 1", None, False, {})
            except OperationalError:
                return HttpResponse(status=503)
        return HttpResponse("from the primary")

    response = replicas.ReplicaMiddleware(view)(RequestFactory().get("/api/v1/men/"))
    assert (response.status_code, routed) == (200, [replicas.REPLICA, replicas.PRIMARY])
    assert read_in_request() == [replicas.PRIMARY], "and the replica is left alone for a while"


def test_an_unsafe_request_is_never_run_twice(monkeypatch, replica):
    use_pins(monkeypatch, FakePins(pinned=1))
    calls = []

    def view(request):
        calls.append(request.method)
        replicas._request.get().replica_failed = True  # whatever failed, a write is not sent again
        return HttpResponse(status=503)

    response = replicas.ReplicaMiddleware(view)(RequestFactory().post("/api/v1/men/"))
    assert (response.status_code, calls) == (503, ["POST"])


def test_a_replica_found_down_by_the_freshness_check_does_not_run_the_request_twice(monkeypatch, replica):
    use_pins(monkeypatch, FakePins(pinned=1))
    calls = []

    def view(request):
        calls.append(request.method)
        # The freshness check's query fails: the request reads the primary from the start.
        with contextlib.suppress(OperationalError):
            replicas.notice_failures(replica_query_fails, "SELECT 1", None, False, {})
        return HttpResponse("from the primary")

    response = replicas.ReplicaMiddleware(view)(RequestFactory().get("/api/v1/men/"))
    assert (response.status_code, calls) == (200, ["GET"])
