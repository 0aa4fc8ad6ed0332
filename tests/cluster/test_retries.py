"""Drill 3, the nginx side: an instance that takes a request and dies before answering.

web-8103 is replaced by a fake that reads each request whole, then closes the connection without a
word (a crash after the request arrived). nginx must send a GET or HEAD again to another instance,
and must never send a POST, PATCH, PUT or DELETE again: the client gets a 503, and the write did not
happen anywhere else.
"""

import socket
import threading
import time
import uuid

import httpx
import pytest

from .conftest import FIGURES, INSTANCES, NGINX, Account, create_record, service

pytestmark = pytest.mark.cluster

FAKE_PORT = 8103
# nginx keeps a failed instance out of rotation this long (upstream-cluster.conf, fail_timeout).
FAIL_TIMEOUT = 5.5


class DyingInstance:
    """Listens on FAKE_PORT; reads each request (headers and body), remembers its X-Drill-Id, hangs up."""

    def __init__(self):
        self.seen: set[str] = set()
        self.listener = socket.create_server(("127.0.0.1", FAKE_PORT), reuse_port=False)
        self.listener.settimeout(0.2)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        data += connection.recv(65536) or b"\r\n\r\n"
                    head, _, body = data.partition(b"\r\n\r\n")
                    headers = dict(
                        line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:] if ": " in line
                    )
                    length = int({k.lower(): v for k, v in headers.items()}.get("content-length", 0))
                    while len(body) < length:
                        body += connection.recv(65536) or b" " * length
                    drill_id = {k.lower(): v for k, v in headers.items()}.get("x-drill-id")
                    if drill_id:
                        self.seen.add(drill_id)
                except (OSError, ValueError):
                    pass

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        self.listener.close()


@pytest.fixture
def prepared(cluster_env, category_id) -> dict:
    """What the drill needs, made through a live instance before web-8103 is replaced."""
    account = Account("retry")
    pair = httpx.post(f"{INSTANCES[0]}/api/v1/token/", json={"username": "admin", "password": "admin-password-123"})
    assert pair.status_code == 200, "make cluster creates the demo account admin / admin-password-123"
    record = create_record(INSTANCES[0], account, category_id, "Retry drill").json()["id"]
    return {"account": account, "admin": {"Authorization": f"Bearer {pair.json()['access']}"}, "record": record}


@pytest.fixture
def dying_instance(prepared):
    service("stop", f"web-{FAKE_PORT}")
    fake = DyingInstance()
    try:
        yield fake
    finally:
        fake.stop()
        service("start", f"web-{FAKE_PORT}")


def until_the_fake_gets_one(fake: DyingInstance, send) -> tuple[httpx.Response, str]:
    """Send requests (each with a new X-Drill-Id) until one reaches the fake; that one's answer."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        drill_id = uuid.uuid4().hex
        response = send({"X-Drill-Id": drill_id}, drill_id)
        if drill_id in fake.seen:
            time.sleep(FAIL_TIMEOUT)  # nginx puts the "instance" back in rotation for the next method
            return response, drill_id
    raise AssertionError("nginx sent nothing to the dying instance within 30 s")


def test_an_instance_dying_after_the_request_arrived_gets_reads_retried_and_writes_never_resent(
    prepared, dying_instance, category_id
):
    account, admin = prepared["account"], prepared["admin"]
    url = f"{NGINX}/api/v1/men/{prepared['record']}/"
    outcomes = {}

    # GET: sent again to a live instance, the client never notices.
    response, _ = until_the_fake_gets_one(dying_instance, lambda headers, _: httpx.get(url, headers=headers))
    outcomes["GET"] = response.status_code
    assert response.status_code == 200

    # POST: not sent again, so the record was not created elsewhere.
    def post(headers, marker):
        body = {"title": f"Never twice {marker}", "content": "x", "cat": category_id}
        return httpx.post(f"{NGINX}/api/v1/men/", json=body, headers={**account.bearer, **headers})

    response, marker = until_the_fake_gets_one(dying_instance, post)
    outcomes["POST"] = response.status_code
    assert response.status_code == 503 and response.json()["code"] == "service_unavailable"
    assert httpx.get(f"{NGINX}/api/v1/men/", params={"search": marker}).json()["count"] == 0

    # PATCH and PUT: not sent again, so the record keeps its title.
    for method in ("PATCH", "PUT"):

        def change(headers, marker, method=method):
            body = {"title": f"Changed {marker}", "content": "x", "cat": category_id}
            return httpx.request(method, url, json=body, headers={**account.bearer, **headers})

        response, marker = until_the_fake_gets_one(dying_instance, change)
        outcomes[method] = response.status_code
        assert response.status_code == 503
        assert httpx.get(url).json()["title"] != f"Changed {marker}"

    # DELETE (staff): not sent again, so the record is still there. Each try deletes a record the admin
    # made for it on a live instance, as nginx may take many tries to pick the fake.
    deleted = {}

    def delete(headers, marker):
        body = {"title": f"Retry drill victim {marker}", "content": "x", "cat": category_id}
        made = httpx.post(f"{INSTANCES[0]}/api/v1/men/", json=body, headers=admin, timeout=15)
        assert made.status_code == 201, made.text
        deleted[marker] = f"{NGINX}/api/v1/men/{made.json()['id']}/"
        return httpx.delete(deleted[marker], headers={**admin, **headers})

    response, marker = until_the_fake_gets_one(dying_instance, delete)
    outcomes["DELETE"] = response.status_code
    assert response.status_code == 503
    assert httpx.get(deleted[marker]).status_code == 200
    FIGURES["request died on an instance"] = {"answers": outcomes, "writes_sent_again": 0}
