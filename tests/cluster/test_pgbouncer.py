"""Drill 8: the statement timeout survives PgBouncer's transaction pooling (set per role, not per session)."""

import subprocess
import sys
import time

import psycopg
import pytest

from .conftest import FIGURES, ROOT

pytestmark = pytest.mark.cluster

# Run by the service's own settings (DATABASE_PGBOUNCER=true), through PgBouncer, in a fresh process.
SLOW_STATEMENT = """
import time
from django.db import OperationalError, connection
started = time.monotonic()
try:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [SECONDS])
    print("finished", time.monotonic() - started)
except OperationalError as error:
    print(type(error.__cause__).__name__, time.monotonic() - started)
"""


def test_a_statement_over_the_timeout_is_cancelled_behind_pgbouncer(cluster_env):
    timeout = int(cluster_env["DATABASE_STATEMENT_TIMEOUT"]) / 1000
    code = SLOW_STATEMENT.replace("SECONDS", str(timeout + 5))
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env={**cluster_env, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    outcome, seconds = result.stdout.strip().splitlines()[-1].split()
    FIGURES["statement timeout behind pgbouncer"] = {"timeout_s": timeout, "cancelled_after_s": float(seconds)}
    assert outcome == "QueryCanceled"
    assert timeout <= float(seconds) < timeout + 2


def test_every_pooled_connection_carries_the_timeout_and_libpq_options_are_refused(cluster_env):
    url = cluster_env["DATABASE_URL"]
    timeout = int(cluster_env["DATABASE_STATEMENT_TIMEOUT"]) / 1000
    with psycopg.connect(url, autocommit=True, prepare_threshold=None, connect_timeout=5) as connection:
        for _ in range(5):  # each transaction may run on another server connection of the pool
            assert connection.execute("SHOW statement_timeout").fetchone() == (f"{timeout:g}s",)
        started = time.monotonic()
        with pytest.raises(psycopg.errors.QueryCanceled):
            connection.execute("SELECT pg_sleep(%s)", (timeout + 5,))
        assert time.monotonic() - started < timeout + 2
        assert connection.execute("SELECT 1").fetchone() == (1,)  # the pool serves the client again
    # Why it is set per role: PgBouncer 1.18 refuses the `options` startup parameter outright.
    with pytest.raises(psycopg.OperationalError, match="unsupported startup parameter: options"):
        psycopg.connect(f"{url}?options=-c%20statement_timeout%3D1000", connect_timeout=5)
