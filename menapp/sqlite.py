"""SQLite functions: a case-insensitive LIKE for every alphabet, and the `search` substring match.

SQLite's built-in LIKE folds case for ASCII letters only, so `icontains` (the admin's search) would
miss «павел» in «Павел». SQLite lets an application replace the like() function behind the LIKE
operator; PostgreSQL needs none of this. Neither function backtracks: a LIKE pattern is matched
piece by piece between its `%` signs, leftmost first (enough for `%` and `_`), and `search` is
menapp.search.contains_every_term (Python's linear substring search).
"""

import re
from functools import lru_cache

from .search import contains_every_term


@lru_cache(maxsize=256)
def like_pieces(pattern: str, escape: str | None) -> tuple[list[str], bool]:
    """The pattern's pieces between unescaped `%` signs (None stands for `_`), and whether any has a `_`."""
    pieces, piece, chars, any_char = [], [], iter(pattern), False
    for char in chars:
        if escape and char == escape:
            piece.extend(next(chars, ""))  # nothing if the pattern ends here
        elif char == "%":
            pieces.append(piece)
            piece = []
        elif char == "_":
            piece.append(None)
            any_char = True
        else:
            piece.append(char)
    pieces.append(piece)
    return pieces, any_char


def literal_like(pieces: list[list[str]], value: str) -> bool:
    """`%` only: startswith, find, endswith on lower-cased text, each linear."""
    value = value.lower()
    first, *rest = ("".join(piece).lower() for piece in pieces)
    if not rest:
        return value == first
    *middle, last = rest
    if not value.startswith(first):
        return False
    position = len(first)
    for piece in middle:  # the leftmost match of each piece leaves the most room for the rest
        found = value.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return len(value) - len(last) >= position and value.endswith(last)


@lru_cache(maxsize=256)
def piece_pattern(piece: tuple) -> re.Pattern:
    return re.compile("".join("." if char is None else re.escape(char) for char in piece), re.IGNORECASE | re.DOTALL)


def wildcard_like(pieces: list[list[str | None]], value: str) -> bool:
    """With `_`: each piece a fixed-length regex of literals and `.`, found leftmost (no nested repetition)."""
    first, *rest = (piece_pattern(tuple(piece)) for piece in pieces)
    if not rest:
        return first.fullmatch(value) is not None
    *middle, last = rest
    start = first.match(value)
    if start is None:
        return False
    position = start.end()
    for piece in middle:
        found = piece.search(value, position)
        if found is None:
            return False
        position = found.end()
    tail = len(value) - len(pieces[-1])  # every piece has a fixed length: the last one ends the value
    return tail >= position and last.fullmatch(value, tail) is not None


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    pieces, any_char = like_pieces(pattern, escape)
    return (wildcard_like if any_char else literal_like)(pieces, str(value))


def register_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
        connection.connection.create_function("men_search", 3, contains_every_term, deterministic=True)
