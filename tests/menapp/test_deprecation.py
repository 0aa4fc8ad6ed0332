"""The course's older routes say they are deprecated and name their successor (RFC 9745, RFC 8288)."""

import pytest

from menapp.deprecation import DEPRECATED_SINCE
from tests.conftest import jwt_login

DEPRECATION = f"@{int(DEPRECATED_SINCE.timestamp())}"  # RFC 9745: @<unix time>, here 2026-11-27 (1.0.0)


@pytest.mark.parametrize("route", ["menlist", "mendetail", "mendelete"])
def test_a_deprecated_detail_route_names_the_record_under_men_as_its_successor(api_client, men, route):
    response = api_client.get(f"/api/v1/{route}/{men.pk}/")
    assert response.status_code == 200
    assert response["Deprecation"] == DEPRECATION
    assert response["Link"] == f'<http://testserver/api/v1/men/{men.pk}/>; rel="successor-version"'


def test_the_deprecated_list_names_the_men_list_as_its_successor(api_client, men):
    for _ in range(2):  # the second answer comes from the record cache
        response = api_client.get("/api/v1/menlist/")
        assert response.status_code == 200
        assert response["Deprecation"] == DEPRECATION
        assert response["Link"] == '<http://testserver/api/v1/men/>; rel="successor-version"'


def test_writes_through_a_deprecated_route_carry_the_headers_too(owner, category):
    client, _ = jwt_login()
    response = client.post("/api/v1/menlist/", {"title": "Павел", "content": "Что то", "cat_id": category.pk})
    assert response.status_code == 201
    assert response["Deprecation"] == DEPRECATION
    assert 'rel="successor-version"' in response["Link"]


def test_the_current_routes_are_not_marked_deprecated(api_client, men):
    for url in ("/api/v1/men/", f"/api/v1/men/{men.pk}/"):
        response = api_client.get(url)
        assert "Deprecation" not in response and "Link" not in response
