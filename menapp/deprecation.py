"""Deprecation headers for the course's older routes (`menlist/`, `mendetail/`, `mendelete/`).

RFC 9745's `Deprecation: @<unix time>` says since when a route is deprecated, and RFC 8288's
`Link: <…>; rel="successor-version"` names the route to use instead (`men/` or `men/{id}/`).
DRF and drf-spectacular only mark deprecation in the schema, so the headers are added here.
"""

from datetime import UTC, datetime

from django.urls import reverse

# The course's routes were kept as deprecated aliases from version 1.0.0 on.
DEPRECATED_SINCE = datetime(2026, 11, 27, tzinfo=UTC)


class DeprecatedRouteMixin:
    """Add `Deprecation` and a `Link` to the successor route (`men-list` / `men-detail`) to every answer."""

    deprecated_since = DEPRECATED_SINCE
    successor_basename = "men"

    def finalize_response(self, request, response, *args, **kwargs):
        # Every answer passes here, those served from the read cache before DRF's cycle (api.fast_reads) too.
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Deprecation"] = f"@{int(self.deprecated_since.timestamp())}"
        response["Link"] = f'<{request.build_absolute_uri(self.successor_path(kwargs))}>; rel="successor-version"'
        return response

    def successor_path(self, kwargs: dict) -> str:
        if "pk" in kwargs:
            return reverse(f"{self.successor_basename}-detail", kwargs={"pk": kwargs["pk"]})
        return reverse(f"{self.successor_basename}-list")
