"""The benchmark harness behind `make bench` and `make bench-quick`.

For each table size it loads the data (`load_demo --count N`), starts the production server
(gunicorn, 2 sync workers, production settings, PostgreSQL, Redis) on loopback, drives every
scenario with wrk, and divides each scenario's throughput by the ceiling's (a trivial JSON view on
the same server and workers) measured in the same round. It then counts SQL per request, reads
each worker's peak RSS, and writes bench/results/<date>[-quick].json, bench/REPORT.md and the chart.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
TMP = BENCH / ".tmp"  # raw output (server log, wrk output): git-ignored

DATABASE = "men_bench"
ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/7"
WORKERS = 2
SEARCH_TERM = "Менделеев"  # one catalog entry in 25: a realistic share of the table matches
PASSWORD = "Bench-pass-phrase-0"
# Never reached, and per second on purpose: DRF's throttles keep one timestamp per request of the
# window in the cache, so a per-minute window would grow to every request of the last minute (tens
# of thousands at bench rates) and bill the run for pickling it. A one-second window holds about as
# many entries as production's 300/min anonymous limit allows.
UNLIMITED = "1000000000/s"

MODES = {
    # 3 sizes x 3 rounds x 15 runs of 6 s, plus loading: about 15 minutes on 2 cores.
    "full": {"scales": [1_000, 100_000, 1_000_000], "duration": 6, "repeats": 3, "connections": 4},
    # 2 sizes x 1 round x 15 runs of 2 s: about a minute and a half.
    "quick": {"scales": [1_000, 100_000], "duration": 2, "repeats": 1, "connections": 4},
}

# Throughput scenarios, run at MODES[...]["connections"]; "ceiling" is the denominator.
# Paths may name {deep_page}, {category_id}, {retrieve_id}, {own_record_id}, {search}.
SCENARIOS = [
    {"name": "ceiling", "label": "ceiling (trivial JSON view)", "method": "GET", "path": "/bench/ceiling"},
    {"name": "list", "label": "anonymous list, first page", "method": "GET", "path": "/api/v1/men/"},
    {
        "name": "list_deep",
        "label": "anonymous list, deep page",
        "method": "GET",
        "path": "/api/v1/men/?page={deep_page}",
    },
    {"name": "list_cat", "label": "anonymous list, ?cat=", "method": "GET", "path": "/api/v1/men/?cat={category_id}"},
    {
        "name": "list_search",
        "label": "anonymous list, ?search=",
        "method": "GET",
        "path": "/api/v1/men/?search={search}",
    },
    {"name": "retrieve", "label": "anonymous retrieve", "method": "GET", "path": "/api/v1/men/{retrieve_id}/"},
    {"name": "jwt_list", "label": "JWT list, first page", "method": "GET", "path": "/api/v1/men/", "auth": True},
    {"name": "create", "label": "JWT create (POST)", "method": "POST", "path": "/api/v1/men/", "auth": True},
    {"name": "patch", "label": "JWT PATCH", "method": "PATCH", "path": "/api/v1/men/{own_record_id}/", "auth": True},
]
# Latency scenarios, run at one connection so that p50 is the cost of one request, not queueing.
LATENCY_SCENARIOS = ["ceiling", "list", "list_deep", "list_search", "retrieve"]
# Reads timed in-process with the record cache out of the way (bench/django_steps.py, `uncached`):
# what the first reader after a write waits for. Page numbers count and skip; a cursor does neither.
UNCACHED_READS = {
    "list": ("first page", "/api/v1/men/"),
    "list_deep": ("deep page (page number)", "/api/v1/men/?page={deep_page}"),
    "cursor": ("first page (cursor)", "/api/v1/men/?cursor="),
    "cursor_deep": ("deep page (cursor)", "/api/v1/men/?cursor={deep_cursor}"),
    "list_search": ("?search= (page number)", "/api/v1/men/?search={search}"),
    "cursor_search": ("?search= (cursor)", "/api/v1/men/?search={search}&cursor="),
    "retrieve": ("retrieve", "/api/v1/men/{retrieve_id}/"),
    "jwt_list": ("JWT first page", "/api/v1/men/"),
    "jwt_cursor": ("JWT first page (cursor)", "/api/v1/men/?cursor="),
}
SCRIPTS = {"GET": "get.lua", "POST": "create.lua", "PATCH": "patch.lua"}


def log(message: str):
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk is missing: installing Debian's package")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    apt = [*sudo, "apt-get", "-o", "DPkg::Lock::Timeout=300"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run([*apt, "install", "-y", "-qq", "wrk"], env=env).returncode != 0:
        # A fresh machine may have no package lists yet.
        subprocess.run([*apt, "update", "-qq"], env=env, check=True)
        subprocess.run([*apt, "install", "-y", "-qq", "wrk"], env=env, check=True)


def server_env(secret_key: str) -> dict:
    inherited = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "THROTTLE_"))
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "THROTTLE_ANON": UNLIMITED,
        "THROTTLE_USER": UNLIMITED,
        "THROTTLE_LOGIN": UNLIMITED,
        "THROTTLE_CREATE": UNLIMITED,
        "BENCH_CEILING": "true",
        # The token obtained once must outlive the whole run.
        "JWT_ACCESS_TOKEN_LIFETIME_MINUTES": "600",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def setup_django_in_process():
    """Set this process up as the benchmark server is (production settings, Redis), on the benchmark
    database or BENCH_PROFILE_DATABASE_URL (one with fewer records, say): for bench/profile.py and
    bench/inprocess.py."""
    os.environ.update(
        server_env(secrets.token_urlsafe(50)),
        DATABASE_URL=os.environ.get("BENCH_PROFILE_DATABASE_URL", DATABASE_URL),
    )
    import django

    django.setup()


def recreate_database():
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def django_step(env: dict, step: str, stdin: str = "") -> dict:
    result = subprocess.run(
        [str(PYTHON), str(BENCH / "django_steps.py"), step],
        cwd=ROOT,
        env={**env, "BENCH_PASSWORD": PASSWORD},
        input=stdin,
        check=True,
        text=True,
        capture_output=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on loopback with the production settings; started and stopped by this process only."""

    def __init__(self, env: dict, log_path: Path):
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = None

    def start(self, deadline_s: float = 60):
        self.process = subprocess.Popen(
            [str(GUNICORN), "config.wsgi", f"--bind=127.0.0.1:{self.port}", f"--workers={WORKERS}",
             "--worker-class=sync", "--timeout=120"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200 and len(self.worker_pids()) == WORKERS:
                        return
            except OSError:
                pass
            time.sleep(0.2)  # polling interval, bounded by the deadline above
        raise RuntimeError(f"gunicorn did not become ready within {deadline_s} s")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self) -> dict:
        peaks = {}
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[str(pid)] = round(int(line.split()[1]) / 1024, 1)
        return peaks

    def request(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(f"{self.base}{path}", data=data, method=method, headers=headers)
        with urllib.request.urlopen(req, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def stop(self, deadline_s: float = 30):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=deadline_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def run_wrk(server: Server, scenario: dict, path: str, connections: int, duration: int, token: str, ids: dict):
    env = {
        **os.environ,
        "BENCH_LUA_DIR": str(BENCH / "lua"),
        "BENCH_TOKEN": token if scenario.get("auth") else "",
        "BENCH_CAT": str(ids["category_id"]),
    }
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout=10s", "--latency",
        "-s", str(BENCH / "lua" / SCRIPTS[scenario["method"]]), f"{server.base}{path}",
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=duration + 60, check=True)
    with open(TMP / "wrk.log", "a") as raw:
        raw.write(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}\n")
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH_RESULT "))
    summary = json.loads(line.removeprefix("BENCH_RESULT "))
    seconds = summary["duration_us"] / 1e6
    errors = sum(summary["errors"].values())
    return {
        "rps": round((summary["requests"] - summary["errors"]["status"]) / seconds, 1),
        "requests": summary["requests"],
        "errors": errors,
        "p50_ms": round(summary["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(summary["latency_us"]["p99"] / 1000, 2),
    }


def delete_created_records(ids: dict):
    """Create runs add rows: remove them so every round measures the same table size."""
    with psycopg.connect(DATABASE_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("DELETE FROM menapp_men WHERE user_id = %s AND id <> %s", (ids["user_id"], ids["own_record_id"]))


def median_of(runs: list[dict], key: str) -> float:
    return round(statistics.median(run[key] for run in runs), 3)


def bench_scale(count: int, mode: dict, env: dict) -> dict:
    log(f"{count:,} records: loading")
    started = time.monotonic()
    manage(env, "load_demo", f"--count={count}", "--verbosity=1")
    load_seconds = round(time.monotonic() - started, 1)
    # Fresh statistics and visibility map, as autovacuum would leave them on a settled table.
    with psycopg.connect(DATABASE_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    ids = django_step(env, "prepare")
    page_size = 10
    # A deep page: nine tenths of the way through the visible records.
    ids["deep_page"] = max(1, (ids["visible"] // page_size) * 9 // 10)
    ids["search"] = urllib.parse.quote(SEARCH_TERM)
    paths = {s["name"]: s["path"].format(**ids) for s in SCENARIOS}

    server = Server(env, TMP / f"gunicorn-{count}.log")
    server.start()
    try:
        token = server.request("POST", "/api/v1/token/", {"username": "bench", "password": PASSWORD})["access"]
        # Warm both workers: imports, connections and caches are not what is measured.
        for scenario in SCENARIOS:
            if scenario["method"] == "GET":
                for _ in range(2 * WORKERS):
                    server.request("GET", paths[scenario["name"]], token=token if scenario.get("auth") else None)

        rounds = {s["name"]: [] for s in SCENARIOS}
        latency = {name: [] for name in LATENCY_SCENARIOS}
        by_name = {s["name"]: s for s in SCENARIOS}
        for round_number in range(mode["repeats"]):
            log(f"{count:,} records: round {round_number + 1}/{mode['repeats']}")
            before = run_wrk(
                server, by_name["ceiling"], paths["ceiling"], mode["connections"], mode["duration"], token, ids
            )
            measured = {}
            for scenario in SCENARIOS[1:]:
                name = scenario["name"]
                measured[name] = run_wrk(
                    server, scenario, paths[name], mode["connections"], mode["duration"], token, ids
                )
                if name == "create":
                    delete_created_records(ids)
            after = run_wrk(
                server, by_name["ceiling"], paths["ceiling"], mode["connections"], mode["duration"], token, ids
            )
            # The ceiling of this round: the mean of the runs before and after, to even out drift.
            ceiling = {
                **before,
                "rps": round((before["rps"] + after["rps"]) / 2, 1),
                "errors": before["errors"] + after["errors"],
            }
            rounds["ceiling"].append({**ceiling, "ratio": 1.0})
            for name, run in measured.items():
                rounds[name].append({**run, "ratio": round(run["rps"] / ceiling["rps"], 3)})
            for name in LATENCY_SCENARIOS:
                latency[name].append(run_wrk(server, by_name[name], paths[name], 1, mode["duration"], token, ids))
        rss = server.peak_rss_mb()
    finally:
        server.stop()

    scenarios_spec = [{**s, "path": paths[s["name"]], "auth": s.get("auth", False)} for s in SCENARIOS[1:]]
    queries = django_step(
        env, "queries", json.dumps({"scenarios": scenarios_spec, "token": token, "category_id": ids["category_id"]})
    )
    delete_created_records(ids)
    uncached = django_step(
        env,
        "uncached",
        json.dumps(
            {
                "paths": {name: path.format(**ids) for name, (_, path) in UNCACHED_READS.items()},
                "token": token,
                "calls": 9,
            }
        ),
    )
    for name, (label, _) in UNCACHED_READS.items():
        uncached[name]["label"] = label

    results = {}
    for scenario in SCENARIOS:
        name = scenario["name"]
        runs = rounds[name]
        entry = {
            "label": scenario["label"],
            "path": paths[name],
            "rps": median_of(runs, "rps"),
            "ratio": median_of(runs, "ratio"),
            "p50_ms": median_of(runs, "p50_ms"),
            "p99_ms": median_of(runs, "p99_ms"),
            "errors": sum(run["errors"] for run in runs),
            "queries": queries.get(name, {}).get("queries", 0),
            "transaction_statements": queries.get(name, {}).get("transaction_statements", 0),
            "runs": runs,
        }
        if name in latency:
            entry["c1"] = {
                "p50_ms": median_of(latency[name], "p50_ms"),
                "p99_ms": median_of(latency[name], "p99_ms"),
                "rps": median_of(latency[name], "rps"),
                "runs": latency[name],
            }
        results[name] = entry
    return {
        "records": count,
        "visible": ids["visible"],
        "load_seconds": load_seconds,
        "deep_page": ids["deep_page"],
        "scenarios": results,
        "uncached": uncached,
        "queries_sql": {name: q["sql"] for name, q in queries.items()},
        "worker_peak_rss_mb": rss,
    }


def git_revision() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=sorted(MODES), default="full")
    args = parser.parse_args()
    mode = MODES[args.mode]
    TMP.mkdir(exist_ok=True)
    (TMP / "wrk.log").unlink(missing_ok=True)
    ensure_wrk()

    started = datetime.now(UTC)
    env = server_env(secrets.token_urlsafe(50))
    log(f"mode {args.mode}: {mode}")
    recreate_database()
    manage(env, "migrate", "--noinput", "--verbosity=0")
    scales = [bench_scale(count, mode, env) for count in mode["scales"]]

    result = {
        "date": started.strftime("%Y-%m-%d"),
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": args.mode,
        "settings": {**mode, "workers": WORKERS, "worker_class": "sync", "wrk_threads": 1, "page_size": 10},
        "revision": git_revision(),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": sys.version.split()[0]},
        "scales": scales,
    }
    suffix = "" if args.mode == "full" else f"-{args.mode}"
    out = BENCH / "results" / f"{result['date']}{suffix}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {out.relative_to(ROOT)}")

    from report import write_report

    write_report(result, out)
    log("wrote bench/REPORT.md and bench/chart.png")


if __name__ == "__main__":
    main()
