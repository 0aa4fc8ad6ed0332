"""Remembers the request being served, so that a password check anywhere can count in the login scope."""

from contextvars import ContextVar

from django.http import HttpRequest

_current: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def current_request() -> HttpRequest | None:
    """The request this thread is serving, or None outside a request (shell, management commands)."""
    return _current.get()


class CurrentRequestMiddleware:
    """accounts.models.User.check_password asks accounts.throttling before any hash is computed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
