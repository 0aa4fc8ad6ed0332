"""JWT and token edge cases an attacker tries: forged, expired, misused, revoked and stale credentials."""

import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

import config.settings as project_settings
from accounts.tokens import RevocableAccessToken

from ..conftest import PASSWORD

ME = "/api/v1/auth/users/me/"


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def bearer(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def obtain(username="owner", password=PASSWORD) -> dict:
    response = APIClient().post("/api/v1/token/", {"username": username, "password": password})
    assert response.status_code == 200, response.content
    return response.json()


def assert_refused(response):
    assert response.status_code == 401, response.content
    assert "detail" in response.json()


def test_a_fresh_access_token_works(owner):
    assert bearer(obtain()["access"]).get(ME).status_code == 200


def test_an_unsigned_alg_none_token_is_refused(owner):
    claims = jwt.decode(obtain()["access"], options={"verify_signature": False})
    forged = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    assert_refused(bearer(forged).get(ME))


def test_a_token_with_a_tampered_payload_is_refused(owner, staff):
    header, _, signature = obtain()["access"].split(".")
    claims = jwt.decode(obtain()["access"], options={"verify_signature": False})
    claims["user_id"] = str(staff.pk)
    assert_refused(bearer(f"{header}.{b64(claims)}.{signature}").get(ME))


def test_a_token_signed_with_another_key_is_refused(owner):
    claims = jwt.decode(obtain()["access"], options={"verify_signature": False})
    assert_refused(bearer(jwt.encode(claims, "not-our-key-" * 4, algorithm="HS256")).get(ME))


def test_an_expired_access_token_is_refused(owner):
    token = RevocableAccessToken.for_user(owner)
    token.set_exp(lifetime=-timedelta(seconds=1))
    assert_refused(bearer(token).get(ME))


def test_an_expired_refresh_token_cannot_be_refreshed(owner):
    refresh = RefreshToken.for_user(owner)
    refresh.set_exp(lifetime=-timedelta(seconds=1))
    assert_refused(APIClient().post("/api/v1/token/refresh/", {"refresh": str(refresh)}))


def test_a_refresh_token_is_not_an_access_token(owner):
    assert_refused(bearer(obtain()["refresh"]).get(ME))


def test_an_access_token_is_not_a_refresh_token(owner):
    assert_refused(APIClient().post("/api/v1/token/refresh/", {"refresh": obtain()["access"]}))


def test_deactivating_a_user_ends_their_access_refresh_and_api_tokens(owner):
    pair = obtain()
    api_token = Token.objects.create(user=owner)
    owner.is_active = False
    owner.save()
    assert_refused(bearer(pair["access"]).get(ME))
    assert_refused(APIClient().post("/api/v1/token/refresh/", {"refresh": pair["refresh"]}))
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {api_token.key}")
    assert_refused(token_client.get(ME))
    assert APIClient().post("/api/v1/token/", {"username": "owner", "password": PASSWORD}).status_code == 401


def test_a_password_change_ends_refresh_tokens_too(owner):
    pair = obtain()
    owner.set_password("An0ther-strong-one")
    owner.save()
    assert_refused(bearer(pair["access"]).get(ME))
    assert_refused(APIClient().post("/api/v1/token/refresh/", {"refresh": pair["refresh"]}))
    assert bearer(obtain(password="An0ther-strong-one")["access"]).get(ME).status_code == 200


def test_a_deleted_users_tokens_are_refused(owner):
    pair = obtain()
    owner.delete()
    assert_refused(bearer(pair["access"]).get(ME))
    assert_refused(APIClient().post("/api/v1/token/refresh/", {"refresh": pair["refresh"]}))


def test_a_rotated_refresh_token_cannot_be_used_even_after_its_successor_is_blacklisted(owner):
    first = obtain()["refresh"]
    second = APIClient().post("/api/v1/token/refresh/", {"refresh": first}).json()["refresh"]
    assert APIClient().post("/api/v1/token/blacklist/", {"refresh": second}).status_code == 200
    for refresh in (first, second):
        assert_refused(APIClient().post("/api/v1/token/refresh/", {"refresh": refresh}))


@pytest.mark.parametrize("method", ["patch", "put"])
def test_users_cannot_grant_themselves_staff_or_superuser_with_any_method(client_for, user, method):
    body = {"username": "reader", "email": "reader@example.com", "is_staff": True, "is_superuser": True}
    body |= {"is_active": True, "groups": [1], "user_permissions": [1]}
    response = getattr(client_for("user"), method)(ME, body)
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser, user.groups.count(), user.user_permissions.count()) == (
        False,
        False,
        0,
        0,
    )


def test_non_staff_cannot_read_change_or_delete_another_user(client_for, owner):
    client = client_for("user")
    path = f"/api/v1/auth/users/{owner.pk}/"
    assert client.get(path).status_code == 404
    assert client.patch(path, {"email": "stolen@example.com"}).status_code == 404
    assert client.delete(path, {"current_password": PASSWORD}).status_code == 404
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_password_reset_answers_the_same_for_invalid_and_inactive_addresses(api_client, owner, user, mailoutbox):
    user.is_active = False
    user.save()
    answers = {
        email: api_client.post("/api/v1/auth/users/reset_password/", {"email": email})
        for email in ("reader@example.com", "nobody@example.com", "OWNER@EXAMPLE.COM")
    }
    assert {(r.status_code, r.content) for r in answers.values()} == {(204, b"")}
    assert len(mailoutbox) <= 1


def test_passwords_are_hashed_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0] == "accounts.hashers.OWASPArgon2PasswordHasher"


def test_flushexpiredtokens_prunes_expired_token_rows(owner):
    live = RefreshToken.for_user(owner)
    expired = RefreshToken.for_user(owner)
    OutstandingToken.objects.filter(jti=expired["jti"]).update(expires_at=timezone.now() - timedelta(days=1))
    call_command("flushexpiredtokens")
    assert list(OutstandingToken.objects.values_list("jti", flat=True)) == [live["jti"]]
