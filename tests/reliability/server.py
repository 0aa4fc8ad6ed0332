"""The production-like setup of the process-level tests: gunicorn with several workers, debug off, SQLite."""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from devtools.processes import serve

SECRET_KEY = "process-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
# The service sits behind a TLS proxy in production; the proxy's header keeps SSL redirects away.
HEADERS = {"X-Forwarded-Proto": "https"}


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The pytest process's environment minus Django's, plus a production-like configuration."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "THROTTLE_"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


@contextlib.contextmanager
def gunicorn(env: dict[str, str], tmp_path: Path, workers: int = 4) -> Iterator[tuple[str, Path]]:
    """The shared launcher with this suite's log files in `tmp_path`; yields (base URL, access log path)."""
    access_log = tmp_path / "access.log"
    with serve(env, tmp_path / "server.log", workers=workers, access_log=access_log) as server:
        yield server.url, access_log
