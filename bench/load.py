"""Load generation with wrk: install it if missing, run one scenario, read the summary its Lua script prints."""

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .options import BENCH

LUA = BENCH / "lua"
SCRIPTS = {"GET": "get.lua", "POST": "create.lua", "PATCH": "patch.lua"}
RESULT_PREFIX = "BENCH_RESULT "


def ensure_wrk(log) -> None:
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


def wrk(
    url: str,
    method: str,
    connections: int,
    duration: int,
    *,
    token: str = "",
    category_id: int = 0,
    own_ids: Sequence[int] = (),
    raw_log: Path,
) -> dict:
    """Drive `url` with wrk (1 thread) for `duration` seconds; returns its summary (see `summarize`).

    A PATCH edits the records `own_ids` in turn (lua/patch.lua), whatever record `url` names."""
    env = {
        **os.environ,
        "BENCH_LUA_DIR": str(LUA),
        "BENCH_TOKEN": token,
        "BENCH_CAT": str(category_id),
        "BENCH_OWN_IDS": ",".join(map(str, own_ids)),
    }
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout=10s", "--latency",
        "-s", str(LUA / SCRIPTS[method]), url,
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=duration + 60, check=True)
    with raw_log.open("a") as raw:
        raw.write(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}\n")
    return summarize(result.stdout)


def summarize(output: str) -> dict:
    """The figures of one wrk run from the line lua/common.lua prints: non-2xx/3xx answers are not throughput."""
    line = next(line for line in output.splitlines() if line.startswith(RESULT_PREFIX))
    summary = json.loads(line.removeprefix(RESULT_PREFIX))
    seconds = summary["duration_us"] / 1e6
    return {
        "rps": round((summary["requests"] - summary["errors"]["status"]) / seconds, 1),
        "requests": summary["requests"],
        "errors": sum(summary["errors"].values()),
        "p50_ms": round(summary["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(summary["latency_us"]["p99"] / 1000, 2),
    }
