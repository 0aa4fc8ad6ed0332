"""A small results document shaped like bench/results/*.json, for the report and target tests."""

import copy

SCENARIO_LABELS = {
    "ceiling": "ceiling (trivial JSON view)",
    "list": "anonymous list, first page",
    "list_deep": "anonymous list, deep page",
    "list_cat": "anonymous list, ?cat=",
    "list_search": "anonymous list, ?search=",
    "retrieve": "anonymous retrieve",
    "jwt_list": "JWT list, first page",
    "create": "JWT create (POST)",
    "patch": "JWT PATCH",
}
RATIOS = {"ceiling": 1.0, "list": 0.65, "list_deep": 0.64, "list_cat": 0.62, "list_search": 0.61,
          "retrieve": 0.65, "jwt_list": 0.53, "create": 0.16, "patch": 0.17}  # fmt: skip
UNCACHED = ["list", "list_deep", "cursor", "cursor_deep", "list_search", "cursor_search", "retrieve", "jwt_list"]


def scale(records: int, uncached_ms: float = 5.0, mixed: float | None = None) -> dict:
    scenarios = {}
    for name, label in SCENARIO_LABELS.items():
        entry = {"label": label, "path": "/", "rps": 2500 * RATIOS[name], "ratio": RATIOS[name], "p50_ms": 2.0,
                 "p99_ms": 4.0, "errors": 0, "queries": 0, "transaction_statements": 0, "runs": []}  # fmt: skip
        if name in ("ceiling", "list", "list_deep", "list_search", "retrieve"):
            entry["c1"] = {"p50_ms": 1.0, "p99_ms": 1.5, "rps": 900, "runs": []}
        scenarios[name] = entry
    result = {
        "records": records,
        "visible": records * 19 // 20,
        "load_seconds": 1.0,
        "deep_page": 85,
        "scenarios": scenarios,
        "uncached": {
            name: {"label": name, "path": "/", "p50_ms": uncached_ms, "max_ms": uncached_ms + 1, "queries": 2}
            for name in UNCACHED
        },
        "queries_sql": {},
        "worker_peak_rss_mb": {"1": 96.0, "2": 91.0},
    }
    if mixed is not None:
        readers = {"rps": 1600.0, "p50_ms": 2.3, "p99_ms": 8.5, "errors": 0}
        writer = {"target_rps": 20.0, "rps": 19.8, "p50_ms": 7.0, "p99_ms": 20.0, "errors": 0}
        result["mixed"] = {
            "readers_only": {**readers, "ratio": 1.0, "ceiling_ratio": 0.64},
            "paced": {**readers, "rps": 1600 * mixed, "ratio": mixed, "ceiling_ratio": 0.4, "writer": writer},
            "unpaced": {**readers, "rps": 300.0, "ratio": 0.19, "ceiling_ratio": 0.12, "writer": writer},
            "runs": [],
        }
    return result


def results(*scales: dict, embedded_ratio: float | None = 0.55) -> dict:
    document = {
        "date": "2026-12-01",
        "started": "2026-12-01T20:00:00+00:00",
        "finished": "2026-12-01T20:03:00+00:00",
        "mode": "quick",
        "settings": {
            "scales": [s["records"] for s in scales],
            "mixed_scales": [100_000],
            "duration": 2,
            "repeats": 1,
            "connections": 4,
            "workers": 2,
            "worker_class": "sync",
            "wrk_threads": 1,
            "page_size": 10,
            "writer_rate": 20.0,
        },  # fmt: skip
        "revision": "abc1234",
        "machine": {"cpus": 2, "load_average": [1.0, 1.0, 1.0], "python": "3.11"},
        "uncached_method": "write",
        "scales": [copy.deepcopy(s) for s in scales],
    }
    if embedded_ratio is not None:
        document["embedded"] = {
            "records": 25,
            "database": "SQLite",
            "cache": "file cache (no Redis)",
            "settings": {"duration": 2, "repeats": 1, "connections": 4, "workers": 2},
            "scenarios": {
                "ceiling": {
                    "label": "ceiling (trivial JSON view)",
                    "rps": 2000,
                    "ratio": 1.0,
                    "p50_ms": 1.5,
                    "p99_ms": 3.0,
                    "errors": 0,
                },  # fmt: skip
                "list": {
                    "label": "anonymous list, first page",
                    "rps": 2000 * embedded_ratio,
                    "ratio": embedded_ratio,
                    "p50_ms": 3.0,
                    "p99_ms": 6.0,
                    "errors": 0,
                },  # fmt: skip
            },
            "worker_peak_rss_mb": {"1": 80.0},
        }
    return document
