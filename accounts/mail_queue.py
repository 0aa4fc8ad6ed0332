"""Mail through the queue: an email backend that hands each message to Celery after the commit.

settings.EMAIL_BACKEND is this backend when CELERY_BROKER_URL is set, so every mail the service
sends (djoser's activation, confirmation and reset mails, and any later one) goes the same way:
the request renders it, and once its transaction commits (transaction.on_commit: no mail about a
change that was rolled back) the message is queued; the worker (accounts.tasks.send_email) sends
it through settings.EMAIL_DELIVERY_BACKEND, retrying until the mail server takes it. A request
never waits on SMTP. If the broker itself cannot be reached, the message is sent in the process
instead: late is better than lost. Without a broker, settings keep the delivery backend itself.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def to_payload(message: EmailMessage) -> dict:
    """What the worker needs to send the message again, as JSON."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
    }


def from_payload(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def send_now(messages: list[EmailMessage]) -> int:
    return get_connection(settings.EMAIL_DELIVERY_BACKEND).send_messages(messages) or 0


def enqueue(message: EmailMessage) -> None:
    """on_commit callback: queue the message; never raises (the request's transaction is already committed)."""
    from accounts.tasks import send_email

    try:
        send_email.delay(to_payload(message))
    except (OperationalError, OSError):  # the broker is unreachable: send it here instead
        logger.warning("mail queue unavailable: sending %r in the process", message.subject, exc_info=True)
        try:
            send_now([message])
        except Exception:
            logger.exception("mail to %s could not be sent", message.to)


class QueuedEmailBackend(BaseEmailBackend):
    """settings.EMAIL_BACKEND with a broker: queues each message once the transaction commits."""

    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages:
            if message.attachments:
                # Attachments are not JSON; the service sends none today. Keep them working, in the process.
                queued += send_now([message])
                continue
            transaction.on_commit(partial(enqueue, message))
            queued += 1
        return queued
