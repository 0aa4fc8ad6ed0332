"""Liveness and readiness probes for load balancers and orchestrators."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


# Probes run outside ATOMIC_REQUESTS: opening a transaction would need the very database they check.
# They change nothing, so CSRF has nothing to protect: an unsafe method gets require_safe's 405 with
# `Allow`, not the CSRF failure's 403.
@csrf_exempt
@transaction.non_atomic_requests
@require_safe
def healthz(request):
    """The process is up. Touches nothing else, so it stays 200 while the database is down."""
    return JsonResponse({"status": "ok"})


@csrf_exempt
@transaction.non_atomic_requests
@require_safe
def readyz(request):
    """The service can serve: the database answers and the cache round-trips a value."""
    checks = {"database": check_database(), "cache": check_cache()}
    ready = all(checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": {k: "ok" if v else "failed" for k, v in checks.items()}},
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = "5"
    return response


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
