"""`python -m bench inprocess`: the benchmark's requests timed in-process, Django's WSGI handler called directly.

No HTTP, no gunicorn. Runs against the data the last `make bench` / `make bench-quick` left in the
benchmark database, with
the same production settings as the benchmark server (PostgreSQL, Redis). Each request is timed as the
best of 5 batches of BENCH_INPROCESS_REQUESTS calls, so that the figures show what the code costs,
not what the shared machine was doing. `make bench-inprocess` prints one line per request. The
caller sets Django up first (bench/__main__.py).
"""

import io
import itertools
import json
import os
import time

from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from .options import PASSWORD

REQUESTS = int(os.environ.get("BENCH_INPROCESS_REQUESTS", "300"))
BATCHES = 5


class Caller:
    """Calls the WSGI application with a fresh environ per request, as a server would."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.factory = RequestFactory(HTTP_HOST="127.0.0.1")

    def __call__(self, method: str, path: str, body: bytes = b"", **headers) -> tuple[int, bytes]:
        path, _, query = path.partition("?")
        environ = self.factory._base_environ(
            PATH_INFO=path,
            QUERY_STRING=query,
            REQUEST_METHOD=method,
            CONTENT_TYPE="application/json",
            CONTENT_LENGTH=str(len(body)),
            **{"wsgi.input": io.BytesIO(body)},
            **headers,
        )
        status = []
        response = self.handler(environ, lambda s, h, *_: status.append(s))
        content = b"".join(response)
        response.close()
        return int(status[0].split()[0]), content


def best_ms(call, request: tuple, expect: int | None) -> float:
    if expect is not None:
        code, content = call(*request)
        assert code == expect, (request[:2], code, content[:300])
    best = float("inf")
    for _ in range(BATCHES):
        started = time.perf_counter()
        for _ in range(REQUESTS):
            call(*request)
        best = min(best, (time.perf_counter() - started) / REQUESTS * 1000)
    return best


def main() -> None:
    from menapp.models import Men

    call = Caller()
    code, content = call("POST", "/api/v1/token/", json.dumps({"username": "bench", "password": PASSWORD}).encode())
    assert code == 200, content
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {json.loads(content)['access']}"}
    middle = Men.objects.published().order_by("id").values_list("id", flat=True)[Men.objects.count() // 2]
    own = Men.objects.filter(user__username="bench").values_list("id", flat=True).first()
    edits = itertools.count()

    def patch(*request, **headers):
        # A new text every time: a write that changes nothing is not a change, and would write nothing.
        return call(
            "PATCH", f"/api/v1/men/{own}/", json.dumps({"content": f"Правка {next(edits)}."}).encode(), **headers
        )

    category = Men.objects.values_list("cat_id", flat=True).first()

    def create(*request, **headers):
        body = {"title": f"Запись {next(edits)}", "content": "Текст.", "cat": category}
        return call("POST", "/api/v1/men/", json.dumps(body).encode(), **headers)

    requests = {
        "ceiling": (call, ("GET", "/bench/ceiling"), 200, {}),
        "anonymous list": (call, ("GET", "/api/v1/men/"), 200, {}),
        "anonymous retrieve": (call, ("GET", f"/api/v1/men/{middle}/"), 200, {}),
        "JWT list": (call, ("GET", "/api/v1/men/", b""), 200, bearer),
        "JWT PATCH": (patch, (), 200, bearer),
        "JWT create": (create, (), 201, bearer),
    }
    newest = Men.objects.order_by("-id").values_list("id", flat=True).first()
    print(f"{Men.objects.count():,} records; best of {BATCHES} x {REQUESTS} calls, ms per request")
    for name, (send, request, expect, headers) in requests.items():
        ms = best_ms(lambda *r, send=send, headers=headers: send(*r, **headers), request, expect)
        print(f"  {ms:6.3f}  {name}")
    # The created records go again (SQL, as bench.data does) with every cached answer that showed them,
    # so that the next run measures the same table.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM menapp_men WHERE id > %s", [newest])
    cache.clear()
    with CaptureQueriesContext(connection) as patch_sql:
        patch(**bearer)
    statements = [query["sql"] for query in patch_sql.captured_queries]
    ms = best_ms(lambda: replay(statements), (), None)
    print(f"  {ms:6.3f}  JWT PATCH's {len(statements)} SQL statements alone, replayed on one connection")


def replay(statements: list[str]) -> None:
    """Run a request's captured statements again, as they were sent: the database's own share of it."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
