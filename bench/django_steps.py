"""Steps of `make bench` that run inside Django, against the benchmark database.

`prepare` creates the benchmark user and a record it owns and prints the ids the scenarios need;
`queries` counts the SQL each scenario's request runs (Django's test client plus
CaptureQueriesContext, so the server under load carries no instrumentation); `uncached` times reads
that the record cache cannot answer (its generation renewed before each request, outside the timing).
All print JSON.
"""

import base64
import json
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from menapp.cache import catalog  # noqa: E402
from menapp.models import Category, Men  # noqa: E402

BENCH_USERNAME = "bench"


def prepare(password: str) -> dict:
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=BENCH_USERNAME, defaults={"email": "bench@example.com"})
    user.set_password(password)
    user.is_active = True
    user.save()
    category = Category.objects.order_by("id").first()
    own, _ = Men.objects.get_or_create(
        user=user, title="Запись нагрузочного теста", defaults={"content": "Её правит make bench.", "cat": category}
    )
    published = Men.objects.published()
    visible = published.count()
    # A record in the middle of the table, so retrieve is not served from the hottest pages.
    middle = published.order_by("id").values_list("id", flat=True)[visible // 2]
    # A keyset cursor nine tenths of the way down the newest-first list, as DRF encodes it.
    deep = published.order_by("-time_create", "-id").values_list("time_create", flat=True)[visible * 9 // 10]
    deep_cursor = base64.b64encode(urllib.parse.urlencode({"p": str(deep)}).encode()).decode()
    return {
        "deep_cursor": urllib.parse.quote(deep_cursor),
        "user_id": user.pk,
        "own_record_id": own.pk,
        "category_id": category.pk,
        "retrieve_id": middle,
        "visible": visible,
        "total": Men.objects.count(),
    }


def is_transaction_control(sql: str) -> bool:
    """BEGIN/COMMIT (ATOMIC_REQUESTS) and savepoints: round-trips, but not queries in the targets' sense."""
    return sql.upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT"))


def count_queries(scenarios: list[dict], token: str, category_id: int) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for scenario in scenarios:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if scenario["auth"] else {}
        body = None
        if scenario["method"] == "POST":
            body = {"title": "Запись нагрузочного теста", "content": "Создана make bench.", "cat": category_id}
        elif scenario["method"] == "PATCH":
            body = {"title": "Запись нагрузочного теста (правка)"}

        def send(scenario=scenario, headers=headers, body=body):
            method = getattr(client, scenario["method"].lower())
            kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
            return method(scenario["path"], **kwargs, **headers)

        send()  # warm: the first request of a process loads caches and opens the connection
        with CaptureQueriesContext(connection) as captured:
            response = send()
        if scenario["method"] == "POST" and response.status_code == 201:
            Men.objects.filter(pk=response.json()["id"]).delete()
        statements = [query["sql"] for query in captured.captured_queries]
        counts[scenario["name"]] = {
            "queries": sum(not is_transaction_control(sql) for sql in statements),
            "transaction_statements": sum(is_transaction_control(sql) for sql in statements),
            "status": response.status_code,
            "sql": [sql[:300] for sql in statements],
        }
    return counts


def time_uncached(paths: dict, token: str, calls: int) -> dict:
    """p50 (and max) ms of reads answered from the database, through the whole Django stack.

    Paths named `jwt_…` are read with the bearer token (whose user the cache already knows, as for any
    reader after their first request); the others anonymously.
    """
    client = Client(HTTP_HOST="127.0.0.1")
    timings = {}
    for name, path in paths.items():
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if name.startswith("jwt_") else {}
        assert client.get(path, **headers).status_code == 200, path  # warm: connection, imports
        durations = []
        for _ in range(calls):
            catalog.renew()
            started = time.perf_counter()
            client.get(path, **headers)
            durations.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            catalog.renew()
            client.get(path, **headers)
        timings[name] = {
            "path": path,
            "p50_ms": round(statistics.median(durations), 2),
            "max_ms": round(max(durations), 2),
            "queries": len(captured.captured_queries),
        }
    return timings


if __name__ == "__main__":
    step = sys.argv[1]
    if step == "prepare":
        print(json.dumps(prepare(os.environ["BENCH_PASSWORD"])))
    elif step == "queries":
        spec = json.loads(sys.stdin.read())
        print(json.dumps(count_queries(spec["scenarios"], spec["token"], spec["category_id"])))
    elif step == "uncached":
        spec = json.loads(sys.stdin.read())
        print(json.dumps(time_uncached(spec["paths"], spec["token"], spec["calls"])))
    else:
        sys.exit(f"unknown step {step!r}")
