"""Bounded cost: how large a record's text and a page of records may be.

- A record's `content` holds at most MAX_RECORD_CONTENT characters, whatever the body's media type
  (the serializer validates every write). A record stored before the limit, or by a larger one,
  stays readable and editable: a PATCH that does not send `content`, or a PUT that sends it back
  unchanged, is accepted.
- A page of records holds at most MAX_PAGE_BYTES of rendered text (menapp.pagination): a page that
  would be larger is cut short, with its `next` link continuing right after its last record. One
  record is always shown, so the largest page is MAX_PAGE_BYTES plus one record.
"""

import json
from collections.abc import Sequence

from django.conf import settings
from django.core.validators import MaxLengthValidator

# JSON's longest escape of one UTF-8 byte (a control character written as \u00XX).
WORST_JSON_BYTES_PER_BYTE = 6
# Everything a rendered record holds besides its title and content (keys, ids, dates, a link).
RECORD_OVERHEAD_BYTES = 512


class RecordContentLengthValidator(MaxLengthValidator):
    """MAX_RECORD_CONTENT characters, read when a value is checked (and by the schema as maxLength);
    the unchanged text of the record being edited always passes."""

    requires_context = True

    def __init__(self):
        super().__init__(limit_value=0)

    @property
    def limit_value(self) -> int:
        return settings.MAX_RECORD_CONTENT

    @limit_value.setter
    def limit_value(self, value) -> None:  # BaseValidator.__init__ sets it; the setting decides
        pass

    def __call__(self, value, serializer_field):
        instance = serializer_field.parent.instance
        if instance is not None and value == getattr(instance, serializer_field.source, None):
            return
        super().__call__(value)

    def __eq__(self, other):
        return isinstance(other, RecordContentLengthValidator)

    def __hash__(self):
        return hash(type(self))


def json_bytes(text: str) -> int:
    """The bytes `text` takes in a JSON answer, quotes included."""
    return len(json.dumps(text, ensure_ascii=False).encode())


def record_bytes(men) -> int:
    return RECORD_OVERHEAD_BYTES + json_bytes(men.title) + json_bytes(men.content)


def most_bytes(men) -> int:
    """A cheap upper bound of `record_bytes` (no JSON encoding)."""
    return RECORD_OVERHEAD_BYTES + WORST_JSON_BYTES_PER_BYTE * (len(men.title.encode()) + len(men.content.encode()) + 4)


def records_that_fit(records: Sequence, budget: int | None = None) -> int:
    """How many of `records`, from the first, fit in `budget` bytes (MAX_PAGE_BYTES); at least one."""
    budget = settings.MAX_PAGE_BYTES if budget is None else budget
    if sum(most_bytes(men) for men in records) <= budget:  # the usual page: no need to measure it
        return len(records)
    used = 0
    for count, men in enumerate(records):
        used += record_bytes(men)
        if used > budget:
            return max(count, 1)
    return len(records)
