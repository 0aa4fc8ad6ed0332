"""A real server for contract and browser tests: gunicorn on a free loopback port, its own SQLite and cache.

Production settings (debug off), except that the server speaks plain HTTP on 127.0.0.1 (no SSL
redirect, no secure-only cookies) and the throttles are raised so a fuzzer is not cut off mid-run.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from devtools.processes import manage, serve

STARTUP_DEADLINE = 60  # seconds for the server to answer /readyz
STAFF_USERNAME, STAFF_PASSWORD = "moderator", "Str0ng-staff-phrase"
USER_USERNAME, USER_PASSWORD = "reader", "Str0ng-pass-phrase"


@dataclass
class LiveServer:
    url: str
    env: dict
    log: Path

    def jwt(self, username: str, password: str) -> dict:
        response = httpx.post(f"{self.url}/api/v1/token/", json={"username": username, "password": password})
        response.raise_for_status()
        return response.json()


def server_env(workdir: Path, **overrides: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "live-server-secret-key-not-for-production-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "CACHE_DIR": str(workdir / "cache"),
        "THROTTLE_ANON": "100000/min",
        "THROTTLE_USER": "100000/min",
        "THROTTLE_LOGIN": "100000/min",
        "THROTTLE_CREATE": "100000/min",
        "JWT_ACCESS_TOKEN_LIFETIME_MINUTES": "120",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("REDIS_URL", None)
    env.update(overrides)
    return env


@contextmanager
def live_server(log: Path | None = None, **overrides: str) -> Iterator[LiveServer]:
    """Migrate a fresh database, load the demo catalog, add a reader and a moderator, serve it.

    The server's output goes to `log` (kept) or to a file in the server's scratch folder (removed).
    """
    workdir = Path(tempfile.mkdtemp(prefix="men-api-live-"))
    env = server_env(workdir, **overrides)
    log = log or workdir / "server.log"
    # gunicorn itself answers 414 (HTML) past 4094 bytes of request line; the fuzzer's long query
    # strings are for the application to judge, so the test server lifts that limit.
    options = {"workers": 2, "ready_path": "/readyz", "extra_args": ["--limit-request-line", "0"]}
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        staff = ("--username", STAFF_USERNAME, "--email", "moderator@example.com")
        manage({**env, "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD}, "createsuperuser", "--noinput", *staff)
        with serve(env, log, **options, deadline=STARTUP_DEADLINE) as gunicorn:
            server = LiveServer(url=gunicorn.url, env=env, log=log)
            registered = httpx.post(
                f"{gunicorn.url}/api/v1/auth/users/",
                json={"username": USER_USERNAME, "password": USER_PASSWORD, "email": "reader@example.com"},
            )
            registered.raise_for_status()
            yield server
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
