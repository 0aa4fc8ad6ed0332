"""Steps of the benchmark that run inside Django, against the benchmark database; each prints one JSON line.

`python -m bench.steps <step>` (the harness passes the server's environment and the step's input on stdin):
`prepare` creates the bench users (a reader-writer with a record of its own, and a staff writer for
the mixed scenario) and prints the ids the scenarios need; `queries` counts the SQL each scenario's
request runs (Django's test client plus CaptureQueriesContext, so the server under load carries no
instrumentation); `uncached` times the first read after a write, a real PATCH through the API
before each timed read (outside the timing), so it measures whatever invalidation the code does.
"""

import base64
import itertools
import json
import os
import random
import statistics
import sys
import time
import urllib.parse

from .scenarios import WRITE_ELSEWHERE

BENCH_USERNAME = "bench"
WRITER_USERNAME = "bench-writer"  # staff, so it may PATCH any record
UNCACHED_SAMPLE = 64  # published records the uncached step's writes pick from
OWN_RECORDS = 16  # the bench user's records, which the PATCH scenario edits in turn (bench/lua/patch.lua)


def prepare(password: str) -> dict:
    from django.contrib.auth import get_user_model

    from menapp.models import Category, Men

    User = get_user_model()
    user = ensure_user(User, BENCH_USERNAME, password)
    ensure_user(User, WRITER_USERNAME, password, is_staff=True)
    category = Category.objects.order_by("id").first()
    own = [
        Men.objects.get_or_create(
            user=user,
            title=f"Запись нагрузочного теста {number}",
            defaults={"content": "Её правит make bench.", "cat": category},
        )[0].pk
        for number in range(1, OWN_RECORDS + 1)
    ]
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
        "own_record_id": own[0],
        "own_record_ids": own,
        "category_id": category.pk,
        "retrieve_id": middle,
        "visible": visible,
        "total": Men.objects.count(),
        "id_ranges": id_ranges(),
    }


def ensure_user(User, username: str, password: str, is_staff: bool = False):
    user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
    user.set_password(password)
    user.is_active = True
    user.is_staff = is_staff
    user.save()
    return user


def id_ranges() -> list[tuple[int, int]]:
    """The records' ids as inclusive (first, last) runs without gaps (gaps-and-islands), for uniform picks."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(id), MAX(id) FROM (SELECT id, id - ROW_NUMBER() OVER (ORDER BY id) AS run FROM menapp_men) "
            "AS numbered GROUP BY run ORDER BY 1"
        )
        return [(first, last) for first, last in cursor.fetchall()]


def is_transaction_control(sql: str) -> bool:
    """BEGIN/COMMIT and savepoints: round-trips, but not queries in the targets' sense."""
    return sql.upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT"))


def count_queries(scenarios: list[dict], token: str, category_id: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from menapp.models import Men

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for scenario in scenarios:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if scenario["auth"] else {}
        body = None
        if scenario["method"] == "POST":
            body = {"title": "Запись нагрузочного теста", "content": "Создана make bench.", "cat": category_id}
        elif scenario["method"] == "PATCH":
            body = {"title": "Запись нагрузочного теста (правка)"}
        edits = itertools.count()

        def send(scenario=scenario, headers=headers, body=body, edits=edits):
            method = getattr(client, scenario["method"].lower())
            if scenario["method"] == "PATCH":  # a new title each time: a write that changes nothing is not a change
                body = {"title": f"Запись нагрузочного теста (правка {next(edits)})"}
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


def time_uncached(paths: dict, token: str, writer_token: str, retrieve_id: int, calls: int) -> dict:
    """p50 (and max) ms of the first read after a write, through the whole Django stack.

    Before each timed read the staff writer PATCHes, through the API, a record the read shows (the
    retrieved record itself, or one on the list's page), so the cached answer must be dropped and the
    read pays what a reader after such a write pays. Reads named in WRITE_ELSEWHERE follow a write to
    a random published record off the page instead: what most readers pay while others write.
    Paths named `jwt_…` are read with the bench user's token (whose user the cache already knows,
    as for any reader after their first request); the others anonymously.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from menapp.models import Men

    client = Client(HTTP_HOST="127.0.0.1")
    writer = {"HTTP_AUTHORIZATION": f"Bearer {writer_token}"}
    rng = random.Random(0)
    sample = list(Men.objects.published().order_by("?").values_list("id", flat=True)[:UNCACHED_SAMPLE])

    edits = itertools.count()

    shown: dict[str, list[int]] = {}

    def write(name: str) -> None:
        if name == "retrieve":
            record = retrieve_id
        elif name in WRITE_ELSEWHERE:
            record = rng.choice([pk for pk in sample if pk not in shown[name]])
        else:
            record = rng.choice(shown[name])
        # A new text every time: a write that changes nothing is not a change, and would drop nothing.
        body = json.dumps({"content": f"Правка перед чтением без кэша: запись {record}, правка {next(edits)}."})
        response = client.patch(f"/api/v1/men/{record}/", body, content_type="application/json", **writer)
        assert response.status_code == 200, (record, response.status_code, response.content[:300])

    timings = {}
    for name, path in paths.items():
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if name.startswith("jwt_") else {}
        warm = client.get(path, **headers)  # warm: connection, imports
        assert warm.status_code == 200, path
        shown[name] = [record["id"] for record in warm.json().get("results", [])]
        durations = []
        for _ in range(calls):
            write(name)
            started = time.perf_counter()
            client.get(path, **headers)
            durations.append((time.perf_counter() - started) * 1000)
        write(name)
        with CaptureQueriesContext(connection) as captured:
            client.get(path, **headers)
        timings[name] = {
            "path": path,
            "p50_ms": round(statistics.median(durations), 2),
            "max_ms": round(max(durations), 2),
            "queries": len(captured.captured_queries),
        }
    return timings


def main(step: str) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    if step == "prepare":
        return prepare(os.environ["BENCH_PASSWORD"])
    spec = json.loads(sys.stdin.read())
    if step == "queries":
        return count_queries(spec["scenarios"], spec["token"], spec["category_id"])
    if step == "uncached":
        return time_uncached(spec["paths"], spec["token"], spec["writer_token"], spec["retrieve_id"], spec["calls"])
    sys.exit(f"unknown step {step!r}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
