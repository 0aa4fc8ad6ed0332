"""Turn one run's JSON (bench/results/*.json) into bench/REPORT.md and bench/chart.png.

`python bench/report.py bench/results/<file>.json` re-renders a report without re-running the bench.
"""

import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CHART = BENCH / "chart.png"
REPORT = BENCH / "REPORT.md"

# The targets: throughput as a share of the ceiling, at every table size.
RATIO_TARGETS = {"list": 0.50, "retrieve": 0.60, "jwt_list": 0.40, "create": 0.25, "patch": 0.25}
LIST_SCENARIOS = ("list", "list_deep", "list_cat", "list_search", "jwt_list")
LATENCY_FACTOR = 1.5
SEARCH_P50_MS = 20
MAX_QUERIES = 2
MAX_RSS_MB = 120


def ratio(value: float) -> str:
    """Two decimals, or three below 0.1 so that small shares do not all read 0.00."""
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def mark(ok: bool) -> str:
    return "✅ pass" if ok else "❌ fail"


def evaluate(result: dict) -> list[dict]:
    """One row per target: what it asks, what was measured, whether it holds."""
    scales = result["scales"]
    smallest, largest = scales[0], scales[-1]
    size = f"{largest['records']:,}"
    caveat = "" if largest["records"] >= 1_000_000 else f" (measured at {size}: a quick run stops short of 1M)"
    rows = []
    for name, target in RATIO_TARGETS.items():
        values = [scale["scenarios"][name]["ratio"] for scale in scales]
        rows.append(
            {
                "target": f"{smallest['scenarios'][name]['label']} ≥ {target:.2f} of ceiling",
                "measured": " / ".join(ratio(v) for v in values) + " (" + " / ".join(_sizes(scales)) + ")",
                "ok": min(values) >= target,
            }
        )
    base = smallest["scenarios"]["list"]["c1"]["p50_ms"]
    limit = LATENCY_FACTOR * base
    for name, what in (("list_deep", "deep page"), ("list", "first page")):
        p50 = largest["scenarios"][name]["c1"]["p50_ms"]
        rows.append(
            {
                "target": f"{what} at {size} records p50 ≤ {LATENCY_FACTOR}× first page at "
                f"{smallest['records']:,} ({limit:.1f} ms), 1 connection, repeated reads (record cache){caveat}",
                "measured": f"{p50:.1f} ms ({p50 / base:.1f}×)",
                "ok": p50 <= limit,
            }
        )
    search = largest["scenarios"]["list_search"]["c1"]["p50_ms"]
    rows.append(
        {
            "target": f"search at {size} records p50 ≤ {SEARCH_P50_MS} ms, 1 connection, repeated reads "
            f"(record cache){caveat}",
            "measured": f"{search:.1f} ms",
            "ok": search <= SEARCH_P50_MS,
        }
    )
    if "uncached" in smallest and "uncached" in largest:
        rows += evaluate_uncached(smallest, largest, caveat)
    queries = {name: max(scale["scenarios"][name]["queries"] for scale in scales) for name in LIST_SCENARIOS}
    if all("uncached" in scale for scale in scales):
        for name in scales[0]["uncached"]:
            if name != "retrieve":
                queries[f"uncached {name}"] = max(scale["uncached"][name]["queries"] for scale in scales)
    worst = max(queries.values())
    rows.append(
        {
            "target": f"SQL queries per list request ≤ {MAX_QUERIES}, authentication included",
            "measured": ", ".join(f"{name} {count}" for name, count in queries.items()),
            "ok": worst <= MAX_QUERIES,
        }
    )
    peak = max(max(scale["worker_peak_rss_mb"].values()) for scale in scales)
    rows.append(
        {
            "target": f"worker peak RSS ≤ {MAX_RSS_MB} MB",
            "measured": f"{peak:.0f} MB (largest worker)",
            "ok": peak <= MAX_RSS_MB,
        }
    )
    return rows


def evaluate_uncached(smallest: dict, largest: dict, caveat: str) -> list[dict]:
    """The latency targets for the first read after a write: no record cache, in-process."""
    size = f"{largest['records']:,}"
    base = smallest["uncached"]["list"]["p50_ms"]
    limit = LATENCY_FACTOR * base
    rows = []
    checks = [
        ("cursor_deep", "deep page"),
        ("list_deep", "deep page"),
        ("cursor", "first page"),
        ("list", "first page"),
    ]
    for name, what in checks:
        read = largest["uncached"][name]
        how = "cursor" if name.startswith("cursor") else "page number, with `count`"
        rows.append(
            {
                "target": f"{what} at {size} records, uncached ({how}), p50 ≤ {LATENCY_FACTOR}× first page at "
                f"{smallest['records']:,} uncached ({limit:.1f} ms){caveat}",
                "measured": f"{read['p50_ms']:.1f} ms ({read['p50_ms'] / base:.1f}×)",
                "ok": read["p50_ms"] <= limit,
            }
        )
    for name, how in (("cursor_search", "cursor"), ("list_search", "page number, with `count`")):
        read = largest["uncached"][name]
        rows.append(
            {
                "target": f"search at {size} records, uncached ({how}), p50 ≤ {SEARCH_P50_MS} ms{caveat}",
                "measured": f"{read['p50_ms']:.1f} ms",
                "ok": read["p50_ms"] <= SEARCH_P50_MS,
            }
        )
    return rows


def _sizes(scales: list[dict]) -> list[str]:
    return [_short(scale["records"]) for scale in scales]


def _short(count: int) -> str:
    return f"{count // 1_000_000}M" if count >= 1_000_000 else f"{count // 1000}k"


def write_chart(result: dict):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scales = result["scales"]
    names = [name for name in scales[0]["scenarios"] if name != "ceiling"]
    uncached = all("uncached" in scale for scale in scales)
    panels = 3 if uncached else 2
    fig, axes = plt.subplots(1, panels, figsize=(7 * panels, 5.5), gridspec_kw={"width_ratios": [3, 2, 3][:panels]})
    left, right = axes[0], axes[1]
    width = 0.8 / len(scales)
    colors = ["#4c72b0", "#dd8452", "#c44e52", "#55a868"]
    for i, scale in enumerate(scales):
        values = [scale["scenarios"][name]["ratio"] for name in names]
        positions = [x + (i - (len(scales) - 1) / 2) * width for x in range(len(names))]
        bars = left.bar(positions, values, width, label=f"{scale['records']:,} records", color=colors[i % len(colors)])
        left.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
    for x, name in enumerate(names):
        if name in RATIO_TARGETS:
            left.hlines(RATIO_TARGETS[name], x - 0.45, x + 0.45, colors="black", linestyles="--", linewidth=1.5)
    left.plot([], [], "k--", label="target")
    left.set_xticks(range(len(names)), [scales[0]["scenarios"][n]["label"] for n in names], rotation=30, ha="right")
    left.set_ylabel("throughput ÷ ceiling (higher is better)")
    left.set_title(f"Throughput as a share of the ceiling ({result['settings']['connections']} connections)")
    left.set_ylim(0, 1.05)
    left.legend(fontsize=8)
    left.grid(axis="y", alpha=0.3)

    latency_names = ["list", "list_deep", "list_search", "retrieve"]
    for i, scale in enumerate(scales):
        values = [scale["scenarios"][name]["c1"]["p50_ms"] for name in latency_names]
        positions = [x + (i - (len(scales) - 1) / 2) * width for x in range(len(latency_names))]
        bars = right.bar(positions, values, width, label=f"{scale['records']:,} records", color=colors[i % len(colors)])
        right.bar_label(bars, fmt="%.1f", fontsize=7, padding=1)
    base = scales[0]["scenarios"]["list"]["c1"]["p50_ms"]
    right.axhline(LATENCY_FACTOR * base, color="black", linestyle="--", linewidth=1.2, label="1.5× first page at 1k")
    right.axhline(
        SEARCH_P50_MS, color="grey", linestyle=":", linewidth=1.2, label=f"{SEARCH_P50_MS} ms (search target)"
    )
    right.set_yscale("log")
    plain_log_ticks(right)
    right.set_xticks(
        range(len(latency_names)), [scales[0]["scenarios"][n]["label"] for n in latency_names], rotation=30, ha="right"
    )
    right.set_ylabel("p50 latency, ms, log scale (lower is better)")
    right.set_title("Latency at one connection (repeated reads: record cache)")
    right.legend(fontsize=8)
    right.grid(axis="y", alpha=0.3, which="both")
    if uncached:
        chart_uncached(axes[2], scales, colors, width)
    fig.suptitle(f"Men API benchmark, {result['date']} ({result['mode']} run, revision {result['revision']})")
    fig.tight_layout()
    fig.savefig(CHART, dpi=110)
    plt.close(fig)


def plain_log_ticks(axis):
    """Tick labels such as 2, 5, 20 on a log axis, not 2×10⁰."""
    from matplotlib.ticker import FormatStrFormatter

    axis.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    axis.yaxis.set_minor_formatter(FormatStrFormatter("%g"))


def chart_uncached(axis, scales: list[dict], colors: list[str], width: float):
    names = list(scales[0]["uncached"])
    for i, scale in enumerate(scales):
        values = [scale["uncached"][name]["p50_ms"] for name in names]
        positions = [x + (i - (len(scales) - 1) / 2) * width for x in range(len(names))]
        bars = axis.bar(positions, values, width, label=f"{scale['records']:,} records", color=colors[i % len(colors)])
        axis.bar_label(bars, fmt="%.1f", fontsize=7, padding=1)
    base = scales[0]["uncached"]["list"]["p50_ms"]
    axis.axhline(LATENCY_FACTOR * base, color="black", linestyle="--", linewidth=1.2, label="1.5× first page at 1k")
    axis.axhline(SEARCH_P50_MS, color="grey", linestyle=":", linewidth=1.2, label=f"{SEARCH_P50_MS} ms (search target)")
    axis.set_yscale("log")
    plain_log_ticks(axis)
    axis.set_xticks(range(len(names)), [scales[0]["uncached"][n]["label"] for n in names], rotation=30, ha="right")
    axis.set_ylabel("p50 ms, log scale (lower is better)")
    axis.set_title("Uncached reads, in-process (first read after a write)")
    axis.legend(fontsize=8)
    axis.grid(axis="y", alpha=0.3, which="both")


def write_report(result: dict, json_path: Path):
    write_chart(result)
    settings = result["settings"]
    raw = json_path.relative_to(BENCH)
    lines = [
        "# Benchmark report",
        "",
        f"Generated by `make bench{'' if result['mode'] == 'full' else '-' + result['mode']}` on {result['started']} "
        f"(revision `{result['revision']}`); raw figures in [`{raw}`]({raw}).",
        "",
        f"Server: gunicorn, {settings['workers']} {settings['worker_class']} workers, production settings, PostgreSQL, "
        f"Redis cache and throttles (rates raised). Load: wrk, {settings['wrk_threads']} thread, "
        f"{settings['connections']} connections, {settings['duration']} s per run, {settings['repeats']} round(s); "
        f"figures are medians over the rounds. Machine: {result['machine']['cpus']} CPUs shared with the load "
        f"generator and the database (load average at start {result['machine']['load_average'][0]:.1f}).",
        "",
        "**How to read it.** Each throughput figure is a *ratio to the ceiling*: the requests per second of a "
        "trivial JSON view (`/bench/ceiling`, enabled by `BENCH_CEILING`) on the same server and workers, measured "
        "in the same round. 1.00 means as fast as the stack can answer at all; a noisy machine moves both numbers "
        "together, so the ratio stays comparable between runs. Latency targets use runs at one connection.",
        "",
        "![throughput and latency chart](chart.png)",
        "",
        "Where the time goes (profiles, query plans) and what to change: [PROFILE.md](PROFILE.md).",
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "|---|---|---|",
    ]
    lines += [f"| {row['target']} | {row['measured']} | {mark(row['ok'])} |" for row in evaluate(result)]
    for scale in result["scales"]:
        lines += [
            "",
            f"## {scale['records']:,} records ({scale['visible']:,} published; "
            f"deep page = page {scale['deep_page']:,}; loaded in {scale['load_seconds']} s)",
            "",
            "| scenario | req/s | ÷ ceiling | p50 ms | p99 ms | p50 / p99 ms at 1 conn. | SQL queries (+ BEGIN/COMMIT) "
            "| errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, s in scale["scenarios"].items():
            c1 = f"{s['c1']['p50_ms']:.1f} / {s['c1']['p99_ms']:.1f}" if "c1" in s else "–"
            queries = "0" if name == "ceiling" else f"{s['queries']} (+{s.get('transaction_statements', 0)})"
            lines.append(
                f"| {s['label']} | {s['rps']:.0f} | {ratio(s['ratio'])} | {s['p50_ms']:.1f} | {s['p99_ms']:.1f} | {c1} "
                f"| {queries} | {s['errors']} |"
            )
        rss = ", ".join(f"{mb:.0f} MB" for mb in scale["worker_peak_rss_mb"].values())
        lines += ["", f"Worker peak RSS (VmHWM) after the run, one figure per worker: {rss}."]
        if "uncached" in scale:
            lines += [
                "",
                "Uncached reads (the first read after a write): in-process through the whole Django "
                "stack, the record cache's generation renewed before each request; p50 of 9.",
                "",
                "| read | p50 ms | slowest ms | SQL queries |",
                "|---|---:|---:|---:|",
            ]
            lines += [
                f"| {read['label']} | {read['p50_ms']:.1f} | {read['max_ms']:.1f} | {read['queries']} |"
                for read in scale["uncached"].values()
            ]
    lines += [
        "",
        "## Method",
        "",
        "- `load_demo --count N` tops the table up to N records (COPY), then `VACUUM ANALYZE`; a `bench` user is "
        "created with one record of its own (the PATCH target) and a JWT obtained from `/api/v1/token/`.",
        "- Each round runs the ceiling, every scenario, the ceiling again (the round's ceiling is the mean of the "
        "two), then the latency runs at one connection. Records created by the POST runs are deleted after each run.",
        "- SQL queries per request: Django's test client with `CaptureQueriesContext` against the same database, "
        "one warm request per scenario first (the server under load carries no instrumentation). Connection "
        "health checks (`CONN_HEALTH_CHECKS`) run on the raw connection and are not counted.",
        "- Worker peak RSS: `VmHWM` in `/proc/<pid>/status` of each gunicorn worker after the last run (the worker "
        "that served the JWT login also carries the Argon2id hasher's 19 MiB working memory).",
        "- SQL queries exclude a write's transaction control (`BEGIN`/`COMMIT`, shown as +N): round trips all the "
        "same. Reads run no transaction.",
        "- wrk repeats one URL per scenario, so its reads are answered by the record cache (rendered JSON in Redis, "
        "per reader scope, dropped by any write). The *uncached* tables time what the first reader after a write "
        "waits for: Django's test client in one process against the same database, the cache's generation "
        "renewed before each request (outside the timing).",
        "",
    ]
    REPORT.write_text("\n".join(lines))


if __name__ == "__main__":
    path = Path(sys.argv[1]).resolve()
    write_report(json.loads(path.read_text()), path)
