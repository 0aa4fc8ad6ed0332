"""Run the service as production does (gunicorn, several workers, debug off) for process-level tests."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.processes import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
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


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def wait_until(predicate, timeout: float, interval: float = 0.05, message: str = "condition"):
    """Poll `predicate` until it returns a truthy value, for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], tmp_path: Path, workers: int = 4):
    """Serve config.wsgi with `workers` sync workers on a free port; yields (base URL, access log path)."""
    port = free_port()
    access_log = tmp_path / f"access-{port}.log"
    error_log = tmp_path / f"error-{port}.log"
    output = open(tmp_path / f"output-{port}.log", "wb")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
            f"--access-logfile={access_log}",
            "--access-logformat=%(p)s %(s)s %(r)s",
            f"--error-logfile={error_log}",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def booted():
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {error_log.read_text()}")
        started = error_log.read_text().count("Booting worker") if error_log.exists() else 0
        if started < workers:
            return False
        try:
            return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    try:
        wait_until(booted, timeout=30, message="gunicorn to boot its workers")
        yield base, access_log
    finally:
        stop(process)
        output.close()


def worker_pids(access_log: Path, needle: str) -> set[str]:
    """The worker processes that served requests whose log line contains `needle`."""
    return {line.split()[0] for line in access_log.read_text().splitlines() if needle in line}
