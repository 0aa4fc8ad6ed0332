"""The Celery app (mail and periodic jobs), configured from Django's settings (CELERY_* names).

Without CELERY_BROKER_URL nothing is queued: mail is sent in the process (accounts.mail_queue) and the
periodic jobs are left to cron or `manage.py` by hand (docs/deploy.md).
"""

import os

from celery import Celery
from django.core.management import call_command

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("men_api")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.management_command", acks_late=True)
def management_command(name: str, *args: str) -> None:
    """One of beat's jobs (settings.CELERY_BEAT_SCHEDULE): a management command, e.g. flushexpiredtokens."""
    call_command(name, *args)
