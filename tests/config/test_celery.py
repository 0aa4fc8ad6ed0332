"""The Celery app (config.celery): beat's jobs are management commands that exist and run."""

import os
import subprocess
import sys
from datetime import timedelta

from django.conf import settings
from django.core.management import get_commands
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from config.celery import app, management_command


def test_every_beat_job_runs_a_management_command_that_exists():
    commands = get_commands()
    for job in settings.CELERY_BEAT_SCHEDULE.values():
        assert job["task"] == management_command.name
        assert job["args"][0] in commands


def test_the_beat_schedule_is_the_settings_one_and_tasks_go_to_the_men_queue():
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE
    assert app.conf.task_default_queue == "men-default"
    assert app.conf.task_acks_late is True


def test_the_token_flush_job_removes_expired_tokens(owner):
    now = timezone.now()
    day = timedelta(days=1)
    OutstandingToken.objects.create(user=owner, jti="old", token="x", created_at=now - 3 * day, expires_at=now - day)
    OutstandingToken.objects.create(user=owner, jti="new", token="y", created_at=now, expires_at=now + day)
    management_command("flushexpiredtokens")
    assert list(OutstandingToken.objects.values_list("jti", flat=True)) == ["new"]


WEB_WORKER_PROBE = (
    "import sys, config.wsgi; from django.test import Client; "
    "assert Client(HTTP_HOST='localhost').get('/api/v1/', secure=True).status_code == 200; "
    "print(sorted({name.split('.')[0] for name in sys.modules} & {'celery', 'kombu'}))"
)


def test_a_web_worker_that_queues_nothing_never_loads_celery():
    """Celery and kombu weigh about 9 MB a worker; accounts.tasks loads them when mail is first queued."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "CELERY_"))}
    result = subprocess.run(
        [sys.executable, "-c", WEB_WORKER_PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": "x" * 60},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]"]
