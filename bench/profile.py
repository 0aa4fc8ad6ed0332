"""`python -m bench profile`: the list and retrieve paths in-process (pyinstrument + Django's test client).

Runs against the data the last `make bench` / `make bench-quick` left in the benchmark database (or
BENCH_PROFILE_DATABASE_URL), with the same production settings as the benchmark server. Prints a call
tree share per bucket and the SQL per path, and writes HTML profiles to bench/.tmp/profile-<path>.html.
The caller sets Django up first (bench/__main__.py).
"""

import os
import re
import time
from pathlib import Path

from .options import PASSWORD, ROOT, TMP

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "300"))

# The project's own packages: each is its own bucket, so time spent in our code is never filed
# under the framework that called it.
OWN_PACKAGES = ("api", "accounts", "menapp", "config")
# Where a sample's time goes: the innermost frame on its stack whose file matches one of these
# (a third-party library by its folder), or one of OWN_PACKAGES.
LIBRARY_BUCKETS = [
    ("database round-trips (psycopg: wait + fetch)", ("psycopg/",)),
    ("cache/throttle counters (redis)", ("redis/", "django_redis/")),
    ("JWT (simplejwt)", ("rest_framework_simplejwt/",)),
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
    ("filter backends (django-filter, DRF filters)", ("django_filters/", "rest_framework/filters.py")),
    ("ORM: SQL compilation", ("django/db/models/sql/", "django/db/backends/")),
    ("ORM: querysets and model instances", ("django/db/models/",)),
    ("transactions", ("django/db/transaction.py",)),
    ("URL resolving", ("django/urls/",)),
    ("translation (LocaleMiddleware, gettext)", ("django/utils/translation/", "gettext")),
    ("Django/DRF request plumbing and middleware", ("django/", "rest_framework/", "corsheaders/", "whitenoise/")),
]


def bucket_for(file_path: str, root: Path = ROOT) -> str | None:
    """The bucket of one frame's file, or None when it has none of its own (it inherits its caller's)."""
    path = Path(file_path)
    if path.is_absolute() and path.is_relative_to(root) and "site-packages" not in path.parts:
        top = path.relative_to(root).parts[0]
        if top in OWN_PACKAGES:
            return f"our code: {top}/"
    posix = path.as_posix()
    for name, needles in LIBRARY_BUCKETS:
        if any(needle in posix for needle in needles):
            return name
    return None


def breakdown(root_frame, root: Path = ROOT) -> list[tuple[str, float]]:
    """Each bucket's share of the samples' time, largest first (pyinstrument frames: file_path, time, children)."""
    totals: dict[str, float] = {}

    def walk(frame, bucket):
        bucket = bucket_for(frame.file_path or "", root) or bucket
        if not frame.children:
            totals[bucket] = totals.get(bucket, 0.0) + frame.time
        for child in frame.children:
            walk(child, bucket)

    walk(root_frame, "test client and other")
    whole = sum(totals.values()) or 1.0
    return sorted(((name, t / whole) for name, t in totals.items()), key=lambda item: -item[1])


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


def main() -> None:
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    from menapp.models import Men

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
