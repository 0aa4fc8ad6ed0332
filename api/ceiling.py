"""The benchmark's ceiling: the cheapest JSON answer this stack can give, served only when enabled."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe


@require_safe
def ceiling(request):
    """A trivial JSON view behind the full middleware stack, no database and no DRF.

    `make bench` divides every scenario's throughput by this one's, measured on the same server
    and workers in the same run, so figures stay comparable on a busy machine. It is routed only
    when the BENCH_CEILING setting is on (off by default).
    """
    return JsonResponse({"status": "ok"})
