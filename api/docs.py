"""The documentation pages, Swagger UI and Redoc (drf-spectacular, served from the sidecar, no CDN), under a strict CSP.

Swagger UI is drf-spectacular's split view: its start-up script is a file of its own (`?script`), not
inline, so the pages run under `script-src 'self'`. Redoc is started by its element (no inline
script) from a page without the stock template's web fonts. Neither page has an OPTIONS answer
(DRF's metadata cannot be rendered by their templates: that was a 500): OPTIONS is a 405.
"""

from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    metadata_class = None


class RedocView(SpectacularRedocView):
    metadata_class = None
    template_name = "api/redoc.html"
