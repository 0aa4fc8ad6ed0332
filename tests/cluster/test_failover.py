"""Drills 3, 4 and 5: an instance killed, the replica stopped, Redis restarted, each under steady load."""

import time
import uuid

import httpx
import pytest

from .conftest import (
    FIGURES,
    NGINX,
    STATE,
    Account,
    Load,
    kill_instance,
    replica_caught_up,
    service,
    wait_until,
)

pytestmark = pytest.mark.cluster

SEARCHES = ("а", "о", "е", "и", "н", "т", "р", "с", "Drill", "Round")


def reads(client: httpx.Client, n: int) -> httpx.Response:
    """Cached pages and uncached ones (a search per request: a new cache key, a database read)."""
    if n % 2:
        return client.get(f"{NGINX}/api/v1/men/", params={"page_size": 5})
    return client.get(f"{NGINX}/api/v1/men/", params={"search": f"{SEARCHES[n % len(SEARCHES)]}", "page": 1,
                                                      "page_size": 3 + n % 7})  # fmt: skip


def writer(accounts: list[Account], category_id: int, acknowledged: dict, refused: list | None = None):
    def write(client: httpx.Client, n: int) -> httpx.Response:
        account = accounts[n % len(accounts)]
        marker = uuid.uuid4().hex
        title = f"Drill write {n} {marker}"
        response = client.post(
            f"{NGINX}/api/v1/men/",
            json={"title": title, "content": "Under load.", "cat": category_id},
            headers=account.bearer,
        )
        if response.status_code == 201:
            acknowledged[response.json()["id"]] = title
        elif refused is not None:
            refused.append(marker)
        return response

    return write


def gets_failed(load: Load) -> dict:
    return {status: count for status, count in load.statuses().items() if status != 200}


def upstreams_since(offset: int) -> list[str]:
    with open(STATE / "nginx" / "access.log", "rb") as log:
        log.seek(offset)
        return [line.split()[-2] for line in log.read().decode().splitlines() if line.strip()]


def test_an_instance_killed_under_load_loses_no_get_and_no_acknowledged_write_and_rejoins(category_id):
    accounts = [Account("failover") for _ in range(3)]
    acknowledged: dict[int, str] = {}
    refused: list[str] = []
    writes = Load(writer(accounts, category_id, acknowledged, refused), threads=2, pause=0.3)
    with Load(reads, threads=4) as load, writes as w:
        time.sleep(2)
        kill_instance(8102)
        time.sleep(3)
        service("start", "web-8102")
        log_offset = (STATE / "nginx" / "access.log").stat().st_size
        time.sleep(2)
    # Every acknowledged write is there, through any instance.
    for pk, title in acknowledged.items():
        response = httpx.get(f"{NGINX}/api/v1/men/{pk}/", timeout=10)
        assert response.status_code == 200 and response.json()["title"] == title
    refused_writes = {status: count for status, count in w.statuses().items() if status != 201}
    FIGURES["instance killed"] = {"gets": load.count(), "failed_gets": gets_failed(load), "writes": w.count(),
                                  "acknowledged_writes_checked": len(acknowledged),
                                  "unacknowledged_writes": refused_writes}  # fmt: skip
    assert gets_failed(load) == {}
    assert len(acknowledged) > 0
    # A write is refused (503) only if it was in flight on the killed instance; nginx never sent it
    # again, so it exists at most once (once if the instance committed it before it died).
    assert set(refused_writes) <= {503}
    for marker in refused:
        assert httpx.get(f"{NGINX}/api/v1/men/", params={"search": marker}, timeout=10).json()["count"] <= 1
    # The restarted instance is back in rotation.

    def served_by_8102() -> bool:
        for _ in range(6):
            httpx.get(f"{NGINX}/api/v1/men/", params={"page_size": 1})
        return "127.0.0.1:8102" in upstreams_since(log_offset)

    wait_until("web-8102 rejoins nginx's rotation", served_by_8102, timeout=20)


def test_the_replica_stopped_under_load_leaves_reads_to_the_primary_with_no_5xx(category_id):
    accounts = [Account("replica-down")]
    acknowledged: dict[int, str] = {}
    try:
        with Load(reads, threads=4) as load, Load(writer(accounts, category_id, acknowledged), threads=1, pause=0.5):
            time.sleep(2)
            service("stop", "replica")
            time.sleep(3)
            service("start", "replica")
            wait_until("the replica catches up", replica_caught_up)
            time.sleep(1)
    finally:
        service("start", "replica")
    FIGURES["replica stopped"] = {"gets": load.count(), "failed_gets": gets_failed(load),
                                  "writes_checked": len(acknowledged)}  # fmt: skip
    assert gets_failed(load) == {}
    for pk, title in acknowledged.items():
        assert httpx.get(f"{NGINX}/api/v1/men/{pk}/", timeout=10).json()["title"] == title


def test_redis_restarted_under_load_degrades_without_a_500_and_recovers(category_id):
    accounts = [Account("redis-down")]
    acknowledged: dict[int, str] = {}
    try:
        writes = Load(writer(accounts, category_id, acknowledged), threads=1, pause=0.5)
        with Load(reads, threads=4) as load, writes as w:
            time.sleep(2)
            service("stop", "redis-cache")
            service("stop", "redis-counters")
            time.sleep(3)
            service("start", "redis-cache")
            service("start", "redis-counters")
            time.sleep(2)
    finally:
        service("start", "redis-cache")
        service("start", "redis-counters")
    FIGURES["redis restarted"] = {"gets": load.count(), "failed_gets": gets_failed(load), "writes": w.count(),
                                  "write_statuses": dict(w.statuses()),
                                  "writes_checked": len(acknowledged)}  # fmt: skip
    assert gets_failed(load) == {}
    assert 500 not in w.statuses() and set(w.statuses()) <= {201, 429, 503}
    for pk, title in acknowledged.items():
        assert httpx.get(f"{NGINX}/api/v1/men/{pk}/", timeout=10).json()["title"] == title
    ready = httpx.get(f"{NGINX}/readyz", timeout=5).json()
    assert ready["checks"] == {"database": "ok", "cache": "ok"}
