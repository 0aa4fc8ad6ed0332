"""Safe retries for POST: an `Idempotency-Key` makes a create happen once, whatever the number of attempts.

Same key and same body: the first response is replayed (same record, same status and body).
Same key and another body: 422. Keys belong to the user who sent them.
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.errors import Conflict, UnprocessableEntity

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = IdempotencyKey._meta.get_field("key").max_length


def request_fingerprint(request) -> str:
    data = dict(request.data.lists()) if hasattr(request.data, "lists") else request.data
    body = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


class IdempotentCreateMixin:
    """Honours the `Idempotency-Key` header on create."""

    def create(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return super().create(request, *args, **kwargs)
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            raise ValidationError({HEADER: [_("Send 1 to %(max)d characters.") % {"max": MAX_KEY_LENGTH}]})
        fingerprint = request_fingerprint(request)
        # The claim, the record and the response kept for replays commit together, or not at all.
        with transaction.atomic():
            try:
                # The unique (user, key) row is claimed first: a concurrent retry waits on it, then replays.
                with transaction.atomic():
                    claim = IdempotencyKey.objects.create(key=key, user=request.user, fingerprint=fingerprint)
            except IntegrityError:
                return self.replay(request.user, key, fingerprint)
            response = super().create(request, *args, **kwargs)
            claim.response_status, claim.response_body = response.status_code, response.data
            claim.save(update_fields=("response_status", "response_body"))
            return response

    @staticmethod
    def replay(user, key: str, fingerprint: str) -> Response:
        first = IdempotencyKey.objects.get(user=user, key=key)
        if first.fingerprint != fingerprint:
            raise UnprocessableEntity(_("This Idempotency-Key was already used with a different request body."))
        if first.response_status is None:
            raise Conflict(_("A request with this Idempotency-Key is still in progress."))
        return Response(first.response_body, status=first.response_status, headers={"Idempotent-Replayed": "true"})
