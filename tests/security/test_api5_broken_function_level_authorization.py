"""OWASP API5:2023 Broken function level authorization: staff functions stay staff-only on every route.

Also proved by tests/menapp/test_permissions.py (every route × method × role).
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from menapp.models import Category, Men

from ..conftest import bearer_client


@pytest.mark.parametrize("route", ["men/{id}/", "mendetail/{id}/", "mendelete/{id}/"])
def test_an_owner_cannot_delete_even_their_own_record_only_staff_can(owner, men, route):
    response = bearer_client(owner).delete("/api/v1/" + route.format(id=men.pk))
    assert response.status_code == 403
    assert Men.objects.filter(pk=men.pk).exists()


def test_a_user_cannot_create_rename_or_delete_categories(user, category):
    client = bearer_client(user)
    assert client.post("/api/v1/categories/", {"name": "Хакеры"}).status_code == 403
    assert client.patch(f"/api/v1/categories/{category.pk}/", {"name": "Хакеры"}).status_code == 403
    assert client.delete(f"/api/v1/categories/{category.pk}/").status_code == 403
    assert list(Category.objects.values_list("name", flat=True)) == ["Актеры"]


def test_anonymous_clients_cannot_call_any_write(men, category):
    client = APIClient()
    assert client.post("/api/v1/men/", {"title": "Т", "content": "С", "cat": category.pk}).status_code == 401
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Т"}).status_code == 401
    assert client.delete(f"/api/v1/men/{men.pk}/").status_code == 401
    assert client.post("/api/v1/categories/", {"name": "Т"}).status_code == 401


def test_a_user_cannot_list_every_account(owner, user, staff):
    usernames = [account["username"] for account in bearer_client(user).get("/api/v1/auth/users/").json()["results"]]
    assert usernames == ["reader"]


def test_a_user_cannot_open_the_admin(user):
    client = Client()
    client.force_login(user)
    response = client.get("/admin/menapp/men/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_method_nobody_may_use_is_a_405_not_a_permission_question(men):
    response = APIClient().put("/api/v1/men/", {})
    assert response.status_code == 405
