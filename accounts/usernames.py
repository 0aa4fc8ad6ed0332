"""One spelling per username: NFKC-normalised, compared without regard to case on every database."""

import unicodedata


def normalize(username: str) -> str:
    """The form a username is stored in (what Django's AbstractBaseUser.normalize_username does)."""
    return unicodedata.normalize("NFKC", username) if isinstance(username, str) else username


def key(username: str) -> str:
    """What two usernames must not share: `Admin`, `admin` and `ａｄｍｉｎ` are one name.

    A stored column rather than a constraint on Lower("username"): SQLite's lower() and LIKE fold
    ASCII letters only, so «Иван» and «иван» would both pass there.
    """
    return normalize(username).casefold()
