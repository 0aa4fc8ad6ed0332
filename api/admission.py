"""Admission: a request's throttles counted exactly once, in one call, with one immutable verdict.

`admit` counts every throttle of a view in one round trip to the counter store (and may read cache
entries in the same trip). Its `Admission` is kept on the Django request, so whichever path answers
(the fast read or DRF's full cycle) uses the same verdict and no request is counted twice. The
verdict aggregates as DRF's `APIView.check_throttles` does: refused if any throttle refuses,
waiting the longest wait any of them names.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from rest_framework.request import Request

from .counters import counters


@dataclass(frozen=True)
class Admission:
    waits: tuple[float | None, ...] = ()  # one per refusing throttle, as `throttle.wait()` would say
    fetched: Mapping[str, Any] | None = None  # cache entries read with the counters (None: not read)

    @property
    def admitted(self) -> bool:
        return not self.waits

    @property
    def wait(self) -> float | None:
        return max((wait for wait in self.waits if wait is not None), default=None)


def admit(request: Request, view, throttles: Sequence, fetch: Sequence[str] = ()) -> Admission:
    """Count one hit on every throttle that applies to this request; read `fetch` from the cache too."""
    planned = [(throttle, throttle.window(request, view)) for throttle in throttles]
    planned = [(throttle, window) for throttle, window in planned if window is not None]
    if not planned:
        return Admission(fetched=None)
    counted = counters().hit([window for _, window in planned], fetch)
    if counted is None:
        waits = tuple(throttle.wait_unavailable() for throttle, _ in planned if throttle.fail_closed)
        return Admission(waits=waits)
    waits = tuple(
        throttle.wait_for(count)
        for (throttle, _), count in zip(planned, counted.counts, strict=True)
        if not throttle.allows(count)
    )
    return Admission(waits=waits, fetched=counted.fetched)


def admission_of(request: HttpRequest | Request) -> Admission | None:
    """The admission already given to this request, if any."""
    django_request = request._request if isinstance(request, Request) else request
    return getattr(django_request, "admission", None)


def keep(request: HttpRequest | Request, admission: Admission) -> None:
    django_request = request._request if isinstance(request, Request) else request
    django_request.admission = admission  # type: ignore[attr-defined]  # one typed value per request
