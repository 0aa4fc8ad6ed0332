"""JWT classes: access tokens that a logout can end before they expire."""

from rest_framework_simplejwt.tokens import AccessToken, BlacklistMixin


class RevocableAccessToken(BlacklistMixin, AccessToken):
    """An access token checked against SimpleJWT's blacklist, so `token/blacklist/` can end it at once."""
