"""The user behind a JWT, remembered between read requests and forgotten on any change or logout.

Each user has a generation (api.generations) that any save or delete of the user (password,
`is_active`, `is_staff`, …) and any token of theirs being blacklisted renews; an entry per access
token (its `jti`) is only served in the generation it was read in. So a logout, a deactivation or a
password change takes effect on the very next request, as with a database query per request.
A bulk `QuerySet.update()` of passwords or `is_active` renews them too (accounts.models.UserQuerySet);
writes always authenticate against the database, and the entries live no longer than the token itself.
"""

import copy
import time

from django.conf import settings

from api import generations


def generation(user_id) -> str:
    return f"auth:user:{user_id}"


def lifetime() -> float:
    # No entry outlives an access token, so neither need the generation: one key per active user, not per user ever.
    return settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()


def entry_key(jti: str) -> str:
    return f"auth:token:{jti}"


def cached_user(user_id, jti: str) -> generations.Lookup:
    """The user's current generation, and the user remembered for this token in it (or None)."""
    return generations.lookup(entry_key(jti), [generation(user_id)], timeout=lifetime())


def remember(user_id, jti: str, current: tuple[str, ...] | None, user, expires_at: float) -> None:
    """Keep `user`, read after generation `current`, until the token expires.

    The copy kept holds no password hash: it only serves read requests, which never check one.
    """
    snapshot = copy.copy(user)
    snapshot.set_unusable_password()
    generations.store(entry_key(jti), current, snapshot, timeout=expires_at - time.time())


def user_changed(sender, instance, **kwargs) -> None:
    users_changed([instance.pk])


def users_changed(user_ids) -> None:
    generations.changed([generation(pk) for pk in user_ids], timeout=lifetime())


def token_blacklisted(sender, instance, **kwargs) -> None:
    if instance.token.user_id is not None:
        generations.changed([generation(instance.token.user_id)], timeout=lifetime())
