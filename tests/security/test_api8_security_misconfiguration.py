"""OWASP API8:2023 Security misconfiguration: headers on every answer, debug off, a CSP, bare error bodies.

Also proved by tests/config/test_settings.py (production refuses to start without a secret key,
JSON only, `check --deploy` clean), tests/config/test_production_errors.py (no traceback in a 500),
tests/api/test_docs.py (the CSP on every HTML page) and tests/e2e/ (no CSP violation in a browser).
"""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from ..conftest import bearer_client

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def answers(men, owner):
    """One of each kind: a view's 200, DRF's 404 and 405, the middleware's own 400 and 413, Django's 404, HTML."""
    client = APIClient()
    yield client.get("/api/v1/men/", secure=True)
    yield client.get("/api/v1/men/999999/", secure=True)
    yield client.put("/api/v1/men/", {}, secure=True)
    yield client.get("/api/v1/men/?q=%00", secure=True)
    yield client.generic("POST", "/api/v1/men/", "x", CONTENT_LENGTH=str(10**9), secure=True)
    yield client.get("/api/v1/no-such-route/", secure=True)
    yield client.get("/api/v1/docs/", secure=True)
    yield bearer_client(owner).patch(f"/api/v1/men/{men.pk}/", {"title": "x"}, HTTP_IF_MATCH='"99"', secure=True)


def test_every_kind_of_answer_carries_the_security_headers_and_hsts(men, owner):
    statuses = set()
    for response in answers(men, owner):
        statuses.add(response.status_code)
        for header, value in SECURITY_HEADERS.items():
            assert response[header] == value, (response.status_code, header)
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert response["Strict-Transport-Security"].startswith(f"max-age={settings.SECURE_HSTS_SECONDS}")
    assert statuses == {200, 404, 405, 400, 413, 412}


def test_the_suite_runs_the_production_configuration():
    assert not settings.DEBUG
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] == ["rest_framework.renderers.JSONRenderer"]


def test_a_browser_cannot_open_the_browsable_api_in_production(men):
    response = APIClient().get("/api/v1/men/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406 or response["Content-Type"].startswith("application/json")


def test_another_origin_gets_no_cors_grant(men):
    response = APIClient().get("/api/v1/men/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("path", ["/api/v1/men/999999/", "/api/v1/no-such-route/", "/api/v1/men/?page=999"])
def test_error_bodies_name_the_problem_and_nothing_of_the_server(men, path):
    response = APIClient().get(path)
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    text = response.content.decode()
    assert "Traceback" not in text and "django" not in text.lower() and "/work/" not in text


def test_an_unknown_host_is_refused_with_a_json_400(men):
    response = APIClient().get("/api/v1/men/", HTTP_HOST="attacker.example")
    assert response.status_code == 400 and response.json()["detail"]
