"""Shared fixtures: clients, the four roles (anonymous, user, owner, staff) and a small catalog."""

import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient

from accounts.models import User
from api.counters import counters
from menapp.models import Category, Men

PASSWORD = "Str0ng-pass-phrase"


def jwt_login(username="owner", password=PASSWORD) -> tuple[APIClient, dict]:
    """A client sending `Authorization: Bearer <access>` for that user, and the token pair it got."""
    client = APIClient()
    pair = client.post("/api/v1/token/", {"username": username, "password": password}).json()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    return client, pair


# Property-based tests stay quick by default; HYPOTHESIS_PROFILE=thorough digs deeper.
settings.register_profile(
    "default",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):  # noqa: F811 - pytest-django's fixture, not Hypothesis' settings
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttle counters and cached values never leak from one test into another."""
    cache.clear()
    counters().clear()
    yield
    cache.clear()
    counters().clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def owner(db):
    return User.objects.create_user("owner", "owner@example.com", PASSWORD)


@pytest.fixture
def user(db):
    return User.objects.create_user("reader", "reader@example.com", PASSWORD)


@pytest.fixture
def staff(db):
    return User.objects.create_user("moderator", "moderator@example.com", PASSWORD, is_staff=True)


@pytest.fixture
def category(db):
    return Category.objects.create(name="Актеры")


@pytest.fixture
def other_category(db):
    return Category.objects.create(name="Певцы")


@pytest.fixture
def men(owner, category):
    return Men.objects.create(title="Юрий Никулин", content="Советский актёр и клоун", cat=category, user=owner)


@pytest.fixture
def draft(owner, category):
    return Men.objects.create(title="Черновик", content="Ещё не готово", cat=category, user=owner, is_published=False)


def bearer_client(user) -> APIClient:
    """A client sending `Authorization: Bearer <access>` for `user`, as real clients do (STYLE.md §6)."""
    from rest_framework_simplejwt.tokens import RefreshToken

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def admin_client(staff):
    """The admin as a superuser signs in to it (staff made superuser; pytest-django's own, on our staff)."""
    from django.test import Client

    staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def client_for(api_client, owner, user, staff):
    """`client_for("owner")` is a client sending that role's JWT; "anon" is anonymous."""
    roles = {"anon": None, "user": user, "owner": owner, "staff": staff}

    def make(role):
        return APIClient() if roles[role] is None else bearer_client(roles[role])

    return make


class QueryCounter(CaptureQueriesContext):
    """Counts the SQL a request runs, leaving out the savepoints the test transaction adds."""

    @property
    def count(self):
        return sum(not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) for q in self.captured_queries)


@pytest.fixture
def count_queries(db):
    return lambda: QueryCounter(connection)


@pytest.fixture
def activation_mails(settings):  # noqa: F811 - pytest-django's fixture
    """djoser's activation on: new accounts wait for the mailed link, and its routes are served."""
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": True}
