"""Case-insensitive LIKE for every alphabet on SQLite.

SQLite's built-in LIKE folds case for ASCII letters only, so `icontains` (and the `search` filter)
would miss «павел» in «Павел». SQLite lets an application replace the like() function behind the
LIKE operator; PostgreSQL needs none of this.
"""

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def like_pattern(pattern: str, escape: str | None) -> re.Pattern:
    parts, chars = [], iter(pattern)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return like_pattern(pattern, escape).fullmatch(str(value)) is not None


def register_unicode_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
