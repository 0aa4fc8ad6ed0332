"""OWASP API9:2023 Improper inventory management: what is served is what is documented, old routes marked.

Every route of the README's endpoint table is in the OpenAPI schema, every route the schema lists is
served, the course's old routes are marked deprecated there, and what is for development only
(the benchmark's ceiling view, the browsable API) is not served by default. Also proved by
tests/config/test_openapi.py (the schema validates; errors, security and examples documented).
"""

import re
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve
from rest_framework.test import APIClient

README = Path(__file__).resolve().parents[2] / "README.md"
# Pages for people, not operations: not in the schema by design.
NOT_OPERATIONS = {
    "drf-auth/login/",
    "drf-auth/logout/",
    "schema/",
    "docs/",
    "redoc/",
    "/admin/",
    "/",  # the landing page
    # the pages the account mails link to (accounts/pages.py)
    "/password/reset/confirm/{uid}/{token}",
    "/username/reset/confirm/{uid}/{token}",
    "/activate/{uid}/{token}",
}


def documented_routes() -> set[str]:
    section = README.read_text(encoding="utf-8").split("## Endpoints", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    routes = set()
    for row in rows:
        first_column = row.split("|")[1]
        routes |= {route for route in re.findall(r"`([^`]*)`", first_column) if "…" not in route}
    return routes


def schema_path(route: str) -> str:
    path = route if route.startswith("/") else f"/api/v1/{route}"
    return path


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/v1/schema/?format=json").json()


def test_every_route_the_readme_documents_is_in_the_schema(schema):
    routes = documented_routes() - NOT_OPERATIONS
    assert len(routes) > 20
    missing = sorted(route for route in routes if schema_path(route) not in schema["paths"])
    assert missing == []


def test_every_route_the_schema_lists_is_served(schema):
    for path in schema["paths"]:
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        try:
            resolve(concrete)
        except Resolver404:
            pytest.fail(f"{path} is documented but not served")


def test_the_courses_old_routes_are_marked_deprecated(schema):
    for path, operations in schema["paths"].items():
        if path.startswith(("/api/v1/menlist/", "/api/v1/mendetail/", "/api/v1/mendelete/")):
            assert all(operation.get("deprecated") for operation in operations.values()), path


def test_the_benchmarks_ceiling_view_is_not_served_by_default(db):
    assert APIClient().get("/bench/ceiling").status_code == 404
