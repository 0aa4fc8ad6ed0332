"""OWASP API3:2023 Broken object property level authorization: no property is written or read by who may not.

Also proved by tests/menapp/test_men_api.py (the owner from the request, never the body) and
tests/menapp/test_strict_fields.py (only the types the schema promises).
"""

from rest_framework.test import APIClient

from accounts.models import User
from menapp.models import Men

from ..conftest import bearer_client


def test_mass_assigning_owner_id_version_and_dates_on_create_is_ignored(owner, user, category):
    body = {
        "title": "Подделка",
        "content": "Текст",
        "cat": category.pk,
        "user": user.pk,
        "id": 999_999,
        "version": 42,
        "time_create": "2000-01-01T00:00:00Z",
    }
    created = bearer_client(owner).post("/api/v1/men/", body).json()
    stored = Men.objects.get(pk=created["id"])
    assert (stored.user_id, stored.version) == (owner.pk, 1)
    assert stored.pk != 999_999 and stored.time_create.year != 2000


def test_mass_assigning_owner_and_version_on_edit_is_ignored(owner, user, men):
    response = bearer_client(owner).patch(f"/api/v1/men/{men.pk}/", {"user": user.pk, "version": 99, "title": "Т"})
    assert response.status_code == 200
    stored = Men.objects.get(pk=men.pk)
    assert (stored.user_id, stored.version) == (owner.pk, 2)


def test_a_user_cannot_grant_themselves_staff_or_superuser_or_reactivate(user):
    client = bearer_client(user)
    for field in ({"is_staff": True}, {"is_superuser": True}, {"is_active": False}, {"id": 1}):
        client.patch("/api/v1/auth/users/me/", field)
    stored = User.objects.get(pk=user.pk)
    assert (stored.is_staff, stored.is_superuser, stored.is_active, stored.pk) == (False, False, True, user.pk)


def test_registering_cannot_create_a_staff_account(db):
    body = {"username": "intruder", "password": "Str0ng-pass-phrase", "email": "i@example.com", "is_staff": True}
    assert APIClient().post("/api/v1/auth/users/", body).status_code == 201
    assert not User.objects.get(username="intruder").is_staff


def test_answers_expose_no_password_hash_nor_other_users_email(owner, user, men):
    me = bearer_client(user).get("/api/v1/auth/users/me/").json()
    assert "password" not in me
    record = APIClient().get(f"/api/v1/men/{men.pk}/").json()
    assert record["user"] == owner.pk and owner.email not in str(record)
