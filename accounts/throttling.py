"""The strict throttle shared by every way to log in, register or reset a password."""

from api.throttling import CountedRateThrottle


class LoginRateThrottle(CountedRateThrottle):
    """Counts attempts per client address, whoever they claim to be, in the `login` scope."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginThrottleMixin:
    """Adds the login throttle to a view's default (anon/user) throttles."""

    def get_throttles(self):
        return [*super().get_throttles(), LoginRateThrottle()]
