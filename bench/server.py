"""The server under test: production settings for gunicorn (and for in-process tools), and a client for set-up calls."""

import os
import secrets
from pathlib import Path

import httpx

from devtools.processes import Gunicorn

from .options import UNLIMITED, WORKERS, Options

# Variables of the caller's environment that would change what is measured.
OWN_PREFIXES = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "COUNTERS_REDIS_URL", "CACHE_DIR", "THROTTLE_")


def server_env(database_url: str, redis_url: str | None, secret_key: str | None = None, **overrides: str) -> dict:
    """Production settings (debug off, a generated secret key) with the throttle rates raised and the ceiling on.

    `redis_url` None leaves Redis out (the embedded default: the file cache and SQLite counters).
    """
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secret_key or secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "THROTTLE_ANON": UNLIMITED,
        "THROTTLE_USER": UNLIMITED,
        "THROTTLE_LOGIN": UNLIMITED,
        "THROTTLE_CREATE": UNLIMITED,
        "BENCH_CEILING": "true",
        # The tokens obtained once must outlive the whole run.
        "JWT_ACCESS_TOKEN_LIFETIME_MINUTES": "600",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def bench_env(options: Options) -> dict:
    """The benchmark's configuration: PostgreSQL and Redis as named by `options`."""
    return server_env(options.database_url, options.redis_url)


def setup_django_in_process(options: Options) -> None:
    """Set this process up as the benchmark server is, on the benchmark database (or
    BENCH_PROFILE_DATABASE_URL, one with fewer records, say): for the profile and in-process commands."""
    os.environ.update(bench_env(options))
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_PROFILE_DATABASE_URL", options.database_url)
    import django

    django.setup()


class BenchServer(Gunicorn):
    """gunicorn as production runs it (2 sync workers), with a small JSON client for the harness's set-up calls."""

    def __init__(self, env: dict, output: Path):
        super().__init__(env, output, workers=WORKERS, worker_timeout=120)

    def request(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = httpx.request(method, f"{self.url}{path}", json=body, headers=headers, timeout=30)
        response.raise_for_status()
        return response.json() if response.content else {}

    def token(self, username: str, password: str) -> str:
        return self.request("POST", "/api/v1/token/", {"username": username, "password": password})["access"]
