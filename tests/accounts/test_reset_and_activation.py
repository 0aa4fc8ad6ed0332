"""djoser's reset and activation actions answer 204 or 400, never 500 (schemathesis findings)."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import User

from ..conftest import PASSWORD


def test_username_reset_mails_the_account(api_client, owner):
    response = api_client.post("/api/v1/auth/users/reset_username/", {"email": owner.email})
    assert response.status_code == 204
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert "username/reset/confirm/" in mail.outbox[0].body


def test_password_reset_mails_every_account_sharing_the_address(api_client, db):
    for username in ("first", "second"):
        User.objects.create_user(username, "phk@gmail.com", PASSWORD)
    response = api_client.post("/api/v1/auth/users/reset_password/", {"email": "phk@gmail.com"})
    assert response.status_code == 204
    assert len(mail.outbox) == 2


def test_password_reset_for_an_unknown_address_is_a_silent_204(api_client, db):
    response = api_client.post("/api/v1/auth/users/reset_password/", {"email": "nobody@example.com"})
    assert response.status_code == 204
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("activation", {"uid": 0, "token": "x"}),
        ("activation", {"uid": "MQ", "token": 0}),
        ("reset_password_confirm", {"uid": 0, "token": 0, "new_password": PASSWORD}),
        ("reset_username_confirm", {"uid": 0, "token": "x", "new_username": "newname"}),
        ("reset_username_confirm", {"new_username": "newname"}),
    ],
)
def test_uid_and_token_that_are_not_strings_or_missing_are_a_400(api_client, owner, activation_mails, action, body):
    response = api_client.post(f"/api/v1/auth/users/{action}/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) & {"uid", "token"}


def test_options_on_the_current_user_describes_it_instead_of_a_500(owner):
    client = APIClient()
    client.force_authenticate(owner)
    response = client.options("/api/v1/auth/users/me/")
    assert response.status_code == 200
    assert response.json()["name"]
