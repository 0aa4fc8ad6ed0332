"""OWASP API1:2023 Broken object level authorization: an id in the URL never reaches what its reader may not see.

Also proved by tests/menapp/test_permissions.py (the full role × route × method matrix) and
tests/menapp/test_cache.py (cached answers per reader scope).
"""

import pytest
from rest_framework.test import APIClient

from menapp.models import Men

from ..conftest import bearer_client

DETAIL_ROUTES = ["men/{id}/", "menlist/{id}/", "mendetail/{id}/", "mendelete/{id}/", "men/{id}/category/"]


@pytest.mark.parametrize("route", DETAIL_ROUTES)
def test_guessing_the_id_of_another_users_draft_finds_nothing_on_any_route(user, draft, route):
    url = "/api/v1/" + route.format(id=draft.pk)
    for client in (APIClient(), bearer_client(user)):
        response = client.get(url)
        assert response.status_code == 404 and "Черновик" not in response.content.decode()


def test_a_draft_cached_for_its_owner_is_never_served_to_another_reader(owner, user, draft):
    assert bearer_client(owner).get(f"/api/v1/men/{draft.pk}/").status_code == 200  # now cached for the owner
    assert bearer_client(owner).get("/api/v1/men/?is_published=false").json()["count"] == 1
    assert bearer_client(user).get(f"/api/v1/men/{draft.pk}/").status_code == 404
    assert APIClient().get(f"/api/v1/men/{draft.pk}/").status_code == 404
    assert bearer_client(user).get("/api/v1/men/?is_published=false").json()["count"] == 0


@pytest.mark.parametrize("route", ["men/{id}/", "menlist/{id}/", "mendetail/{id}/"])
def test_editing_another_users_record_by_id_is_refused_and_changes_nothing(user, men, route):
    url = "/api/v1/" + route.format(id=men.pk)
    client = bearer_client(user)
    assert client.patch(url, {"title": "Захвачено"}).status_code == 403
    body = {"title": "Захвачено", "content": "x", "cat": men.cat_id}
    assert client.put(url, body).status_code == 403
    assert Men.objects.get(pk=men.pk).title == men.title


def test_another_users_account_cannot_be_read_changed_or_deleted_by_id(owner, user):
    client = bearer_client(user)
    url = f"/api/v1/auth/users/{owner.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"email": "attacker@example.com"}).status_code == 404
    assert client.delete(url, {"current_password": "x"}).status_code == 404
    owner.refresh_from_db()
    assert owner.email == "owner@example.com" and owner.is_active


def test_reusing_another_users_idempotency_key_replays_nothing_of_theirs(owner, user, category):
    body = {"title": "Запись владельца", "content": "Текст", "cat": category.pk}
    first = bearer_client(owner).post("/api/v1/men/", body, HTTP_IDEMPOTENCY_KEY="shared-key")
    assert first.status_code == 201
    other = bearer_client(user).post("/api/v1/men/", body, HTTP_IDEMPOTENCY_KEY="shared-key")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert other.json()["user"] == user.pk
