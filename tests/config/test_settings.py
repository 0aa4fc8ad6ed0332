"""Settings come from the environment: development defaults, production safeguards."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'renderers': s.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'], "
    "'engine': s.DATABASES['default']['ENGINE'], 'cache': s.CACHES['default']['BACKEND'], "
    "'access': s.SIMPLE_JWT['ACCESS_TOKEN_LIFETIME'].total_seconds(), "
    "'login_rate': s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['login'], "
    "'rates': s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'], 'trusted_proxies': s.TRUSTED_PROXIES, "
    "'statement_timeout': s.DATABASES['default'].get('OPTIONS', {}).get('options')}))"
)


def load_settings(**environ):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **environ},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result


def test_debug_mode_runs_with_no_other_environment_on_sqlite_with_the_browsable_api():
    result = load_settings(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is True
    assert "rest_framework.renderers.BrowsableAPIRenderer" in loaded["renderers"]
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["access"] == 300


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_serves_json_only():
    result = load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 60)
    assert json.loads(result.stdout)["renderers"] == ["rest_framework.renderers.JSONRenderer"]


@pytest.mark.parametrize(
    ("environ", "key", "expected"),
    [
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/men"}, "engine", "api.postgresql"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "cache", "django_redis.cache.RedisCache"),
        ({"JWT_ACCESS_TOKEN_LIFETIME_MINUTES": "15"}, "access", 900),
        ({"THROTTLE_LOGIN": "3/min"}, "login_rate", "3/min"),
        (
            {"THROTTLE_ANON": "1/s", "THROTTLE_USER": "2/s", "THROTTLE_LOGIN": "3/s", "THROTTLE_CREATE": "4/s"},
            "rates",
            {"anon": "1/s", "user": "2/s", "login": "3/s", "create": "4/s"},
        ),
        ({"DATABASE_URL": "postgres://h/men"}, "statement_timeout", "-c statement_timeout=30000"),
        (
            {"DATABASE_URL": "postgres://h/men", "DATABASE_STATEMENT_TIMEOUT": "1500"},
            "statement_timeout",
            "-c statement_timeout=1500",
        ),
        ({}, "trusted_proxies", []),
        ({"TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8"}, "trusted_proxies", ["127.0.0.1", "10.0.0.0/8"]),
        ({"BROWSABLE_API": "false"}, "renderers", ["rest_framework.renderers.JSONRenderer"]),
    ],
)
def test_environment_variables_configure_the_service(environ, key, expected):
    result = load_settings(DJANGO_DEBUG="true", **environ)
    assert json.loads(result.stdout)[key] == expected, result.stderr


def test_the_deployment_checklist_is_clean_in_production():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "k" * 20 + "-Production-Like-Secret-0123456789-xyz",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("key", ["change-me", "change-me-to-a-long-random-string", "", "   ", "django-insecure-abc"])
def test_production_refuses_a_placeholder_secret_key(key):
    result = load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_mode_takes_the_placeholder_secret_key_of_a_copied_env_example():
    result = load_settings(DJANGO_DEBUG="true", DJANGO_SECRET_KEY="change-me")
    assert result.returncode == 0, result.stderr


def env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_env_example_copied_unchanged_refuses_to_run_production_with_its_placeholder_secret():
    result = load_settings(**env_example())
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_env_example_with_a_real_secret_key_is_production_debug_off_json_only():
    result = load_settings(**{**env_example(), "DJANGO_SECRET_KEY": "k" * 60})
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is False
    assert loaded["renderers"] == ["rest_framework.renderers.JSONRenderer"]


def test_every_environment_variable_the_settings_read_is_in_env_example_and_the_readme():
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', (ROOT / "config" / "settings.py").read_text()))
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    assert read, "no env() calls found"
    assert {name for name in read if not re.search(rf"^#? ?{name}=", example, re.MULTILINE)} == set()
    assert {name for name in read if f"`{name}`" not in readme} == set()


DEPLOY_PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'default': s.DATABASES['default'], 'replica': s.DATABASES.get('replica'), "
    "'routers': s.DATABASE_ROUTERS, 'first_middleware': s.MIDDLEWARE[0], 'email': s.EMAIL_BACKEND, "
    "'delivery': s.EMAIL_DELIVERY_BACKEND, 'counters': s.COUNTERS_REDIS_URL}, default=str))"
)


def load_deploy_settings(**environ) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "CELERY_"))}
    result = subprocess.run(
        [sys.executable, "-c", DEPLOY_PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": "x" * 60, **environ},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_behind_pgbouncer_there_are_no_server_side_cursors_prepared_statements_or_options():
    loaded = load_deploy_settings(DATABASE_URL="postgres://men@127.0.0.1:6432/men", DATABASE_PGBOUNCER="true")
    assert loaded["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert loaded["default"]["OPTIONS"]["prepare_threshold"] is None
    assert "options" not in loaded["default"]["OPTIONS"]  # PgBouncer 1.18 refuses it: the role sets the timeout


def test_reached_directly_a_connection_keeps_the_statements_sent_again_prepared():
    loaded = load_deploy_settings(DATABASE_URL="postgres://men@127.0.0.1:5432/men")
    assert loaded["default"]["OPTIONS"]["prepare_threshold"] == 2
    assert loaded["default"]["ENGINE"] == "api.postgresql"


def test_a_replica_url_adds_the_replica_alias_its_router_and_middleware():
    loaded = load_deploy_settings(
        DATABASE_URL="postgres://men@127.0.0.1:6432/men",
        DATABASE_REPLICA_URL="postgres://men@127.0.0.1:5433/men",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert loaded["replica"]["PORT"] == 5433 and loaded["replica"]["TEST"]["MIRROR"] == "default"
    assert loaded["routers"] == ["api.replicas.ReplicaRouter"]
    assert loaded["first_middleware"] == "api.replicas.ReplicaMiddleware"
    assert loaded["counters"] == "redis://127.0.0.1:6379/0"  # COUNTERS_REDIS_URL defaults to REDIS_URL


def test_without_a_replica_there_is_no_router_and_with_a_broker_mail_is_queued():
    plain = load_deploy_settings(DATABASE_URL="postgres://men@127.0.0.1:5432/men")
    assert (plain["replica"], plain["routers"]) == (None, [])
    assert plain["email"] == plain["delivery"] == "django.core.mail.backends.console.EmailBackend"
    queued = load_deploy_settings(CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:5672/men")
    assert queued["email"] == "accounts.mail_queue.QueuedEmailBackend"
    assert queued["delivery"] == "django.core.mail.backends.console.EmailBackend"
