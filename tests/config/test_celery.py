"""The Celery app (config.celery): beat's jobs are management commands that exist and run."""

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
