"""The authentication backend: Django's, with the login scope counted before any password is hashed."""

from django.contrib.auth.backends import ModelBackend

from .throttling import guard


class LoginThrottledModelBackend(ModelBackend):
    """Every `authenticate()` with a request (session and admin forms, token login, JWT, HTTP Basic).

    Counted here, not only in User.check_password: an unknown username costs a hash too (Django
    hashes once to hide which names exist).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            guard(request, username if username is not None else kwargs.get(self.username_field()))
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
