"""Drill 6: a mail requested while no worker runs is delivered once one starts, to an SMTP sink we own."""

import subprocess
import time

import httpx
import pytest
from aiosmtpd.controller import Controller

from .conftest import FIGURES, NGINX, deployment, service, wait_until

pytestmark = pytest.mark.cluster


class Sink:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def queue_depth(broker_url: str) -> int:
    """Messages waiting or unacknowledged in men-default (rabbitmqctl, on this machine)."""
    vhost = broker_url.rsplit("/", 1)[-1] or "/"
    command = ["rabbitmqctl", "-q", "list_queues", "-p", vhost, "name", "messages"]
    listed = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert listed.returncode == 0, listed.stderr
    for line in listed.stdout.splitlines():
        name, _, count = line.partition("\t")
        if name == "men-default":
            return int(count)
    return 0


def test_a_reset_mail_requested_while_no_worker_runs_is_delivered_once_a_worker_starts(account, cluster_env):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=deployment.SMTP_PORT)
    service("stop", "worker")
    try:
        started = time.monotonic()
        response = httpx.post(f"{NGINX}/api/v1/auth/users/reset_password/", json={"email": account.email}, timeout=10)
        answered_in = time.monotonic() - started
        assert response.status_code == 204
        assert answered_in < 2  # the request queued the mail; it did not wait on SMTP
        assert queue_depth(cluster_env["CELERY_BROKER_URL"]) >= 1
        controller.start()
        service("start", "worker")
        wait_until("the reset mail reaches the sink", lambda: any(account.email in to for to, _ in sink.messages), 60)
        wait_until("the worker acknowledges it", lambda: queue_depth(cluster_env["CELERY_BROKER_URL"]) == 0, 30)
    finally:
        service("start", "worker")
        controller.stop()
    mine = [body for to, body in sink.messages if account.email in to]
    FIGURES["mail queued without a worker"] = {"request_seconds": round(answered_in, 3), "delivered": len(mine)}
    assert len(mine) == 1
    assert "password/reset/confirm/" in mine[0]
