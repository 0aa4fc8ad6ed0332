"""The API root (`/api/v1/`): DRF's DefaultRouter root, linking every entry point, not only the router's own."""

from rest_framework import routers

# Route (as a client writes it) → URL name, after the router's own collections (`men`, `categories`).
ENTRY_POINTS = {
    "auth/users": "user-list",
    "auth/token/login": "token-login",
    "auth/token/logout": "token-logout",
    "token": "token_obtain_pair",
    "token/refresh": "token_refresh",
    "token/verify": "token_verify",
    "token/blacklist": "token_blacklist",
    "drf-auth/login": "rest_framework:login",
    "drf-auth/logout": "rest_framework:logout",
    "schema": "schema",
    "docs": "swagger-ui",
    "redoc": "redoc",
    "healthz": "healthz",
    "readyz": "readyz",
}


class Router(routers.DefaultRouter):
    """A DefaultRouter whose root view also links the entry points above (DRF reverses each by name)."""

    root_view_name = "api-v1-root"  # the users router's root is DRF's default `api-root`

    def get_api_root_view(self, api_urls=None):
        api_root_dict = {prefix: self.routes[0].name.format(basename=basename) for prefix, _, basename in self.registry}
        return self.APIRootView.as_view(api_root_dict=api_root_dict | ENTRY_POINTS)
