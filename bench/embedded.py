"""`python -m bench embedded`: `make run`'s embedded default under production gunicorn, list ÷ ceiling in one run.

The same configuration `make run` gets with no environment (SQLite, the default file cache and the
SQLite throttle counters, no Redis) in a scratch folder, with the demo catalog `make run` loads, served
by gunicorn with 2 sync workers and production settings (the throttle rates raised, the ceiling on).
Each round measures the ceiling, the anonymous list and retrieve, and the ceiling again; ratios are to
the mean of the two ceiling runs of their round, medians over the rounds.
"""

import shutil
import statistics
import tempfile
from pathlib import Path

from devtools.processes import manage

from .load import ensure_wrk, wrk
from .options import TMP, WORKERS
from .server import BenchServer, server_env

TARGET = 0.50  # issue 10: the anonymous list at ≥ 0.50 of the ceiling on the embedded default
PATHS = {"ceiling": "/bench/ceiling", "list": "/api/v1/men/", "retrieve": "/api/v1/men/{retrieve_id}/"}
LABELS = {
    "ceiling": "ceiling (trivial JSON view)",
    "list": "anonymous list, first page",
    "retrieve": "anonymous retrieve",
}


def embedded_env(workdir: Path) -> dict:
    """`make run`'s defaults (settings.py: SQLite file, file cache under CACHE_DIR, no Redis), in `workdir`."""
    return server_env(f"sqlite:///{workdir / 'db.sqlite3'}", None, CACHE_DIR=str(workdir / "cache"))


def measure_embedded(duration: int, repeats: int, connections: int, log) -> dict:
    TMP.mkdir(exist_ok=True)
    raw_log = TMP / "wrk-embedded.log"
    workdir = Path(tempfile.mkdtemp(prefix="men-bench-embedded-"))
    try:
        env = embedded_env(workdir)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        server = BenchServer(env, TMP / "gunicorn-embedded.log").start()
        try:
            listed = server.request("GET", PATHS["list"])
            records = listed["count"]
            paths = {name: path.format(retrieve_id=listed["results"][-1]["id"]) for name, path in PATHS.items()}
            for path in paths.values():
                for _ in range(2 * WORKERS):  # warm both workers
                    server.request("GET", path)

            def run(name: str) -> dict:
                return wrk(f"{server.url}{paths[name]}", "GET", connections, duration, raw_log=raw_log)

            rounds = []
            for round_number in range(repeats):
                log(f"embedded default: round {round_number + 1}/{repeats}")
                before, listing, retrieve, after = run("ceiling"), run("list"), run("retrieve"), run("ceiling")
                ceiling = round((before["rps"] + after["rps"]) / 2, 1)
                rounds.append(
                    {
                        "ceiling": {**before, "rps": ceiling, "ratio": 1.0},
                        "list": {**listing, "ratio": round(listing["rps"] / ceiling, 3)},
                        "retrieve": {**retrieve, "ratio": round(retrieve["rps"] / ceiling, 3)},
                    }
                )
            rss = server.peak_rss_mb()
        finally:
            server.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    scenarios = {}
    for name in PATHS:
        runs = [measured[name] for measured in rounds]
        scenarios[name] = {
            "label": LABELS[name],
            "path": paths[name],
            **{
                key: round(statistics.median(run[key] for run in runs), 3)
                for key in ("rps", "ratio", "p50_ms", "p99_ms")
            },
            "errors": sum(run["errors"] for run in runs),
            "runs": runs,
        }
    return {
        "records": records,
        "database": "SQLite",
        "cache": "file cache (no Redis)",
        "settings": {"duration": duration, "repeats": repeats, "connections": connections, "workers": WORKERS},
        "scenarios": scenarios,
        "worker_peak_rss_mb": rss,
    }


def format_embedded(embedded: dict) -> str:
    """The lines `python -m bench embedded` prints: one per scenario, then the list's verdict."""
    lines = [
        f"Embedded default ({embedded['database']}, {embedded['cache']}, {embedded['records']} records, "
        f"gunicorn {embedded['settings']['workers']} sync workers, {embedded['settings']['connections']} connections, "
        f"{embedded['settings']['repeats']} x {embedded['settings']['duration']} s):"
    ]
    for s in embedded["scenarios"].values():
        lines.append(
            f"  {s['label']:<28} {s['rps']:8.0f} req/s  {s['ratio']:.2f} of ceiling  "
            f"p50 {s['p50_ms']:.1f} ms  p99 {s['p99_ms']:.1f} ms  errors {s['errors']}"
        )
    ratio = embedded["scenarios"]["list"]["ratio"]
    verdict = "met" if ratio >= TARGET else "not met"
    lines.append(f"anonymous list ÷ ceiling = {ratio:.2f} (target ≥ {TARGET:.2f}: {verdict})")
    return "\n".join(lines)


def main(duration: int, repeats: int, connections: int, log) -> dict:
    ensure_wrk(log)
    embedded = measure_embedded(duration, repeats, connections, log)
    print(format_embedded(embedded), flush=True)
    return embedded
