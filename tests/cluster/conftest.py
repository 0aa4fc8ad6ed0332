"""Drills against a running `make cluster` (deploy/cluster.py): clients, load, and the parts to break.

Loopback only. Each drill is bounded in time and in requests, and puts back what it broke.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / "var" / "cluster"
NGINX = "http://127.0.0.1:8080"
INSTANCES = tuple(f"http://127.0.0.1:{port}" for port in (8101, 8102, 8103))
PASSWORD = "Cluster-drill-pass-1"
# The figures each drill reports (requests, failures, writes checked, lag) are printed at the end.
FIGURES: dict[str, dict] = {}

sys.path.insert(0, str(ROOT / "deploy"))
import cluster as deployment  # noqa: E402  (deploy/cluster.py: ports, start and stop)


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("cluster drill figures")
        for name, figures in FIGURES.items():
            terminalreporter.write_line(f"{name}: {json.dumps(figures, ensure_ascii=False)}")


@pytest.fixture(scope="session")
def cluster_env() -> dict:
    try:
        env = json.loads((STATE / "env.json").read_text())
        httpx.get(f"{NGINX}/healthz", timeout=2).raise_for_status()
    except (OSError, httpx.HTTPError) as error:
        pytest.fail(f"the cluster is not running ({error}): run `make cluster` first")
    return env


def service(action: str, name: str) -> None:
    """Start or stop one part of the cluster, as `python deploy/cluster.py start|stop NAME` would."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "cluster.py"), action, name], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr + result.stdout


def kill_instance(port: int) -> None:
    """SIGKILL a gunicorn instance, master and workers (its own process group): no graceful anything."""
    pid = deployment.read_pid(f"web-{port}")
    assert deployment.alive(pid), f"web-{port} is not running"
    os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while deployment.alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not deployment.alive(pid)


def primary(sql: str, params=()) -> list[tuple]:
    return query(deployment.PRIMARY_PORT, sql, params)


def replica(sql: str, params=()) -> list[tuple]:
    return query(deployment.REPLICA_PORT, sql, params)


def query(port: int, sql: str, params=()) -> list[tuple]:
    url = f"postgres://postgres@127.0.0.1:{port}/men"
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def wait_until(what: str, check: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.1)


def replica_caught_up() -> bool:
    (position,) = primary("SELECT (pg_current_wal_lsn() - '0/0')::bigint")[0]
    (replayed,) = replica("SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint")[0]
    return replayed is not None and replayed >= position


class Account:
    """A user of the drills, registered through nginx, with a JWT and a DRF token."""

    def __init__(self, prefix: str = "drill"):
        self.username = f"{prefix}-{uuid.uuid4().hex[:10]}"
        self.email = f"{self.username}@example.com"
        created = httpx.post(
            f"{NGINX}/api/v1/auth/users/",
            json={"username": self.username, "email": self.email, "password": PASSWORD},
            timeout=10,
        )
        assert created.status_code == 201, created.text
        self.id = created.json()["id"]
        self.pair = self.jwt(INSTANCES[0])

    def jwt(self, base: str) -> dict:
        response = httpx.post(
            f"{base}/api/v1/token/", json={"username": self.username, "password": PASSWORD}, timeout=10
        )
        assert response.status_code == 200, response.text
        return response.json()

    @property
    def bearer(self) -> dict:
        return {"Authorization": f"Bearer {self.pair['access']}"}


@pytest.fixture
def account(cluster_env) -> Account:
    return Account()


@pytest.fixture(scope="session")
def category_id(cluster_env) -> int:
    return httpx.get(f"{NGINX}/api/v1/categories/", timeout=10).json()["results"][0]["id"]


def create_record(base: str, account: Account, category_id: int, title: str, **extra) -> httpx.Response:
    return httpx.post(
        f"{base}/api/v1/men/",
        json={"title": title, "content": "Written by a cluster drill.", "cat": category_id, **extra},
        headers=account.bearer,
        timeout=15,
    )


class Load:
    """Steady load: `threads` clients each calling `request(client, n)` until stopped, every answer kept."""

    def __init__(self, request: Callable[[httpx.Client, int], httpx.Response], threads: int = 4, pause: float = 0.01):
        self.request, self.threads, self.pause = request, threads, pause
        self.results: list[tuple[float, int | str, httpx.Response | None]] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.workers = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(threads)]

    def run(self, index: int) -> None:
        n = index
        with httpx.Client(timeout=15) as client:
            while not self.stop.is_set():
                try:
                    response = self.request(client, n)
                    outcome = (time.monotonic(), response.status_code, response)
                except httpx.HTTPError as error:
                    outcome = (time.monotonic(), type(error).__name__, None)
                with self.lock:
                    self.results.append(outcome)
                n += self.threads
                time.sleep(self.pause)

    def __enter__(self):
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for worker in self.workers:
            worker.join(timeout=30)

    def statuses(self) -> Counter:
        return Counter(status for _, status, _ in self.results)

    def count(self) -> int:
        return len(self.results)
