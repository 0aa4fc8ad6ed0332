"""The one error map: JSON for API clients, DRF's HTML page for a browser, the right status for each cause."""

import pytest
from django.db import InterfaceError, OperationalError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.test import APIClient

from accounts.views import TokenObtainPairView, UserViewSet
from api.errors import InvalidValue, ServiceUnavailable, api_exception_for
from menapp.views import MenViewSet

from ..conftest import bearer_client

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def browsable_api(monkeypatch):
    """The browsable API on (as in debug), for the views these tests use."""
    for view in (MenViewSet, TokenObtainPairView, UserViewSet):
        monkeypatch.setattr(view, "renderer_classes", [JSONRenderer, BrowsableAPIRenderer])


def test_a_browser_gets_the_form_back_with_its_field_errors(browsable_api, owner, category):
    response = bearer_client(owner).post("/api/v1/men/", {"title": "", "content": "т", "cat": category.pk}, **HTML)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "title" in response.content.decode() and "<form" in response.content.decode()


def test_a_browser_opening_the_jwt_route_gets_its_form_with_a_405(browsable_api, db):
    response = APIClient().get("/api/v1/token/", **HTML)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("text/html") and "<form" in response.content.decode()
    assert "POST" in response["Allow"]


def test_an_anonymous_browser_gets_a_log_in_link_with_a_401(browsable_api, db):
    response = APIClient().get("/api/v1/auth/users/", **HTML)
    assert response.status_code == 401
    assert "/api/v1/drf-auth/login/" in response.content.decode()


@pytest.mark.parametrize("accept", [None, "application/json"])
def test_api_clients_keep_json_errors(browsable_api, db, accept):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    response = APIClient().get("/api/v1/token/", **headers)
    assert response.status_code == 405 and response.json()["detail"]


def test_an_error_answered_by_the_middleware_carries_the_security_headers(db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    response = APIClient().post("/api/v1/men/", "x" * 100, content_type="application/json")
    assert response.status_code == 413
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_more_query_fields_than_django_parses_is_a_json_400(db):
    response = APIClient().get("/api/v1/men/?" + "&".join(f"f{i}=1" for i in range(1100)))
    assert response.status_code == 400 and response.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/men/{id}/category.json", "/api/v1/men/category.json", "/api/v1/men/{id}.json"]
)
def test_format_suffixes_work_on_every_route(men, path):
    response = APIClient().get(path.format(id=men.pk))
    assert response.status_code == 200 and response.json()


@pytest.mark.parametrize("if_match", ['"²"', '"٣"', '"1²"', '"\u0663"'])
def test_an_if_match_with_non_ascii_digits_matches_nothing(owner, men, if_match):
    response = bearer_client(owner).patch(f"/api/v1/men/{men.pk}/", {"title": "x"}, HTTP_IF_MATCH=if_match)
    assert response.status_code == 412


def test_an_out_of_range_keyset_position_is_a_404(men):
    import base64

    cursor = base64.b64encode(b"p=" + b"9" * 30).decode()
    response = APIClient().get(f"/api/v1/men/?ordering=id&cursor={cursor}")
    assert response.status_code == 404 and response.json()["detail"]


class FakeSqlState(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


def database_error(kind, cause):
    error = kind("failed")
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (database_error(OperationalError, FakeSqlState("08006")), ServiceUnavailable),  # connection failure
        (database_error(OperationalError, FakeSqlState("57014")), ServiceUnavailable),  # statement timeout
        (database_error(OperationalError, FakeSqlState("54001")), InvalidValue),  # statement too complex
        (
            database_error(OperationalError, __import__("sqlite3").OperationalError("database is locked")),
            ServiceUnavailable,
        ),
        (
            database_error(OperationalError, __import__("sqlite3").OperationalError("too many SQL variables")),
            InvalidValue,
        ),
        (database_error(InterfaceError, None), ServiceUnavailable),
    ],
)
def test_only_a_database_that_cannot_serve_is_unavailable(error, expected):
    assert isinstance(api_exception_for(error), expected)
