"""Authentication end to end: registration, session (§11), djoser token (§12) and JWT (§14)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from accounts.throttling import LoginRateThrottle
from menapp.models import Men

from ..conftest import PASSWORD


@pytest.fixture
def record_payload(category):
    return {"title": "Павел", "content": "Что то с чем то", "cat_id": category.pk}


def test_registration_creates_a_user_who_can_log_in(api_client, db):
    response = api_client.post(
        "/api/v1/auth/users/", {"username": "seconduser", "password": PASSWORD, "email": "phk@gmail.com"}
    )
    assert response.status_code == 201
    assert response.json()["username"] == "seconduser"
    assert "password" not in response.json()
    assert User.objects.get(username="seconduser").check_password(PASSWORD)


@pytest.mark.parametrize("password", ["12345678", "password", "short", "seconduser1"])
def test_registration_rejects_weak_passwords_with_a_field_error(api_client, db, password):
    response = api_client.post("/api/v1/auth/users/", {"username": "seconduser", "password": password})
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.exists()


def test_token_flow_register_login_use_logout(record_payload):
    client = APIClient()
    client.post("/api/v1/auth/users/", {"username": "seconduser", "password": PASSWORD, "email": "phk@gmail.com"})

    login = client.post("/auth/token/login/", {"username": "seconduser", "password": PASSWORD}, format="multipart")
    assert login.status_code == 200
    token = login.json()["auth_token"]

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    created = client.post("/api/v1/men/", record_payload)
    assert created.status_code == 201
    assert Men.objects.get(pk=created.json()["id"]).user.username == "seconduser"

    assert client.post("/auth/token/logout/").status_code == 204
    assert client.post("/api/v1/men/", record_payload).status_code == 401


def test_token_login_also_works_under_the_versioned_prefix(owner):
    response = APIClient().post("/api/v1/auth/token/login/", {"username": "owner", "password": PASSWORD})
    assert response.status_code == 200
    assert "auth_token" in response.json()


def test_token_login_with_a_wrong_password_is_a_400(owner):
    response = APIClient().post("/auth/token/login/", {"username": "owner", "password": "wrong"})
    assert response.status_code == 400
    assert "auth_token" not in response.json()


def test_jwt_flow_obtain_use_refresh_verify_blacklist(owner, record_payload):
    client = APIClient()
    pair = client.post("/api/v1/token/", {"username": "owner", "password": PASSWORD}).json()
    assert set(pair) == {"access", "refresh"}

    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert client.post("/api/v1/men/", record_payload).status_code == 201

    refreshed = client.post("/api/v1/token/refresh/", {"refresh": pair["refresh"]}).json()
    assert set(refreshed) == {"access", "refresh"}, "refresh tokens rotate"
    assert client.post("/api/v1/token/refresh/", {"refresh": pair["refresh"]}).status_code == 401, "used one is dead"

    assert client.post("/api/v1/token/verify/", {"token": refreshed["access"]}).status_code == 200

    client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed['access']}")
    assert client.post("/api/v1/token/blacklist/", {"refresh": refreshed["refresh"]}).status_code == 200
    assert client.get("/api/v1/auth/users/me/").status_code == 401, "logout ends the access token at once"
    # SimpleJWT's own verify view reports a blacklisted token as a 400 validation error.
    assert client.post("/api/v1/token/verify/", {"token": refreshed["access"]}).status_code == 400
    client.credentials()
    assert client.post("/api/v1/token/refresh/", {"refresh": refreshed["refresh"]}).status_code == 401


def test_jwt_logout_without_an_access_token_still_ends_the_refresh_token(owner):
    client = APIClient()
    pair = client.post("/api/v1/token/", {"username": "owner", "password": PASSWORD}).json()
    assert client.post("/api/v1/token/blacklist/", {"refresh": pair["refresh"]}).status_code == 200
    assert client.post("/api/v1/token/refresh/", {"refresh": pair["refresh"]}).status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert client.get("/api/v1/auth/users/me/").status_code == 200


def test_password_change_revokes_existing_jwt(owner):
    client = APIClient()
    access = client.post("/api/v1/token/", {"username": "owner", "password": PASSWORD}).json()["access"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    changed = client.post(
        "/api/v1/auth/users/set_password/", {"current_password": PASSWORD, "new_password": "An0ther-strong-one"}
    )
    assert changed.status_code == 204
    assert client.get("/api/v1/auth/users/me/").status_code == 401


@pytest.mark.parametrize("token", ["garbage", "a.b.c", ""])
def test_malformed_bearer_token_is_a_json_401(db, token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.get("/api/v1/auth/users/me/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_session_login_through_the_browsable_api_form(owner, category):
    client = Client(enforce_csrf_checks=True)
    form = client.get("/api/v1/drf-auth/login/")
    assert form.status_code == 200
    csrf = form.cookies["csrftoken"].value
    login = client.post(
        "/api/v1/drf-auth/login/",
        {"username": "owner", "password": PASSWORD, "csrfmiddlewaretoken": csrf, "next": "/api/v1/men/"},
    )
    assert login.status_code == 302
    assert login["Location"] == "/api/v1/men/"

    created = client.post(
        "/api/v1/men/",
        {"title": "Сессия", "content": "Текст", "cat": category.pk},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert created.status_code == 201

    without_csrf = Client(enforce_csrf_checks=True)
    without_csrf.cookies["sessionid"] = client.cookies["sessionid"].value
    refused = without_csrf.post(
        "/api/v1/men/", {"title": "x", "content": "x", "cat": category.pk}, content_type="application/json"
    )
    assert refused.status_code == 403

    logout = client.post("/api/v1/drf-auth/logout/", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert logout.status_code == 302
    assert client.get("/api/v1/auth/users/me/").status_code in (401, 403)


def test_every_way_to_log_in_shares_one_strict_throttle(owner, monkeypatch):
    monkeypatch.setitem(LoginRateThrottle.THROTTLE_RATES, "login", "4/min")
    credentials = {"username": "owner", "password": "wrong-password"}
    attempts = [
        APIClient().post("/api/v1/token/", credentials),
        APIClient().post("/auth/token/login/", credentials),
        Client().post("/api/v1/drf-auth/login/", credentials),
        APIClient().post("/api/v1/auth/users/reset_password/", {"email": "owner@example.com"}),
    ]
    assert [a.status_code for a in attempts] == [401, 400, 200, 204]

    for refused in (
        APIClient().post("/api/v1/auth/users/", {"username": "new", "password": PASSWORD}),
        APIClient().post("/api/v1/token/", {"username": "owner", "password": PASSWORD}),
        Client().post("/api/v1/drf-auth/login/", {"username": "owner", "password": PASSWORD}),
    ):
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) > 0
        assert "detail" in refused.json()
    assert not User.objects.filter(username="new").exists()


def test_ordinary_reads_are_not_under_the_login_throttle(api_client, db, monkeypatch):
    monkeypatch.setitem(LoginRateThrottle.THROTTLE_RATES, "login", "1/min")
    assert all(api_client.get("/api/v1/men/").status_code == 200 for _ in range(5))


def test_non_staff_see_only_themselves_in_the_user_list(client_for, owner, user, staff):
    body = client_for("user").get("/api/v1/auth/users/").json()
    assert [u["username"] for u in body["results"]] == ["reader"]
    assert client_for("user").get(f"/api/v1/auth/users/{owner.pk}/").status_code == 404
    assert client_for("staff").get("/api/v1/auth/users/").json()["count"] == 3


def test_users_cannot_make_themselves_staff(client_for, user):
    response = client_for("user").patch("/api/v1/auth/users/me/", {"is_staff": True, "is_superuser": True})
    assert response.status_code == 200
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser


def test_password_reset_answers_the_same_for_known_and_unknown_emails(api_client, owner, mailoutbox):
    known = api_client.post("/api/v1/auth/users/reset_password/", {"email": "owner@example.com"})
    unknown = api_client.post("/api/v1/auth/users/reset_password/", {"email": "nobody@example.com"})
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content) == (204, b"")
    assert len(mailoutbox) == 1


def test_a_first_jwt_request_costs_one_query_for_authentication(owner, count_queries):
    client = APIClient()
    access = client.post("/api/v1/token/", {"username": "owner", "password": PASSWORD}).json()["access"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    with count_queries() as queries:
        assert client.get("/api/v1/men/category/").status_code == 200
    assert queries.count == 2  # the user with its token's blacklist entry, then the categories
