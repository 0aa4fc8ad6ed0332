"""Liveness and readiness probes for load balancers and orchestrators."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


# They change nothing, so CSRF has nothing to protect: an unsafe method gets require_safe's 405 with
# `Allow`, not the CSRF failure's 403.
@csrf_exempt
@require_safe
def healthz(request):
    """The process is up. Touches nothing else, so it stays 200 while the database is down."""
    return JsonResponse({"status": "ok"})


# They change nothing, so CSRF has nothing to protect: an unsafe method gets require_safe's 405 with
# `Allow`, not the CSRF failure's 403.
@csrf_exempt
@require_safe
def readyz(request):
    """Ready when the database answers. The cache is checked and reported too, but only degrades:
    without it the service still serves (uncached, throttles not counting), so it stays in rotation."""
    database, cache_ok = check_database(), check_cache()
    status = "ok" if database and cache_ok else "degraded" if database else "unavailable"
    response = JsonResponse(
        {"status": status, "checks": {"database": ok(database), "cache": ok(cache_ok)}},
        status=200 if database else 503,
    )
    if not database:
        response["Retry-After"] = "5"
    return response


def ok(passed: bool) -> str:
    return "ok" if passed else "failed"


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        logger.warning("readiness: database check failed", exc_info=True)
        return False


def check_cache() -> bool:
    try:
        cache.set("readyz", "ok", timeout=5)
        return cache.get("readyz") == "ok"
    except Exception:  # any cache backend error means "not ready", never a 500
        logger.warning("readiness: cache check failed", exc_info=True)
        return False
