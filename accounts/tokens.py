"""JWT classes: access tokens that a logout can end before they expire."""

from rest_framework_simplejwt.tokens import AccessToken, BlacklistMixin


class RevocableAccessToken(BlacklistMixin, AccessToken):
    """An access token that can be blacklisted, so `token/blacklist/` ends it at once.

    accounts.authentication.JWTAuthentication refuses blacklisted access tokens (in its user query),
    and SimpleJWT's verify view checks the blacklist for every token.
    """
