"""Mail through the queue (accounts.mail_queue, accounts.tasks): queued after the commit, retried, never lost.

Celery runs eagerly here (the task runs where it is queued); tests/cluster proves the same with a
real broker, worker and SMTP server (make cluster).
"""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from kombu.exceptions import OperationalError

from accounts import tasks
from accounts.mail_queue import from_payload, to_payload
from config.celery import app


class RefusingTwiceBackend(LocmemBackend):
    """A mail server that refuses the first two connections, then takes the mail."""

    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts <= 2:
            raise ConnectionRefusedError("the mail server is away")
        return super().send_messages(messages)


@pytest.fixture
def queued_mail(settings, monkeypatch):
    settings.EMAIL_BACKEND = "accounts.mail_queue.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    queued = []
    real_delay = tasks.send_email.delay
    monkeypatch.setattr(tasks.send_email, "delay", lambda payload: queued.append(payload) or real_delay(payload))
    return queued


def test_a_reset_mail_is_queued_only_once_the_request_commits_then_sent_by_the_worker(
    api_client, owner, queued_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api_client.post("/api/v1/auth/users/reset_password/", {"email": owner.email})
    assert response.status_code == 204
    assert (queued_mail, mail.outbox) == ([], [])  # nothing queued, nothing sent, before the commit
    for callback in callbacks:
        callback()
    assert [payload["to"] for payload in queued_mail] == [[owner.email]]
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert "password/reset/confirm/" in mail.outbox[0].body


def test_mail_sent_in_a_transaction_that_rolls_back_is_never_queued(queued_mail, db):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Welcome", "Hello", None, ["someone@example.com"])
        raise RuntimeError
    assert (queued_mail, mail.outbox) == ([], [])


def test_a_mail_the_server_refuses_is_retried_until_it_is_delivered(
    settings, queued_mail, db, django_capture_on_commit_callbacks
):
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingTwiceBackend"
    RefusingTwiceBackend.attempts = 0
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Welcome", "Hello", None, ["someone@example.com"])
    assert RefusingTwiceBackend.attempts == 3
    assert [message.subject for message in mail.outbox] == ["Welcome"]


def test_the_mail_task_is_acknowledged_only_after_it_ran_and_retries_refused_connections():
    assert tasks.send_email.acks_late and tasks.send_email.reject_on_worker_lost
    assert issubclass(ConnectionRefusedError, tasks.send_email.autoretry_for)


def test_when_the_broker_is_unreachable_the_mail_is_sent_in_the_process(
    settings, monkeypatch, db, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "accounts.mail_queue.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def broker_down(payload):
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(tasks.send_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_mail("Welcome", "Hello", None, ["someone@example.com"]) == 1
    assert [message.to for message in mail.outbox] == [["someone@example.com"]]


def test_without_a_broker_mail_is_sent_in_the_request_as_before(api_client, owner, settings):
    assert settings.CELERY_BROKER_URL == ""
    response = api_client.post("/api/v1/auth/users/reset_password/", {"email": owner.email})
    assert response.status_code == 204
    assert [message.to for message in mail.outbox] == [[owner.email]]


def test_a_queued_message_keeps_its_html_part_headers_and_recipients():
    message = EmailMultiAlternatives(
        "Subject", "Text", "from@example.com", ["to@example.com"], bcc=["b@example.com"],
        reply_to=["r@example.com"], headers={"X-Tag": "reset"},
    )  # fmt: skip
    message.attach_alternative("<p>Text</p>", "text/html")
    again = from_payload(to_payload(message))
    assert (again.subject, again.body, again.from_email, again.to, again.bcc, again.reply_to) == (
        "Subject", "Text", "from@example.com", ["to@example.com"], ["b@example.com"], ["r@example.com"],
    )  # fmt: skip
    assert again.extra_headers == {"X-Tag": "reset"}
    assert again.alternatives == [("<p>Text</p>", "text/html")]
