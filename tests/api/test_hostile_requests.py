"""Hostile headers and format suffixes: every answer is a 2xx or a JSON 4xx, never a 500 (api.errors, api.middleware).

Each header the service reads gets values a client can really send (WSGI headers arrive as Latin-1
text: UTF-8 bytes show up as their Latin-1 characters): NUL, non-ASCII, huge, malformed quoting,
many values. Each route is asked with every format suffix, by an anonymous client and a signed-in one.
"""

import pytest
from django.urls import get_resolver
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from ..conftest import bearer_client


def on_the_wire(text: str) -> str:
    """What a WSGI server hands Django for a header sent as UTF-8."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


HOSTILE_VALUES = [
    on_the_wire(value)
    for value in [
        "\x00",
        "\x00\x01\x7f",
        "é",
        "日本語",
        "\ud800",
        '"',
        '"1',
        'W/"',
        '""',
        ",,,,",
        '*, "1"',
        '"²"',
        '"' + "9" * 40 + '"',
        "-1",
        '"-1"',
        "\t",
        "x" * 8000,
        ", ".join(f'"{n}"' for n in range(2000)),
        "text/html; q=abc",
        "*/*;q=",
        "application/json; indent=-1",
        "application/json; indent=99999999",
        "application/json; indent=abc",
        "application/json; charset=nope",
        "en-US;q=abc, ru;q=",
        "zz-" + "a" * 300,
        "Bearer",
        "Bearer ",
        "Bearer a.b.c",
        "Bearer \x00",
        "Token",
        "Token a b",
        "Basic ###",
        "Basic Og==",
        "Basic " + "w6k6w6k=",
        "Basic " + "A" * 5000,
    ]
]
HEADERS = ["If-Match", "If-None-Match", "Idempotency-Key", "Accept", "Accept-Language", "Authorization"]


def meta(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def assert_api_answer(response, what, html_allowed=False):
    """A 2xx/3xx/4xx; an error is JSON, or DRF's HTML page where the client asked for the browsable API."""
    assert response.status_code < 500, what
    if response.status_code >= 400 and response.request["REQUEST_METHOD"] != "HEAD":
        if html_allowed and response["Content-Type"].startswith("text/html"):
            return
        assert response["Content-Type"].startswith("application/json"), what
        assert response.json(), what


@pytest.mark.parametrize("header", HEADERS)
def test_hostile_header_values_never_get_a_500(header, men, owner, category):
    signed_in = bearer_client(owner)
    for value in HOSTILE_VALUES:
        client = APIClient() if header == "Authorization" else signed_in
        headers = {meta(header): value}
        requests = [
            ("get", "/api/v1/men/", None),
            ("get", f"/api/v1/men/{men.pk}/", None),
            ("patch", f"/api/v1/men/{men.pk}/", {"title": "Правка"}),
            ("post", "/api/v1/men/", {"title": "Новая", "content": "Текст", "cat": category.pk}),
            ("delete", f"/api/v1/men/{men.pk + 1000}/", None),
            ("get", "/api/v1/auth/users/me/", None),
            ("post", "/api/v1/token/", {"username": "owner", "password": "wrong"}),
            ("get", "/api/v1/docs/", None),
            ("get", "/api/v1/schema/", None),
        ]
        for method, path, body in requests:
            response = getattr(client, method)(path, body, format="json", **headers)
            assert_api_answer(response, (header, value[:40], method, path))


ROUTES = [
    "/api/v1/",
    "/api/v1/men/",
    "/api/v1/men/{id}/",
    "/api/v1/men/{id}/category/",
    "/api/v1/men/category/",
    "/api/v1/categories/",
    "/api/v1/categories/{cat}/",
    "/api/v1/menlist/",
    "/api/v1/menlist/{id}/",
    "/api/v1/mendetail/{id}/",
    "/api/v1/mendelete/{id}/",
    "/api/v1/auth/users/",
    "/api/v1/auth/users/me/",
    "/api/v1/auth/users/{user}/",
    "/api/v1/auth/users/set_password/",
    "/api/v1/auth/users/reset_password/",
    "/auth/token/login/",
    "/auth/token/logout/",
    "/api/v1/token/",
    "/api/v1/token/refresh/",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/api/v1/redoc/",
]
SUFFIXES = ["", ".json", ".api", ".xml", ".yaml", ".html", ".json/"]


def drf_views(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from drf_views(pattern.url_patterns)
        elif hasattr(pattern.callback, "cls"):
            yield pattern.callback.cls


def browsable_api_everywhere(monkeypatch):
    """The browsable API on for every DRF view that serves the default renderers (as in debug)."""
    for view in set(drf_views(get_resolver().url_patterns)):
        if list(view.renderer_classes) == list(api_settings.DEFAULT_RENDERER_CLASSES):
            monkeypatch.setattr(view, "renderer_classes", [JSONRenderer, BrowsableAPIRenderer])


@pytest.fixture(params=[False, True], ids=["json-only", "browsable-api"])
def renderers(request, monkeypatch):
    if request.param:
        browsable_api_everywhere(monkeypatch)
    return request.param


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_with_every_format_suffix_answers_without_a_500(renderers, route, men, owner, category):
    base = route.format(id=men.pk, cat=category.pk, user=owner.pk).rstrip("/")
    for client in (APIClient(), bearer_client(owner)):
        for suffix in SUFFIXES:
            for method in ("get", "head", "options", "post"):
                response = getattr(client, method)(base + suffix, {}, format="json")
                assert_api_answer(response, (base + suffix, method), html_allowed=renderers and ".api" in suffix)


@pytest.mark.parametrize("path", ["/api/v1/men/", "/api/v1/men/{id}.api", "/api/v1/auth/users/me/", "/api/v1/token/"])
def test_a_browser_gets_drf_pages_not_a_500_when_the_browsable_api_is_on(monkeypatch, men, owner, path):
    browsable_api_everywhere(monkeypatch)
    for client in (APIClient(), bearer_client(owner)):
        response = client.get(path.format(id=men.pk), HTTP_ACCEPT="text/html")
        assert response.status_code < 500
        assert response["Content-Type"].startswith("text/html")


def test_head_on_users_me_answers_like_get(owner):
    client = bearer_client(owner)
    assert client.head("/api/v1/auth/users/me/").status_code == client.get("/api/v1/auth/users/me/").status_code == 200
