"""Run the service in processes of its own: `manage.py` commands and gunicorn on a free loopback port.

One launcher for the live-server tests (tests/live_server.py), the process-level reliability tests
(tests/reliability/) and the benchmark (bench/), so all three start the server the same way.
"""

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeVar

import httpx

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, grace: float = 15) -> None:
    """Ask the process to end; kill it if it has not within `grace` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def wait_until(predicate: Callable[[], T], timeout: float, interval: float = 0.05, message: str = "condition") -> T:
    """Poll `predicate` until it returns a truthy value, for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)  # polling interval, bounded by the deadline above
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


class CommandFailed(AssertionError):
    """A `manage.py` command exited with an error; the message carries its output."""


def manage(env: dict[str, str], *args: str, timeout: float | None = None, echo: bool = False) -> str:
    """Run `manage.py <args>` with `env` in the project's directory; returns its standard output.

    `echo` lets the output through to the terminal (a long data load shows its progress) instead of
    capturing it. Raises CommandFailed with the command's error output when it exits with an error.
    """
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=not echo,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise CommandFailed(f"manage.py {' '.join(args)} exited with {result.returncode}:\n{result.stderr or ''}")
    return result.stdout or ""


class Gunicorn:
    """`gunicorn config.wsgi` with sync workers on a free loopback port; started and stopped by its owner.

    Everything the server prints (gunicorn's own log and the application's) goes to `output`; with
    `access_log` set, gunicorn also writes one line per request there as `<worker pid> <status> <request line>`.
    """

    def __init__(
        self,
        env: dict[str, str],
        output: Path,
        *,
        workers: int = 2,
        access_log: Path | None = None,
        ready_path: str = "/healthz",
        worker_timeout: int = 60,
        extra_args: Sequence[str] = (),
    ):
        self.env = env
        self.output = output
        self.workers = workers
        self.access_log = access_log
        self.ready_path = ready_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            f"--bind=127.0.0.1:{self.port}", f"--workers={workers}", "--worker-class=sync",
            f"--timeout={worker_timeout}", "--error-logfile=-",
            # The control socket's default path is one per user: two servers at once would share it.
            "--no-control-socket", *extra_args,
        ]  # fmt: skip
        if access_log is not None:
            self.command += [f"--access-logfile={access_log}", "--access-logformat=%(p)s %(s)s %(r)s"]
        self.process: subprocess.Popen | None = None
        self._output: IO[bytes] | None = None

    def start(self, deadline: float = 60) -> "Gunicorn":
        """Start the server and return once every worker has booted and `ready_path` answers 200."""
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self._output = self.output.open("wb")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self._output, stderr=subprocess.STDOUT
        )
        try:
            wait_until(self._ready, timeout=deadline, interval=0.1, message=f"gunicorn on {self.url} to be ready")
        except BaseException:
            self.stop()
            raise
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_text()}")
        if self.log_text().count("Booting worker") < self.workers:
            return False
        try:
            return httpx.get(f"{self.url}{self.ready_path}", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def log_text(self) -> str:
        return self.output.read_text(errors="replace") if self.output.exists() else ""

    def worker_pids(self) -> list[int]:
        """The worker processes running now (Linux: the master's children in /proc)."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self) -> dict[str, float]:
        """Each worker's high-water resident memory (VmHWM), in MB, keyed by its pid."""
        peaks = {}
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[str(pid)] = round(int(line.split()[1]) / 1024, 1)
        return peaks

    def stop(self, grace: float = 30) -> None:
        if self.process is not None:
            stop(self.process, grace)
        if self._output is not None:
            self._output.close()
            self._output = None


@contextmanager
def serve(env: dict[str, str], output: Path, deadline: float = 60, **options) -> Iterator[Gunicorn]:
    """A started Gunicorn (see its options) for the duration of the block, stopped afterwards."""
    server = Gunicorn(env, output, **options).start(deadline)
    try:
        yield server
    finally:
        server.stop()


def served_by(access_log: Path, needle: str) -> set[str]:
    """The worker processes that served requests whose access-log line contains `needle`."""
    return {line.split()[0] for line in access_log.read_text().splitlines() if needle in line}
