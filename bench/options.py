"""What a benchmark run is: its mode (sizes, durations, rounds), where its data lives, and the fixed settings."""

import os
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TMP = BENCH / ".tmp"  # raw output (server logs, wrk output): git-ignored
RESULTS = BENCH / "results"

WORKERS = 2
PAGE_SIZE = 10
PASSWORD = "Bench-pass-phrase-0"
ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_DATABASE = "men_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
# Never reached, and per second on purpose: a throttle's window holds about as many entries as
# production's limits allow, whatever the bench's request rate.
UNLIMITED = "1000000000/s"
WRITER_RATE = 20.0  # PATCH/s of the mixed scenario's paced writer (issue 11)

MODES = {
    # 3 sizes x 3 rounds x 15 runs of 6 s, the mixed runs at 100k and 1M, the embedded default: ~20 min.
    "full": {
        "scales": [1_000, 100_000, 1_000_000],
        "mixed_scales": [100_000, 1_000_000],
        "duration": 6,
        "repeats": 3,
        "connections": 4,
    },
    # 2 sizes x 1 round x 15 runs of 2 s, the mixed runs at 100k, the embedded default: ~3 minutes.
    "quick": {"scales": [1_000, 100_000], "mixed_scales": [100_000], "duration": 2, "repeats": 1, "connections": 4},
}


@dataclass(frozen=True)
class Options:
    """One run's choices; the database and Redis come from flags, else BENCH_DATABASE / BENCH_REDIS_URL."""

    mode: str = "full"
    database: str = field(default_factory=lambda: os.environ.get("BENCH_DATABASE", DEFAULT_DATABASE))
    redis_url: str = field(default_factory=lambda: os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:5432/{self.database}"

    @property
    def psycopg_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:5432/{self.database}"

    @property
    def settings(self) -> dict:
        return MODES[self.mode]
