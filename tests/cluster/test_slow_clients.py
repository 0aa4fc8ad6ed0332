"""Drill 7: stalled clients tie up nginx connections, never gunicorn's sync workers."""

import socket
import time

import httpx
import pytest

from .conftest import FIGURES, INSTANCES, NGINX

pytestmark = pytest.mark.cluster

STALLED = 20  # more than the cluster's six gunicorn workers put together


def stall(kind: int) -> socket.socket:
    client = socket.create_connection(("127.0.0.1", 8080), timeout=5)
    if kind == 0:  # headers never finished
        client.sendall(b"GET /api/v1/men/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n")
    elif kind == 1:  # a body that never arrives
        client.sendall(
            b"POST /api/v1/men/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100000\r\n\r\n{"title": "'
        )
    else:  # a response never read
        client.sendall(b"GET /api/v1/men/?page_size=100 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    return client


def test_twenty_stalled_connections_do_not_delay_another_clients_request_beyond_two_seconds(cluster_env):
    stalled = [stall(n % 3) for n in range(STALLED)]
    try:
        time.sleep(0.5)  # let nginx take them all in before the timed requests
        timings = []
        for base in (NGINX,) * 9 + INSTANCES:  # through nginx (every instance in turn), then each directly
            started = time.monotonic()
            response = httpx.get(f"{base}/api/v1/men/", params={"page_size": 2}, timeout=10)
            timings.append(time.monotonic() - started)
            assert response.status_code == 200
    finally:
        for client in stalled:
            client.close()
    FIGURES["stalled connections"] = {"stalled": STALLED, "requests": len(timings),
                                      "slowest_seconds": round(max(timings), 3)}  # fmt: skip
    assert max(timings) < 2
