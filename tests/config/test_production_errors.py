"""In production (debug off) an unexpected error is a JSON 500 that gives nothing away."""

import pytest
from django.conf import settings
from django.test import Client

from .failing_urls import SECRET

pytestmark = pytest.mark.urls("tests.config.failing_urls")


def assert_bare_500(response):
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    text = response.content.decode()
    for leak in ("Traceback", "RuntimeError", "ZeroDivisionError", SECRET, ".py", "line "):
        assert leak not in text
    return response.json()


@pytest.mark.parametrize("path", ["/api/v1/fails/", "/api/v1/fails-in-django/", "/auth/fails/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unexpected_error_under_the_api_is_a_json_500_with_no_traceback(db, path, method):
    assert not settings.DEBUG
    response = getattr(Client(raise_request_exception=False), method)(path, HTTP_ACCEPT_LANGUAGE="en")
    assert assert_bare_500(response) == {"detail": "Internal server error."}


def test_the_500_detail_is_translated(db):
    response = Client(raise_request_exception=False).get("/api/v1/fails/")
    assert assert_bare_500(response) == {"detail": "Внутренняя ошибка сервера."}


def test_an_unexpected_error_outside_the_api_shows_no_traceback_either(db):
    assert_bare_500(Client(raise_request_exception=False).get("/fails-outside-the-api/"))


def test_the_error_is_logged_for_the_operators(db, caplog):
    Client(raise_request_exception=False).get("/api/v1/fails/")
    assert any(SECRET in str(record.exc_info[1]) for record in caplog.records if record.exc_info)
