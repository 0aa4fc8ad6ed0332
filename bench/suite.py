"""`python -m bench full|quick`: the whole benchmark, one table size after another, then the report.

For each size it loads the data (`load_demo --count N`), starts the production server (gunicorn,
2 sync workers, production settings, PostgreSQL, Redis) on loopback, drives every scenario with wrk,
and divides each scenario's throughput by the ceiling's (a trivial JSON view on the same server and
workers) measured in the same round; at the mixed sizes it also runs the readers beside a writer.
It then counts SQL per request, reads each worker's peak RSS, times the first read after a write,
and writes bench/results/<date>[-quick].json, bench/REPORT.md and bench/chart.png. The embedded
default (SQLite, no Redis) is measured first, on its own server.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime

from devtools.processes import manage

from . import data
from .embedded import measure_embedded
from .load import ensure_wrk, wrk
from .options import PAGE_SIZE, PASSWORD, RESULTS, ROOT, TMP, WORKERS, WRITER_RATE, Options
from .scenarios import (
    BY_NAME,
    CEILING,
    LATENCY_SCENARIOS,
    MIXED_READERS,
    SCENARIOS,
    SEARCH_TERM,
    UNCACHED_READS,
    Scenario,
    deep_page,
)
from .server import BenchServer, bench_env
from .steps import BENCH_USERNAME, WRITER_USERNAME
from .writer import Writer

RAW_LOG = TMP / "wrk.log"


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def django_step(env: dict, step: str, stdin: str = "") -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.steps", step],
        cwd=ROOT,
        env={**env, "BENCH_PASSWORD": PASSWORD},
        input=stdin,
        text=True,
        capture_output=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench.steps {step} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict], key: str) -> float:
    return round(statistics.median(run[key] for run in runs), 3)


class Driver:
    """Runs wrk against one server with the scale's ids and tokens."""

    def __init__(self, server: BenchServer, ids: dict, token: str, mode: dict):
        self.server, self.ids, self.token, self.mode = server, ids, token, mode

    def run(self, scenario: Scenario, connections: int | None = None) -> dict:
        return wrk(
            f"{self.server.url}{scenario.url_path(self.ids)}",
            scenario.method,
            connections or self.mode["connections"],
            self.mode["duration"],
            token=self.token if scenario.auth else "",
            category_id=self.ids["category_id"],
            own_ids=self.ids["own_record_ids"],
            raw_log=RAW_LOG,
        )

    def with_writer(self, writer_token: str, rate: float | None, seed: int) -> dict:
        """The mixed scenario's readers while one writer PATCHes random records over the same window."""
        writer = Writer(self.server.url, writer_token, self.ids["id_ranges"], rate, seed=seed)
        writer.start()
        try:
            readers = self.run(MIXED_READERS)
        finally:
            writes = writer.stop()
        return {"readers": readers, "writer": writes}


def mixed_round(driver: Driver, writer_token: str, round_number: int, ceiling_rps: float) -> dict:
    """Readers alone, then beside a paced and an unpaced writer; ratios to the readers alone of this round."""
    alone = driver.run(MIXED_READERS)
    measured = {"readers_only": {"readers": alone, "ratio": 1.0}}
    for variant, rate in (("paced", WRITER_RATE), ("unpaced", None)):
        run = driver.with_writer(writer_token, rate, seed=round_number)
        run["ratio"] = round(run["readers"]["rps"] / alone["rps"], 3) if alone["rps"] else 0.0
        measured[variant] = run
    for run in measured.values():
        run["ceiling_ratio"] = round(run["readers"]["rps"] / ceiling_rps, 3) if ceiling_rps else 0.0
    return measured


def summarize_mixed(rounds: list[dict]) -> dict:
    """Medians over the rounds, per variant; the raw rounds are kept under `runs`."""
    summary = {}
    for variant in rounds[0]:
        runs = [measured[variant] for measured in rounds]
        readers = [run["readers"] for run in runs]
        entry = {
            "ratio": median_of(runs, "ratio"),
            "ceiling_ratio": median_of(runs, "ceiling_ratio"),
            "rps": median_of(readers, "rps"),
            "p50_ms": median_of(readers, "p50_ms"),
            "p99_ms": median_of(readers, "p99_ms"),
            "errors": sum(r["errors"] for r in readers),
        }
        if "writer" in runs[0]:
            writes = [run["writer"] for run in runs]
            entry["writer"] = {
                "target_rps": writes[0]["target_rps"],
                "rps": median_of(writes, "rps"),
                "p50_ms": median_of(writes, "p50_ms"),
                "p99_ms": median_of(writes, "p99_ms"),
                "errors": sum(w["errors"] for w in writes),
            }
        summary[variant] = entry
    return {**summary, "runs": rounds}


def bench_scale(count: int, options: Options, env: dict) -> dict:
    mode = options.settings
    log(f"{count:,} records: loading")
    started = time.monotonic()
    manage(env, "load_demo", f"--count={count}", "--verbosity=1", echo=True)
    load_seconds = round(time.monotonic() - started, 1)
    data.vacuum_analyze(options)
    ids = django_step(env, "prepare")
    ids["deep_page"] = deep_page(ids["visible"], PAGE_SIZE)
    ids["search"] = urllib.parse.quote(SEARCH_TERM)
    paths = {s.name: s.url_path(ids) for s in SCENARIOS}
    mixed = count in mode["mixed_scales"]

    server = BenchServer(env, TMP / f"gunicorn-{count}.log").start()
    try:
        token = server.token(BENCH_USERNAME, PASSWORD)
        writer_token = server.token(WRITER_USERNAME, PASSWORD)
        # Warm both workers: imports, connections and caches are not what is measured.
        for scenario in SCENARIOS:
            if scenario.method == "GET":
                for _ in range(2 * WORKERS):
                    server.request("GET", paths[scenario.name], token=token if scenario.auth else None)
        driver = Driver(server, ids, token, mode)
        rounds = {s.name: [] for s in SCENARIOS}
        latency = {name: [] for name in LATENCY_SCENARIOS}
        mixed_rounds = []
        for round_number in range(mode["repeats"]):
            log(f"{count:,} records: round {round_number + 1}/{mode['repeats']}")
            before = driver.run(CEILING)
            measured = {}
            for scenario in SCENARIOS[1:]:
                measured[scenario.name] = driver.run(scenario)
                if scenario.name == "create":
                    data.delete_created_records(options, ids)
            after = driver.run(CEILING)
            # The ceiling of this round: the mean of the runs before and after, to even out drift.
            ceiling = {
                **before,
                "rps": round((before["rps"] + after["rps"]) / 2, 1),
                "errors": before["errors"] + after["errors"],
            }
            rounds["ceiling"].append({**ceiling, "ratio": 1.0})
            for name, run in measured.items():
                rounds[name].append({**run, "ratio": round(run["rps"] / ceiling["rps"], 3)})
            if mixed:
                log(f"{count:,} records: round {round_number + 1}/{mode['repeats']}, readers beside a writer")
                mixed_rounds.append(mixed_round(driver, writer_token, round_number, ceiling["rps"]))
            for name in LATENCY_SCENARIOS:
                latency[name].append(driver.run(BY_NAME[name], connections=1))
        rss = server.peak_rss_mb()
    finally:
        server.stop()

    scenarios_spec = [
        {"name": s.name, "method": s.method, "path": paths[s.name], "auth": s.auth} for s in SCENARIOS[1:]
    ]
    queries = django_step(
        env, "queries", json.dumps({"scenarios": scenarios_spec, "token": token, "category_id": ids["category_id"]})
    )
    data.delete_created_records(options, ids)
    log(f"{count:,} records: the first read after a write, in-process")
    uncached = django_step(
        env,
        "uncached",
        json.dumps(
            {
                "paths": {name: path.format(**ids) for name, (_, path) in UNCACHED_READS.items()},
                "token": token,
                "writer_token": writer_token,
                "retrieve_id": ids["retrieve_id"],
                "calls": 9,
            }
        ),
    )
    for name, (label, _) in UNCACHED_READS.items():
        uncached[name]["label"] = label

    results = {}
    for scenario in SCENARIOS:
        name = scenario.name
        runs = rounds[name]
        entry = {
            "label": scenario.label,
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
    scale = {
        "records": count,
        "visible": ids["visible"],
        "load_seconds": load_seconds,
        "deep_page": ids["deep_page"],
        "scenarios": results,
        "uncached": uncached,
        "queries_sql": {name: q["sql"] for name, q in queries.items()},
        "worker_peak_rss_mb": rss,
    }
    if mixed_rounds:
        scale["mixed"] = summarize_mixed(mixed_rounds)
    return scale


def git_revision() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip()


def run_suite(options: Options) -> dict:
    """The whole benchmark in `options.mode`; returns the results it also wrote, with the report and chart."""
    from .report import write_report

    mode = options.settings
    TMP.mkdir(exist_ok=True)
    RAW_LOG.unlink(missing_ok=True)
    ensure_wrk(log)
    started = datetime.now(UTC)
    log(f"mode {options.mode}: {mode}; database {options.database}, Redis {options.redis_url}")
    log("the embedded default (SQLite, no Redis)")
    embedded = measure_embedded(mode["duration"], mode["repeats"], mode["connections"], log)
    env = bench_env(options)
    data.recreate_database(options)
    manage(env, "migrate", "--noinput", "--verbosity=0")
    scales = [bench_scale(count, options, env) for count in mode["scales"]]
    result = {
        "date": started.strftime("%Y-%m-%d"),
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": options.mode,
        "settings": {
            **mode,
            "workers": WORKERS,
            "worker_class": "sync",
            "wrk_threads": 1,
            "page_size": PAGE_SIZE,
            "writer_rate": WRITER_RATE,
        },
        "revision": git_revision(),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": sys.version.split()[0]},
        "uncached_method": "write-shown",  # bench/steps.py: a record the read shows
        "embedded": embedded,
        "scales": scales,
    }
    suffix = "" if options.mode == "full" else f"-{options.mode}"
    out = RESULTS / f"{result['date']}{suffix}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    log(f"wrote {out.relative_to(ROOT)}")
    write_report(result, out)
    log("wrote bench/REPORT.md and bench/chart.png")
    return result
