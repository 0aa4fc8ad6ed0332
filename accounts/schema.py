"""OpenAPI description of the project's JWT authentication (drf-spectacular extension)."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class JWTScheme(SimpleJWTScheme):
    """Our JWTAuthentication is SimpleJWT's with a cheaper user query: the same Bearer scheme."""

    target_class = "accounts.authentication.JWTAuthentication"
