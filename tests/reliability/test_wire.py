"""What only a real server shows: chunked request bodies as gunicorn hands them to the application."""

import json

import httpx

from .server import HEADERS, gunicorn, production_env


def chunks(payload: bytes, size: int = 1000):
    for start in range(0, len(payload), size):
        yield payload[start : start + size]


def test_chunked_bodies_are_read_up_to_the_limit_and_refused_beyond_it(tmp_path):
    env = production_env(tmp_path, MAX_REQUEST_BODY="10000")
    headers = {**HEADERS, "Content-Type": "application/json"}
    with (
        gunicorn(env, tmp_path, workers=2) as (base, _),
        httpx.Client(base_url=base, headers=headers, timeout=30) as client,
    ):
        small = json.dumps({"token": "not-a-token"}).encode()
        read = client.post("/api/v1/token/verify/", content=chunks(small))
        assert read.request.headers["Transfer-Encoding"] == "chunked"
        assert read.status_code == 401, "the chunked body was read: the token in it was checked"

        empty = client.post("/api/v1/token/verify/", content=chunks(b""))
        assert empty.status_code == 400

        big = json.dumps({"token": "x" * 300_000}).encode()
        refused = client.post("/api/v1/token/verify/", content=chunks(big, 64 * 1024))
        assert refused.status_code == 413
        assert refused.headers["Content-Type"] == "application/json"
        assert "detail" in refused.json()
