"""Throttle limits hold exactly across the worker processes of a production server."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from devtools.processes import served_by

from .server import HEADERS, gunicorn, production_env

ALLOWED = 20
REQUESTS = 120
WORKERS = 4


def test_anonymous_limit_holds_to_the_request_across_gunicorn_workers(tmp_path):
    # A day-long window: the whole burst falls inside one window, so exactly ALLOWED may pass.
    env = production_env(tmp_path, THROTTLE_ANON=f"{ALLOWED}/day", THROTTLE_USER="1000/day")
    with gunicorn(env, tmp_path, workers=WORKERS) as (base, access_log):
        with httpx.Client(base_url=base, headers=HEADERS, timeout=30) as client:

            def fetch(_):
                return client.get("/api/v1/")

            with ThreadPoolExecutor(max_workers=32) as pool:
                responses = list(pool.map(fetch, range(REQUESTS)))

        statuses = [r.status_code for r in responses]
        assert statuses.count(200) == ALLOWED, statuses
        assert statuses.count(429) == REQUESTS - ALLOWED, statuses
        for refused in (r for r in responses if r.status_code == 429):
            assert refused.headers["Content-Type"] == "application/json"
            assert "detail" in refused.json()
            assert int(refused.headers["Retry-After"]) > 0
        assert len(served_by(access_log, "GET /api/v1/")) > 1, "the burst was spread over several workers"
