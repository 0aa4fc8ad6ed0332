"""Profile the list and retrieve paths in-process (pyinstrument + Django's test client).

Runs against the data the last `make bench` / `make bench-quick` left in the men_bench database (or
BENCH_PROFILE_DATABASE_URL), with
the same production settings as the benchmark server. Prints a call tree per path and writes HTML
profiles to bench/.tmp/profile-<path>.html.
"""

import os
import re
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from run import PASSWORD, TMP, setup_django_in_process  # noqa: E402

setup_django_in_process()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from menapp.models import Men  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "300"))

# Where a sample's time goes: the innermost frame on its stack whose file matches one of these.
BUCKETS = [
    ("database round-trips (psycopg: wait + fetch)", ("psycopg/",)),
    ("cache/throttle counters (redis)", ("redis/", "django_redis/")),
    ("JWT authentication (simplejwt, incl. blacklist check)", ("rest_framework_simplejwt/", "accounts/tokens.py")),
    ("throttling (DRF, excl. redis)", ("rest_framework/throttling.py",)),
    (
        "serializer (fields, to_representation)",
        (
            "rest_framework/serializers.py",
            "rest_framework/fields.py",
            "rest_framework/relations.py",
            "rest_framework/utils/",
        ),
    ),
    ("JSON rendering", ("rest_framework/renderers.py", "json/")),
    ("pagination (incl. count)", ("rest_framework/pagination.py", "django/core/paginator.py")),
    (
        "filter backends (django-filter, search, ordering)",
        ("django_filters/", "rest_framework/filters.py", "menapp/filters.py"),
    ),
    ("ORM: SQL compilation", ("django/db/models/sql/", "django/db/backends/")),
    ("ORM: querysets and model instances", ("django/db/models/",)),
    ("transactions (ATOMIC_REQUESTS)", ("django/db/transaction.py",)),
    ("URL resolving", ("django/urls/",)),
    ("translation (LocaleMiddleware, gettext)", ("django/utils/translation/", "gettext")),
    (
        "Django/DRF request plumbing and middleware",
        ("django/", "rest_framework/", "corsheaders/", "whitenoise/", "config/"),
    ),
]


def main():
    client = Client(HTTP_HOST="127.0.0.1")
    token = client.post("/api/v1/token/", {"username": "bench", "password": PASSWORD}).json()["access"]
    middle = Men.objects.published().order_by("id").values_list("id", flat=True)[Men.objects.count() // 2]
    paths = {
        "list": ("/api/v1/men/", {}),
        "retrieve": (f"/api/v1/men/{middle}/", {}),
        "jwt-list": ("/api/v1/men/", {"HTTP_AUTHORIZATION": f"Bearer {token}"}),
    }
    TMP.mkdir(exist_ok=True)
    print(f"{Men.objects.count():,} records; {REQUESTS} requests per path")
    for name, (path, headers) in paths.items():
        for _ in range(5):
            assert client.get(path, **headers).status_code == 200
        profiler = Profiler(interval=0.0005)
        timings: dict[str, list[float]] = {}
        with profiler, connection.execute_wrapper(SqlTimer(timings)):
            for _ in range(REQUESTS):
                client.get(path, **headers)
        print(f"\n===== {name}: GET {path} =====")
        print(f"{profiler.last_session.duration / REQUESTS * 1000:.2f} ms per request (wall, in-process)")
        for bucket, share in breakdown(profiler.last_session.root_frame()):
            print(f"  {share:5.1%}  {bucket}")
        print("  SQL statements, mean ms each (per request):")
        for sql, durations in sorted(timings.items(), key=lambda item: -sum(item[1])):
            print(f"  {sum(durations) / len(durations) * 1000:7.2f} ms x{len(durations) / REQUESTS:.0f}  {sql}")
        (TMP / f"profile-{name}.html").write_text(profiler.output_html())


class SqlTimer:
    """An execute wrapper that times each statement, keyed by its first words."""

    def __init__(self, timings: dict):
        self.timings = timings

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = re.sub(r"\s+", " ", sql)
            key = re.sub(r"SELECT (?!COUNT).*? FROM", "SELECT … FROM", key, count=1)[:110]
            self.timings.setdefault(key, []).append(time.perf_counter() - started)


def breakdown(root) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}

    def walk(frame, bucket):
        path = (frame.file_path or "").replace("\\", "/")
        for name, needles in BUCKETS:
            if any(needle in path for needle in needles):
                bucket = name
                break
        if not frame.children:
            totals[bucket] = totals.get(bucket, 0.0) + frame.time
        for child in frame.children:
            walk(child, bucket)

    walk(root, "test client and other")
    whole = sum(totals.values()) or 1.0
    return sorted(((name, t / whole) for name, t in totals.items()), key=lambda item: -item[1])


if __name__ == "__main__":
    main()
