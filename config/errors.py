"""JSON for Django's last-resort error page: production tracebacks never reach a client."""

from django.utils.translation import gettext as _

from .middleware import json_error


def server_error(request, *args, **kwargs):
    return json_error(_("Internal server error."), 500)
