"""A PostgreSQL server owned by one test: initdb into a temporary directory, start, stop, restart."""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from devtools.processes import free_port


def postgres_bin() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    on_path = shutil.which("initdb")
    found = Path(candidates[-1]).parent if candidates else (Path(on_path).parent if on_path else None)
    if found is None or not (found / "pg_ctl").exists():
        raise RuntimeError(
            "This test needs the PostgreSQL server binaries (initdb, pg_ctl): install the postgresql "
            "package (Debian: apt-get install postgresql) or put its bin directory on PATH."
        )
    return found


class PrivatePostgres:
    """One throw-away cluster on a spare port of 127.0.0.1, trust authentication, user `postgres`."""

    def __init__(self):
        self.bin = postgres_bin()
        # Not pytest's tmp_path: initdb refuses root, and the postgres user must be able to reach the directory.
        self.root = Path(tempfile.mkdtemp(prefix="men_hardening_pg_"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")

    def run(self, tool: str, *args: str, timeout: float = 60) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"{tool} failed: {result.stdout}\n{result.stderr}"

    def init(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c max_connections=50"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30", "start")

    def stop(self, mode: str = "immediate") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def query(self, database: str, sql: str, params=()) -> list[tuple]:
        with psycopg.connect(self.url(database), connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(AssertionError):
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
