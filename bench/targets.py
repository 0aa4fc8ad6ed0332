"""The performance targets (issues 10 and 11) and how one run's results measure up to them.

`evaluate(result)` gives one row per target: what it asks, what was measured, and whether it holds
(True, False, or None when the run did not measure it).
"""

# Throughput as a share of the ceiling, at every table size. Writes were 0.25 until issue 11: a
# PATCH's SQL statements alone took 1.1 ms against a 0.33 ms ceiling, below what durable SQL allows.
RATIO_TARGETS = {"list": 0.50, "retrieve": 0.60, "jwt_list": 0.40, "create": 0.15, "patch": 0.15}
WRITE_TARGET_NOTE = (
    "The write target is 0.15 of the ceiling (it was 0.25): a PATCH's SQL statements alone took 1.1 ms "
    "against a 0.33 ms ceiling in-process (PROFILE.md), so 0.25 was below what durable SQL allows."
)
LIST_SCENARIOS = ("list", "list_deep", "list_cat", "list_search", "jwt_list")
LATENCY_FACTOR = 1.5
SEARCH_P50_MS = 20
UNCACHED_FIRST_PAGE_P50_MS = 10
MIXED_TARGET = 0.60  # list throughput beside one paced writer, ÷ readers only in the same round
MIXED_SCALES = (100_000, 1_000_000)
WRITER_KEPT_RATE = 0.9  # the paced writer must achieve this share of its rate for the mixed target to count
EMBEDDED_TARGET = 0.50
MAX_QUERIES = 2
MAX_RSS_MB = 120
NOT_MEASURED = "not yet measured"


def ratio(value: float) -> str:
    """Two decimals, or three below 0.1 so that small shares do not all read 0.00."""
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def short(count: int) -> str:
    return f"{count // 1_000_000}M" if count >= 1_000_000 else f"{count // 1000}k"


def sizes(scales: list[dict]) -> str:
    return " / ".join(short(scale["records"]) for scale in scales)


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
                "measured": " / ".join(ratio(v) for v in values) + f" ({sizes(scales)})",
                "ok": min(values) >= target,
            }
        )
    rows.append(evaluate_mixed(result))
    rows.append(evaluate_embedded(result))
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
    rows.append(evaluate_queries(scales))
    peak = max(max(scale["worker_peak_rss_mb"].values()) for scale in scales)
    rows.append(
        {
            "target": f"worker peak RSS ≤ {MAX_RSS_MB} MB",
            "measured": f"{peak:.0f} MB (largest worker)",
            "ok": peak <= MAX_RSS_MB,
        }
    )
    return rows


def evaluate_mixed(result: dict) -> dict:
    """Issue 11: the list beside one writer at the paced rate keeps ≥ 0.60 of its readers-only throughput."""
    rate = result["settings"].get("writer_rate", 20)
    row = {
        "target": f"anonymous list beside one writer at {rate:g} PATCH/s ≥ {MIXED_TARGET:.2f} × readers only "
        f"(same round), at {' and '.join(short(n) for n in MIXED_SCALES)}",
    }
    measured = [scale for scale in result["scales"] if "mixed" in scale]
    if not measured:
        return {**row, "measured": "–", "ok": None}
    values = [scale["mixed"]["paced"]["ratio"] for scale in measured]
    writes = [scale["mixed"]["paced"]["writer"]["rps"] for scale in measured]
    missing = [short(n) for n in MIXED_SCALES if n not in {scale["records"] for scale in measured}]
    text = " / ".join(ratio(v) for v in values) + f" ({sizes(measured)})"
    # A writer that fell behind its schedule invalidated less, which flatters the readers: no pass then.
    slow = [w for w in writes if w < WRITER_KEPT_RATE * rate]
    if slow:
        text += "; the writer kept only " + " / ".join(f"{w:g}" for w in writes) + f" of {rate:g} PATCH/s"
    if missing:
        text += f"; {', '.join(missing)} {NOT_MEASURED}"
    return {**row, "measured": text, "ok": min(values) >= MIXED_TARGET and not missing and not slow}


def evaluate_embedded(result: dict) -> dict:
    """Issue 10: on `make run`'s embedded default the list reaches ≥ 0.50 of the ceiling in the same run."""
    row = {
        "target": f"embedded default (`make run`: SQLite, file cache, no Redis): anonymous list ≥ "
        f"{EMBEDDED_TARGET:.2f} of ceiling",
    }
    if "embedded" not in result:
        return {**row, "measured": "–", "ok": None}
    value = result["embedded"]["scenarios"]["list"]["ratio"]
    return {
        **row,
        "measured": f"{ratio(value)} ({result['embedded']['records']} records)",
        "ok": value >= EMBEDDED_TARGET,
    }


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
    first = largest["uncached"]["list"]["p50_ms"]
    rows.append(
        {
            "target": f"first page at {size} records, uncached (page number, with `count`), p50 ≤ "
            f"{UNCACHED_FIRST_PAGE_P50_MS} ms{caveat}",
            "measured": f"{first:.1f} ms",
            "ok": first <= UNCACHED_FIRST_PAGE_P50_MS,
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


def evaluate_queries(scales: list[dict]) -> dict:
    queries = {name: max(scale["scenarios"][name]["queries"] for scale in scales) for name in LIST_SCENARIOS}
    if all("uncached" in scale for scale in scales):
        for name in scales[0]["uncached"]:
            if name != "retrieve":
                queries[f"uncached {name}"] = max(scale["uncached"][name]["queries"] for scale in scales)
    return {
        "target": f"SQL queries per list request ≤ {MAX_QUERIES}, authentication included",
        "measured": ", ".join(f"{name} {count}" for name, count in queries.items()),
        "ok": max(queries.values()) <= MAX_QUERIES,
    }
