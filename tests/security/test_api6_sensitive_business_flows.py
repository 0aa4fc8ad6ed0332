"""OWASP API6:2023 Unrestricted Access to Sensitive Business Flows: deleting accounts, look-alike usernames.

An account deletion leaves nothing half-done (records die with their owner, through the service);
a name that differs from another only by case or Unicode form is the same name on every path.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import Client
from djoser.utils import encode_uid
from rest_framework.test import APIClient

from accounts.mail_tokens import username_reset_token
from accounts.models import User
from menapp.models import Men

from ..conftest import PASSWORD, jwt_login


def superuser_session(staff):
    staff.is_superuser = True
    staff.save()
    client = Client()
    client.login(username=staff.username, password=PASSWORD)
    return client


def test_deleting_ones_account_with_records_is_a_204_and_takes_the_records_along(owner, men, draft):
    client, _ = jwt_login()
    assert APIClient().get("/api/v1/men/").json()["count"] == 1  # a cached page that lists the record
    response = client.delete("/api/v1/auth/users/me/", {"current_password": PASSWORD})
    assert response.status_code == 204
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Men.objects.filter(pk__in=[men.pk, draft.pk]).exists()
    deleted = Men.history.filter(id__in=[men.pk, draft.pk], history_type="-")
    assert deleted.count() == 2 and all(row.history_user_id is None for row in deleted)
    assert APIClient().get("/api/v1/men/").json()["count"] == 0, "the cached page went with them"


def test_staff_deleting_a_user_in_the_admin_takes_their_records_along_too(owner, men, staff):
    admin = superuser_session(staff)
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [owner.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Men.objects.filter(pk=men.pk).exists()
    assert Men.history.filter(id=men.pk, history_type="-").get().history_user_id is None


def test_restoring_a_record_whose_owner_is_gone_is_refused_with_a_message(owner, men, staff):
    version = Men.history.filter(id=men.pk).first()
    owner_pk = owner.pk
    owner.delete()
    admin = superuser_session(staff)
    response = admin.post(f"/admin/menapp/men/{men.pk}/history/{version.history_id}/", follow=True)
    assert response.status_code == 200
    assert f"#{owner_pk}" in response.content.decode()
    assert not Men.objects.filter(pk=men.pk).exists()


@pytest.mark.parametrize("lookalike", ["Owner", "OWNER", "ｏｗｎｅｒ"])
def test_registering_a_name_that_differs_only_by_case_or_form_is_refused(owner, api_client, lookalike):
    response = api_client.post(
        "/api/v1/auth/users/", {"username": lookalike, "email": "x@example.com", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "username" in response.json()
    assert User.objects.count() == 1


def test_taking_someone_elses_name_in_another_case_with_set_username_is_refused(owner, user):
    client, _ = jwt_login("reader")
    body = {"current_password": PASSWORD, "new_username": "OWNER"}
    response = client.post("/api/v1/auth/users/set_username/", body)
    assert response.status_code == 400
    assert "new_username" in response.json()


def test_set_username_stores_the_normalised_name_and_allows_recasing_ones_own(owner):
    client, _ = jwt_login()
    assert (
        client.post(
            "/api/v1/auth/users/set_username/", {"current_password": PASSWORD, "new_username": "ｎｅｗｎａｍｅ"}
        ).status_code
        == 204
    )
    owner.refresh_from_db()
    assert owner.username == "newname"
    client, _ = jwt_login("newname")
    assert (
        client.post(
            "/api/v1/auth/users/set_username/", {"current_password": PASSWORD, "new_username": "NewName"}
        ).status_code
        == 204
    )


def test_a_username_reset_cannot_take_a_name_in_another_case(owner, user, api_client):
    body = {"uid": encode_uid(user.pk), "token": username_reset_token.make_token(user), "new_username": "Owner"}
    response = api_client.post("/api/v1/auth/users/reset_username_confirm/", body)
    assert response.status_code == 400
    assert "new_username" in response.json()


@pytest.mark.parametrize("lookalike", ["OWNER", "иван"])  # SQLite's own case folding knows ASCII only
def test_the_admin_forms_refuse_a_name_in_another_case(owner, staff, lookalike):
    User.objects.create_user("Иван", "ivan@example.com", PASSWORD)
    admin = superuser_session(staff)
    added = admin.post(
        "/admin/accounts/user/add/",
        {"username": lookalike, "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
    )
    assert added.status_code == 200 and User.objects.count() == 3, "the form again, with the error"
    assert added.context["adminform"].form.errors["username"]
    change = admin.post(
        f"/admin/accounts/user/{owner.pk}/change/",
        {"username": "ИВАН", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"},
    )
    assert change.status_code == 200
    assert change.context["adminform"].form.errors["username"]


def test_createsuperuser_refuses_a_name_in_another_case(owner, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="already taken"):
        call_command("createsuperuser", "--noinput", "--username", "Owner", "--email", "a@example.com")


def test_the_database_itself_refuses_a_second_spelling_of_a_name(owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="OWNER")
