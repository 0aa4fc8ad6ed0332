"""wrk's summary line (bench/lua/common.lua) becomes the harness's figures (bench/load.py)."""

import json

from bench.load import summarize


def wrk_output(requests: int, status_errors: int = 0, timeouts: int = 0) -> str:
    summary = {
        "requests": requests,
        "duration_us": 2_000_000,
        "errors": {"connect": 0, "read": 0, "write": 0, "status": status_errors, "timeout": timeouts},
        "latency_us": {"p50": 2300, "p90": 4000, "p99": 8512, "mean": 2500.0, "max": 20000},
    }
    return f"Running 2s test @ http://127.0.0.1:1/\n  4 connections\nBENCH_RESULT {json.dumps(summary)}\n"


def test_throughput_counts_only_answers_without_an_error_status():
    figures = summarize(wrk_output(requests=3000, status_errors=200, timeouts=1))
    assert figures == {"rps": 1400.0, "requests": 3000, "errors": 201, "p50_ms": 2.3, "p99_ms": 8.51}
