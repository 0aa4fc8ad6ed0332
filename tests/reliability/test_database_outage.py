"""The database goes away and comes back under load: 503s while it is gone, no 500s, no lost writes.

The test owns its PostgreSQL server (initdb in a temporary directory, a spare port), so it can stop
it without touching anyone else's; it needs the PostgreSQL server binaries and fails if they are missing.
"""

import itertools
import threading
import time
from collections import Counter

import httpx
import pytest

from devtools.processes import manage, wait_until

from .private_postgres import PrivatePostgres
from .server import HEADERS, gunicorn, production_env

DATABASE = "men_hardening_outage"
LOAD_THREADS = 4
MAX_REQUESTS = 5000  # a bound on the load, whatever happens


@pytest.fixture(scope="module")
def postgres():
    server = PrivatePostgres()
    try:
        server.init()
        server.start()
        server.create_database(DATABASE)
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="module")
def app_env(postgres, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("outage")
    env = production_env(
        tmp,
        DATABASE_URL=postgres.url(DATABASE),
        REDIS_URL="",
        DATABASE_CONNECT_TIMEOUT="2",
        DATABASE_STATEMENT_TIMEOUT="1500",
        THROTTLE_ANON="100000/min",
        THROTTLE_USER="100000/min",
        THROTTLE_CREATE="100000/min",
    )
    manage(env, "migrate", "--noinput")
    script = (
        "from accounts.models import User; from menapp.models import Category; "
        "from rest_framework.authtoken.models import Token; "
        "u = User.objects.create_user('writer', 'w@example.com', 'Str0ng-pass-phrase'); "
        "Category.objects.create(name='Актеры'); print(Token.objects.create(user=u).key)"
    )
    token = manage(env, "shell", "--verbosity=0", "-c", script).strip()
    return env, tmp, token


def test_queries_over_the_statement_timeout_are_cancelled(app_env):
    env, _, _ = app_env
    script = (
        "import time; from django.db import connection, OperationalError\n"
        "cursor = connection.cursor(); cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])\n"
        "started = time.monotonic()\n"
        "try:\n    cursor.execute('SELECT pg_sleep(10)')\nexcept OperationalError as error:\n"
        "    print(type(error).__name__, time.monotonic() - started)\n"
    )
    timeout, error, seconds = manage(env, "shell", "--verbosity=0", "-c", script).split()
    assert (timeout, error) == ("1500ms", "OperationalError")
    assert 1 <= float(seconds) < 5, "cancelled after 1.5 s, not after the 10 s the query asked for"


class Load:
    """Threads that read the list and create records until told to stop, recording every answer."""

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.answers: list[tuple[float, str, int, float, dict]] = []  # (time, kind, status, seconds, headers)
        self.acknowledged: list[str] = []
        self.sequence = itertools.count()

    def worker(self):
        headers = {**HEADERS, "Authorization": f"Token {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=20) as client:
            while not self.stop.is_set() and len(self.answers) < MAX_REQUESTS:
                title = f"w{next(self.sequence)}"
                for kind, send in (
                    ("read", lambda: client.get("/api/v1/men/?page_size=5")),
                    ("write", lambda t=title: client.post("/api/v1/men/", json={"title": t, "content": "c", "cat": 1})),
                ):
                    started = time.monotonic()
                    try:
                        response = send()
                        status, response_headers = response.status_code, dict(response.headers)
                    except httpx.TransportError:
                        status, response_headers = 0, {}
                    with self.lock:
                        self.answers.append((started, kind, status, time.monotonic() - started, response_headers))
                        if kind == "write" and status == 201:
                            self.acknowledged.append(title)
                time.sleep(0.01)  # a steady trickle, not a flood

    def count(self, since: float = 0.0, kind: str | None = None, status: int | None = None) -> int:
        with self.lock:
            return sum(
                1
                for at, k, s, _, _ in self.answers
                if at >= since and (kind is None or k == kind) and (status is None or s == status)
            )


def probe(base: str, path: str) -> int:
    try:
        return httpx.get(f"{base}{path}", headers=HEADERS, timeout=5).status_code
    except httpx.TransportError:
        return 0


def test_a_database_outage_gives_503s_then_recovers_with_every_acknowledged_write_kept(postgres, app_env):
    env, tmp, token = app_env
    with gunicorn(env, tmp, workers=3) as (base, _):
        load = Load(base, token)
        threads = [threading.Thread(target=load.worker, daemon=True) for _ in range(LOAD_THREADS)]
        for thread in threads:
            thread.start()
        try:
            wait_until(lambda: load.count(kind="write", status=201) >= 20, 30, message="writes before the outage")
            assert probe(base, "/readyz") == 200

            outage_started = time.monotonic()
            postgres.stop("immediate")
            wait_until(lambda: load.count(outage_started, "write", 503) >= 10, 30, message="503s for writes")
            wait_until(lambda: load.count(outage_started, "read", 503) >= 10, 30, message="503s for reads")
            assert probe(base, "/readyz") == 503
            assert probe(base, "/healthz") == 200
            outage_ended = time.monotonic()

            postgres.start()
            wait_until(lambda: load.count(outage_ended, "write", 201) >= 20, 30, message="writes after recovery")
            recovered = time.monotonic()
            assert wait_until(lambda: probe(base, "/readyz") == 200, 10, message="readiness after recovery")
            wait_until(lambda: load.count(recovered, "read", 200) >= 10, 30, message="reads after recovery")
        finally:
            load.stop.set()
            for thread in threads:
                thread.join(timeout=30)

    statuses = Counter((kind, status) for _, kind, status, _, _ in load.answers)
    print(f"\noutage load: {dict(statuses)}; acknowledged writes: {len(load.acknowledged)}")
    assert set(statuses) <= {("read", 200), ("read", 503), ("write", 201), ("write", 503)}, statuses
    during = [a for a in load.answers if outage_started <= a[0] and a[0] + a[3] <= outage_ended and a[2] == 503]
    assert during and all(headers.get("retry-after") == "5" for *_, headers in during)
    assert all(headers.get("content-type") == "application/json" for *_, headers in during)
    assert max(seconds for _, _, _, seconds, _ in during) < 3, "503s come quickly, within the connect timeout"

    stored = {title for (title,) in postgres.query(DATABASE, "SELECT title FROM menapp_men")}
    assert set(load.acknowledged) <= stored, "every write answered 201 is in the database"
    assert len(load.acknowledged) == len(set(load.acknowledged))
