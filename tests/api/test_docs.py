"""The HTML pages under a Content-Security-Policy that runs no inline script, and their errors as JSON."""

import re

import pytest
from django.test import Client
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.test import APIClient

from menapp.views import MenViewSet

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values for name, *values in (directive.split() for directive in header.split(";") if directive.strip())
    }


def inline_scripts(html: str) -> list[str]:
    """Executable <script> elements without a src (a JSON data block is not executed)."""
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
    return [body for attributes, body in scripts if "application/json" not in attributes and body.strip()]


@pytest.fixture
def browsable_api(monkeypatch):
    monkeypatch.setattr(MenViewSet, "renderer_classes", [JSONRenderer, BrowsableAPIRenderer])


PAGES = ["/api/v1/docs/", "/api/v1/redoc/", "/api/v1/men/", "/admin/", "/admin/menapp/men/", "/admin/login/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_html_page_runs_only_the_services_own_scripts(admin_client, browsable_api, men, path):
    client = Client() if path == "/admin/login/" else admin_client
    response = client.get(path, **HTML)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    assert inline_scripts(html) == []
    assert not re.search(r"<[^>]*\son[a-z]+=", html), "no inline event handlers (DRF's log-out link had one)"
    assert not re.search(r"""(src=|<link[^>]*href=)["']https?://""", html), "every resource is the service's own"


def test_swagger_uis_start_up_script_is_a_file_of_its_own(db):
    page = Client().get("/api/v1/docs/").content.decode()
    (script_url,) = re.findall(r'<script src="([^"]*\?script[^"]*)"', page)
    script = Client().get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_json_answers_carry_the_policy_too(men):
    response = APIClient().get("/api/v1/men/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/", "/api/v1/schema/"])
@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "post"},
        {"method": "delete"},
        {"method": "get", "HTTP_ACCEPT": "application/x-unknown"},
        {"method": "get", "HTTP_ACCEPT": "\x00"},
    ],
)
def test_errors_of_the_docs_pages_and_the_schema_are_json(db, path, request_kwargs):
    kwargs = dict(request_kwargs)
    response = getattr(APIClient(), kwargs.pop("method"))(path, **kwargs)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json") and response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/", "/api/v1/schema/"])
@pytest.mark.parametrize("authorization", ["Bearer not-a-token", "Token nope", "Basic ###", "Bearer"])
def test_the_public_docs_ignore_bad_credentials(db, path, authorization):
    assert APIClient().get(path, HTTP_AUTHORIZATION=authorization).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_options_on_a_docs_page_is_a_json_405_not_a_500(db, path):
    response = APIClient().options(path)
    assert response.status_code == 405 and response.json()["detail"]
