"""ETags from record versions, and the If-Match preconditions that make writes conditional."""

from django.utils.http import parse_etags

from .services import men_delete


def if_match_versions(request) -> set[int] | None:
    """The versions the client's If-Match accepts; None when it sets no precondition (absent or `*`)."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    etags = parse_etags(header)
    if etags == ["*"]:
        return None
    # Weak and strong validators compare equal here: a version names the whole representation.
    values = (etag.removeprefix("W/").strip('"') for etag in etags)
    # ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() refuses or reads as another number.
    return {int(value) for value in values if value.isascii() and value.isdigit() and len(value) < 10}


class VersionedRecordMixin:
    """Send a record's version as its ETag; PUT, PATCH and DELETE with a stale If-Match get 412."""

    etag_actions = {"retrieve", "create", "update", "partial_update"}

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "expected_versions": if_match_versions(self.request)}

    def perform_destroy(self, instance):
        men_delete(men=instance, expected_versions=if_match_versions(self.request))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)  # None for a page served from the record cache
        if (
            getattr(self, "action", None) in self.etag_actions
            and response.status_code in (200, 201)
            and isinstance(data, dict)
            and "version" in data
        ):
            response["ETag"] = f'"{data["version"]}"'
        return response
