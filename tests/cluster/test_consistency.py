"""Drills 2 and 4 (lag): the next read after a write sees it, on every instance, replica or not."""

import uuid

import httpx
import pytest

from .conftest import (
    FIGURES,
    INSTANCES,
    NGINX,
    Account,
    create_record,
    primary,
    replica,
    replica_caught_up,
    wait_until,
)

pytestmark = pytest.mark.cluster

ROUNDS = 30


def title_seen(base: str, pk: int, headers: dict | None = None) -> str:
    response = httpx.get(f"{base}/api/v1/men/{pk}/", headers=headers or {}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["title"]


def lag_bytes() -> int:
    (position,) = primary("SELECT (pg_current_wal_lsn() - '0/0')::bigint")[0]
    (replayed,) = replica("SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint")[0]
    return position - replayed


@pytest.fixture
def replay_paused(cluster_env):
    wait_until("the replica catches up", replica_caught_up)
    replica("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        replica("SELECT pg_wal_replay_resume()")
        wait_until("the replica catches up after the pause", replica_caught_up)


def test_reads_are_served_by_the_replica_while_it_has_replayed_the_last_write(account, category_id, replay_paused):
    """Proof that the replica answers: a row written behind the service's back, on the primary only
    (no pin raised), is invisible to the service's reads while replay is paused."""
    marker = uuid.uuid4().hex
    (category,) = primary("SELECT id FROM menapp_category LIMIT 1")[0]
    primary(
        "INSERT INTO menapp_men (title, content, time_create, time_update, is_published, cat_id, user_id, version)"
        " VALUES (%s, 'Out of band.', now(), now(), true, %s, %s, 1)",
        (f"Out of band {marker}", category, account.id),
    )
    for base in INSTANCES:
        found = httpx.get(f"{base}/api/v1/men/", params={"search": marker, "page_size": 5}, timeout=10).json()
        assert found["count"] == 0  # served by the paused replica, which has not seen the row


def test_a_write_through_one_instance_is_seen_by_the_next_read_through_any_other(account, category_id):
    reader = Account("reader")
    created = create_record(INSTANCES[0], account, category_id, "Round 0")
    assert created.status_code == 201, created.text
    pk, checked = created.json()["id"], 0
    for n in range(1, ROUNDS + 1):
        title = f"Round {n} {uuid.uuid4().hex[:6]}"
        patched = httpx.patch(f"{INSTANCES[n % 3]}/api/v1/men/{pk}/", json={"title": title}, headers=account.bearer)
        assert patched.status_code == 200, patched.text
        # The writer, an anonymous reader and another user, each through another instance (and nginx).
        assert title_seen(INSTANCES[(n + 1) % 3], pk, account.bearer) == title
        assert title_seen(INSTANCES[(n + 2) % 3], pk) == title
        assert title_seen(NGINX, pk, reader.bearer) == title
        checked += 1
    FIGURES["write then read elsewhere"] = {"writes": ROUNDS, "reads": 3 * ROUNDS, "writes_checked": checked}


def test_with_replication_paused_no_reader_sees_its_own_write_missing(replay_paused, category_id):
    writers = [Account("lag") for _ in range(3)]
    checked = 0
    for n in range(12):
        writer = writers[n % 3]
        title = f"Lagged {n} {uuid.uuid4().hex[:6]}"
        created = create_record(INSTANCES[n % 3], writer, category_id, title)
        assert created.status_code == 201, created.text
        pk = created.json()["id"]
        for base in INSTANCES:
            assert title_seen(base, pk, writer.bearer) == title
            assert title_seen(base, pk) == title
        listed = httpx.get(f"{INSTANCES[(n + 1) % 3]}/api/v1/men/", params={"search": title}, headers=writer.bearer)
        assert listed.json()["count"] == 1
        checked += 1
    (paused,) = replica("SELECT pg_is_wal_replay_paused()")[0]
    lag = lag_bytes()
    FIGURES["replication lag"] = {"writes_checked": checked, "reads": checked * 7, "replay_paused": paused,
                                  "lag_bytes_injected": lag}  # fmt: skip
    assert paused and lag > 0  # the replica really was behind the whole time
