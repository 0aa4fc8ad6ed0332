"""The mixed scenario's writer: one client PATCHing uniformly random records, paced or flat out, over HTTP.

A Python thread with its own connection rather than a wrk script: wrk's Lua has no wall clock to keep
a schedule by, and its `delay()` counts from each answer, so the rate would sag with every slow write.
"""

import math
import random
import statistics
import threading
import time
from collections import Counter

import httpx


class Pacer:
    """A fixed schedule of `rate` sends per second from `start` (slot k at start + k / rate); None: no pacing.

    Slots that pass while a write is in flight are dropped, not caught up in a burst: the writer
    never offers more than `rate`, and its achieved rate says whether it kept up.
    """

    def __init__(self, rate: float | None, start: float):
        self.rate = rate
        self.start = start
        self.slot = 0  # the next send's slot number

    def wait(self, now: float) -> float:
        """Seconds to wait from `now` before the next send."""
        if self.rate is None:
            return 0.0
        return max(0.0, self.start + self.slot / self.rate - now)

    def sent(self, now: float) -> None:
        """Record that the current slot's write ended at `now`: the next slot is the first not yet past."""
        if self.rate is None:
            return
        self.slot = max(self.slot + 1, math.ceil((now - self.start) * self.rate))


def pick_record(ranges: list[tuple[int, int]], rng: random.Random) -> int:
    """A record id drawn uniformly from the table's ids, given as inclusive (first, last) runs."""
    sizes = [last - first + 1 for first, last in ranges]
    position = rng.randrange(sum(sizes))
    for (first, _), size in zip(ranges, sizes, strict=True):
        if position < size:
            return first + position
        position -= size
    raise AssertionError("unreachable: position is below the total")


class Writer(threading.Thread):
    """PATCHes random records' text (never their membership: category, owner, publication) until stopped."""

    def __init__(self, base: str, token: str, ranges: list[tuple[int, int]], rate: float | None, seed: int = 0):
        super().__init__(daemon=True)
        self.base, self.token, self.ranges, self.rate = base, token, ranges, rate
        self.rng = random.Random(seed)
        self.halt = threading.Event()
        self.latencies_ms: list[float] = []
        self.statuses: Counter = Counter()
        self.elapsed = 0.0

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=10) as client:
            started = time.monotonic()
            pacer = Pacer(self.rate, started)
            while not self.halt.is_set():
                if self.halt.wait(pacer.wait(time.monotonic())):
                    break
                record = pick_record(self.ranges, self.rng)
                body = {"content": f"Правка нагрузочного теста: запись {record}, правка {len(self.latencies_ms)}."}
                sent = time.monotonic()
                try:
                    status = client.patch(f"/api/v1/men/{record}/", json=body).status_code
                except httpx.TransportError:
                    status = 0
                now = time.monotonic()
                self.latencies_ms.append((now - sent) * 1000)
                self.statuses[status] += 1
                pacer.sent(now)
            self.elapsed = time.monotonic() - started

    def stop(self) -> dict:
        self.halt.set()
        self.join(timeout=30)
        return summarize_writes(self.latencies_ms, self.statuses, self.elapsed, self.rate)


def summarize_writes(latencies_ms: list[float], statuses: Counter, elapsed: float, rate: float | None) -> dict:
    ok = statuses.get(200, 0)
    ordered = sorted(latencies_ms)
    return {
        "target_rps": rate,
        "rps": round(ok / elapsed, 1) if elapsed else 0.0,
        "writes": sum(statuses.values()),
        "errors": sum(count for status, count in statuses.items() if status != 200),
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "p50_ms": round(statistics.median(ordered), 2) if ordered else 0.0,
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2) if ordered else 0.0,
    }
