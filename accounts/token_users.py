"""The user behind a JWT, remembered between read requests and forgotten on any change or logout.

Each user has a generation (api.generations) that any save or delete of the user (password,
`is_active`, `is_staff`, …) and any token of theirs being blacklisted renews; an entry per access
token (its `jti`) is only served in the generation it was read in. So a logout, a deactivation or a
password change takes effect on the very next request, as with a database query per request.
A bulk `QuerySet.update()` of passwords or `is_active` renews them too (accounts.models.UserQuerySet),
and the entries live no longer than the token itself. Reads are served from here, and so are the writes
of views that check no password (the record API: a view's `writes_check_no_password`); every other
write authenticates against the database, since the copy kept here holds no password hash.

Each worker process also keeps the users it last read this way, with the generation token they were
read under (`Remembered`): a cached read (api.fast_reads), and any request to a view that counts its
throttles through api.views.AdmittedViewMixin, takes the user from there and reads the generation in
the same round trip as its throttle counters (and cached answer), before anything is refused or
written; only if the generation is still that token does the request go on as that user, otherwise
the user is forgotten and DRF authenticates again.
"""

import copy
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from api import generations

# Users this process remembers, by token `jti` (when full, it starts again: a cheap bound, as for signatures).
REMEMBERED_MAX = 1024


@dataclass(frozen=True)
class Remembered:
    """The user behind token `jti`, read under `token`, the value of cache key `generation`: current while
    that key still holds it."""

    user: Any
    jti: str
    generation: str
    token: str


remembered: dict[str, Remembered] = {}


def generation(user_id) -> str:
    return f"auth:user:{user_id}"


def lifetime() -> float:
    # No entry outlives an access token, so neither need the generation: one key per active user, not per user ever.
    return settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()


def entry_key(jti: str) -> str:
    return f"auth:token:{jti}"


def cached_user(user_id, jti: str) -> generations.Lookup:
    """The user's current generation, and the user remembered for this token in it (or None).

    One round trip: when this process remembers the user, only the generation is read (no copy of the
    user to fetch and unpickle); otherwise the generation and the cache's entry together.
    """
    remembered = recall(user_id, jti)
    if remembered is not None:
        tokens = generations.current_tokens([remembered.generation], timeout=lifetime())
        if tokens == (remembered.token,):
            return generations.Lookup(tokens, remembered.user)
        forget(jti)
    found = generations.lookup(entry_key(jti), [generation(user_id)], timeout=lifetime())
    if found.value is not None and found.tokens is not None:
        keep_in_process(user_id, jti, found.value, found.tokens[0])
    return found


def keep_in_process(user_id, jti: str, user, token: str) -> None:
    if len(remembered) >= REMEMBERED_MAX:
        remembered.clear()
    remembered[jti] = Remembered(user, jti, generation(user_id), token)


def recall(user_id, jti: str) -> Remembered | None:
    """The user this process remembers for the token, if any: to be served only while it is current."""
    found = remembered.get(jti)
    return found if found is not None and found.generation == generation(user_id) else None


def forget(jti: str) -> None:
    remembered.pop(jti, None)


def remember(user_id, jti: str, current: tuple[str, ...] | None, user, expires_at: float) -> None:
    """Keep `user`, read after generation `current`, until the token expires.

    The copy kept holds no password hash: it only serves requests that never check one.
    """
    snapshot = copy.copy(user)
    snapshot.set_unusable_password()
    generations.store(entry_key(jti), current, snapshot, timeout=expires_at - time.time())
    if current is not None:
        keep_in_process(user_id, jti, snapshot, current[0])


def user_changed(sender, instance, **kwargs) -> None:
    users_changed([instance.pk])


def users_changed(user_ids) -> None:
    generations.changed([generation(pk) for pk in user_ids], timeout=lifetime())


def token_blacklisted(sender, instance, **kwargs) -> None:
    if instance.token.user_id is not None:
        generations.changed([generation(instance.token.user_id)], timeout=lifetime())
