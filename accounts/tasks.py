"""Celery tasks of the accounts app: sending the mail that requests queued (accounts.mail_queue)."""

from celery import shared_task

import config.celery  # noqa: F401  # the project's app, configured from the settings, before a task is queued
from accounts.mail_queue import from_payload, send_now


# At least once: acknowledged after it ran (acks_late), retried with backoff while the mail server
# refuses or is away (smtplib's errors and refused connections are all OSError). A crash between
# sending and the acknowledgement sends the mail twice; no failure loses it.
@shared_task(
    name="accounts.send_email",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=50,
)
def send_email(payload: dict) -> None:
    send_now([from_payload(payload)])
