"""OWASP API2:2023 Broken Authentication: guessing passwords, credentials that outlive a change, reactivation.

Every path that checks a password (or a mailed token) is walked by one table: over the `login`
limit, per client address or per username, it answers 429 before any hash is computed, in
production and in debug settings, and it fails closed when the counter store does not answer.
"""

import base64
import json

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client, RequestFactory
from djoser.utils import encode_uid
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import throttling
from accounts.mail_tokens import AccountTokenGenerator, activation_token, password_reset_token
from accounts.models import User
from api import counters as counter_stores

from ..config.test_settings import load_settings
from ..conftest import PASSWORD, jwt_login

WRONG = "not-the-password-at-all"
NEW_PASSWORD = "An0ther-strong-phrase"


def token_client(user, address):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def staff_session(staff, address):
    client = Client(REMOTE_ADDR=address)
    client.login(username=staff.username, password=PASSWORD)
    return client


def same_session(accounts, address):
    """The staff member's admin session (logged in once, up front), from `address`."""
    client = Client(REMOTE_ADDR=address)
    client.cookies = accounts["staff session"].cookies
    return client


# Each path: (name, the username it guesses, how to send one wrong guess from an address).
PATHS = [
    ("session form", "owner", lambda u, a: Client(REMOTE_ADDR=a).post(
        "/api/v1/drf-auth/login/", {"username": "owner", "password": WRONG})),
    ("admin login form", "owner", lambda u, a: Client(REMOTE_ADDR=a).post(
        "/admin/login/", {"username": "owner", "password": WRONG})),
    ("token login", "owner", lambda u, a: APIClient(REMOTE_ADDR=a).post(
        "/auth/token/login/", {"username": "owner", "password": WRONG})),
    ("token login, versioned", "owner", lambda u, a: APIClient(REMOTE_ADDR=a).post(
        "/api/v1/auth/token/login/", {"username": "owner", "password": WRONG})),
    ("JWT", "owner", lambda u, a: APIClient(REMOTE_ADDR=a).post(
        "/api/v1/token/", {"username": "owner", "password": WRONG})),
    ("HTTP Basic", "owner", lambda u, a: APIClient(REMOTE_ADDR=a).get(
        "/api/v1/auth/users/me/", HTTP_AUTHORIZATION=basic("owner", WRONG))),
    ("set_password", "owner", lambda u, a: token_client(u["owner"], a).post(
        "/api/v1/auth/users/set_password/", {"current_password": WRONG, "new_password": NEW_PASSWORD})),
    ("set_username", "owner", lambda u, a: token_client(u["owner"], a).post(
        "/api/v1/auth/users/set_username/", {"current_password": WRONG, "new_username": "renamed"})),
    ("account deletion", "owner", lambda u, a: token_client(u["owner"], a).delete(
        "/api/v1/auth/users/me/", {"current_password": WRONG})),
    ("email change", "owner", lambda u, a: token_client(u["owner"], a).patch(
        "/api/v1/auth/users/me/", {"email": "new@example.com", "current_password": WRONG})),
    ("admin password change", "moderator", lambda u, a: same_session(u, a).post(
        "/admin/password_change/", {"old_password": WRONG, "new_password1": NEW_PASSWORD,
                                    "new_password2": NEW_PASSWORD})),
    ("password reset confirmation", None, lambda u, a: APIClient(REMOTE_ADDR=a).post(
        "/api/v1/auth/users/reset_password_confirm/",
        {"uid": encode_uid(u["owner"].pk), "token": "bad-token", "new_password": NEW_PASSWORD})),
    ("username reset confirmation", None, lambda u, a: APIClient(REMOTE_ADDR=a).post(
        "/api/v1/auth/users/reset_username_confirm/",
        {"uid": encode_uid(u["owner"].pk), "token": "bad-token", "new_username": "renamed"})),
]  # fmt: skip
PATH_IDS = [name for name, _, _ in PATHS]

# DESIGN, "Decisions": debug keeps the scope on, at a higher bounded rate (tests/security: the defaults).
MODES = {"production": (False, "10/min"), "debug": (True, "60/min")}


def test_debug_keeps_the_login_scope_on_at_a_higher_bounded_rate():
    debug = json.loads(load_settings(DJANGO_DEBUG="true").stdout)["login_rate"]
    production = json.loads(load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 60).stdout)["login_rate"]
    assert {"debug": (True, debug), "production": (False, production)} == MODES


@pytest.fixture(params=list(MODES))
def mode(request, settings, monkeypatch):  # noqa: F811 - pytest-django's fixture
    settings.DEBUG, rate = MODES[request.param]
    monkeypatch.setitem(throttling.LoginRateThrottle.THROTTLE_RATES, "login", rate)
    return int(rate.split("/")[0])


@pytest.fixture
def accounts(owner, staff):
    return {"owner": owner, "staff": staff, "staff session": staff_session(staff, "127.0.0.1")}


@pytest.fixture
def checks(monkeypatch):
    """Counts every password hashed or verified and every mailed token checked."""
    seen = []

    def spy(name, original):
        def counted(*args, **kwargs):
            seen.append(name)
            return original(*args, **kwargs)

        return counted

    monkeypatch.setattr(MD5PasswordHasher, "verify", spy("verify", MD5PasswordHasher.verify))
    monkeypatch.setattr(MD5PasswordHasher, "encode", spy("encode", MD5PasswordHasher.encode))
    monkeypatch.setattr(AccountTokenGenerator, "check_token", spy("token", AccountTokenGenerator.check_token))
    return seen


def spend_address_budget(address, hits):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    key = throttling.LoginRateThrottle().get_cache_key(request, None)
    for _ in range(hits):
        counter_stores.counters().hit([(key, 60)])


@pytest.mark.parametrize(("name", "username", "attempt"), PATHS, ids=PATH_IDS)
def test_guessing_from_one_address_is_refused_before_the_password_is_checked(
    mode, accounts, checks, name, username, attempt
):
    first = attempt(accounts, "10.1.0.1")
    assert first.status_code != 429
    assert checks, f"{name}: the first guess is checked"
    spend_address_budget("10.1.0.1", mode - 1)  # the rest of this minute's budget for that address
    checks.clear()
    refused = attempt(accounts, "10.1.0.1")
    assert refused.status_code == 429, name
    assert int(refused["Retry-After"]) > 0
    assert checks == [], f"{name}: refused before any password or token was checked"


@pytest.mark.parametrize(("name", "username", "attempt"), [p for p in PATHS if p[1]], ids=[p[0] for p in PATHS if p[1]])
def test_guessing_one_account_from_many_addresses_is_refused_before_the_password_is_checked(
    mode, accounts, checks, name, username, attempt
):
    assert attempt(accounts, "10.2.0.1").status_code != 429
    for _ in range(mode - 1):
        throttling.failed(username.upper())  # failures from elsewhere, under another spelling
    checks.clear()
    refused = attempt(accounts, "10.2.0.2")  # a fresh address
    assert refused.status_code == 429, name
    assert checks == [], f"{name}: refused before any password was checked"


def test_a_correct_password_does_not_count_toward_the_accounts_limit(owner, monkeypatch):
    monkeypatch.setitem(throttling.LoginRateThrottle.THROTTLE_RATES, "login", "2/min")
    for n in range(4):
        client = APIClient(REMOTE_ADDR=f"10.3.0.{n}")
        assert client.post("/api/v1/token/", {"username": "owner", "password": PASSWORD}).status_code == 200


@pytest.fixture
def counters_down(monkeypatch):
    """A counter store that does not answer (Redis down or full, the SQLite file unwritable)."""

    class Unavailable:
        def hit(self, windows, fetch=()):
            return None

        def peek(self, key):
            return None

        def clear(self):
            pass

        def connection(self):
            raise OSError("no counter store")

    monkeypatch.setattr(counter_stores, "_store", Unavailable())


@pytest.mark.parametrize(("name", "username", "attempt"), PATHS, ids=PATH_IDS)
def test_logins_fail_closed_when_the_counters_do_not_answer(accounts, counters_down, checks, name, username, attempt):
    response = attempt(accounts, "10.4.0.1")
    assert response.status_code == 429, name
    assert checks == []


def test_the_general_scopes_keep_serving_when_the_counters_do_not_answer(db, counters_down):
    assert APIClient().get("/api/v1/men/").status_code == 200


def test_a_throttled_admin_login_comes_back_as_the_form_with_a_message(owner, monkeypatch):
    monkeypatch.setitem(throttling.LoginRateThrottle.THROTTLE_RATES, "login", "1/min")
    client = Client()
    client.post("/admin/login/", {"username": "owner", "password": WRONG})
    refused = client.post("/admin/login/", {"username": "owner", "password": PASSWORD})
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    assert b'name="password"' in refused.content, "the form again"
    form = refused.context["form"]
    assert form.throttled is not None
    assert str(form.throttled.detail) in refused.content.decode(), "with the reason"
    assert not refused.wsgi_request.user.is_authenticated, "a right password, refused all the same"


def test_login_accepts_the_username_in_any_case_on_every_login_path(owner, staff):
    for username, staff_name in (("OWNER", "MODERATOR"), ("Owner", "Moderator"), ("ｏｗｎｅｒ", "ｍｏｄｅｒａｔｏｒ")):
        assert APIClient().post("/api/v1/token/", {"username": username, "password": PASSWORD}).status_code == 200
        assert APIClient().post("/auth/token/login/", {"username": username, "password": PASSWORD}).status_code == 200
        assert (
            APIClient().get("/api/v1/auth/users/me/", HTTP_AUTHORIZATION=basic(username, PASSWORD)).json()["username"]
            == "owner"
        )
        assert Client().post("/api/v1/drf-auth/login/", {"username": username, "password": PASSWORD}).status_code == 302
        assert Client().post("/admin/login/", {"username": staff_name, "password": PASSWORD}).status_code == 302
        throttling.counters().clear()


# Credentials that outlive a password change or a ban.


@pytest.mark.parametrize(
    "change",
    [
        lambda client: client.post(
            "/api/v1/auth/users/set_password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        ),
        lambda client: client.post(
            "/api/v1/auth/users/reset_password_confirm/",
            {
                "uid": encode_uid(User.objects.get(username="owner").pk),
                "token": password_reset_token.make_token(User.objects.get(username="owner")),
                "new_password": NEW_PASSWORD,
            },
        ),
    ],
    ids=["set_password", "reset confirmation"],
)
def test_an_api_token_stops_working_after_a_password_change(owner, change):
    client = token_client(owner, "127.0.0.1")
    assert client.get("/api/v1/auth/users/me/").status_code == 200
    assert change(client).status_code == 204
    assert client.get("/api/v1/auth/users/me/").status_code == 401
    assert not Token.objects.filter(user=owner).exists()


def test_an_api_token_stops_working_after_the_admin_changes_the_password(owner, staff):
    staff.is_superuser = True
    staff.save()
    client = token_client(owner, "127.0.0.1")
    admin = staff_session(staff, "127.0.0.1")
    response = admin.post(
        f"/admin/accounts/user/{owner.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert client.get("/api/v1/auth/users/me/").status_code == 401


def test_a_banned_users_api_token_is_gone_not_only_refused(owner):
    client = token_client(owner, "127.0.0.1")
    owner.is_active = False
    owner.save()
    assert not Token.objects.filter(user=owner).exists()
    owner.is_active = True
    owner.save()
    assert client.get("/api/v1/auth/users/me/").status_code == 401, "reactivation does not revive the old token"


def test_a_banned_user_cannot_reactivate_with_a_reset_token(owner, api_client):
    token = password_reset_token.make_token(owner)
    owner.is_active = False
    owner.save()
    body = {"uid": encode_uid(owner.pk), "token": token}
    assert api_client.post("/api/v1/auth/users/activation/", body).status_code == 404, "activation is off"
    reset = api_client.post("/api/v1/auth/users/reset_password_confirm/", {**body, "new_password": NEW_PASSWORD})
    assert reset.status_code == 400
    owner.refresh_from_db()
    assert not owner.is_active and not owner.check_password(NEW_PASSWORD)


def test_a_reset_token_made_before_a_ban_stays_dead_after_staff_reactivate(owner, api_client):
    token = password_reset_token.make_token(owner)
    owner.is_active = False
    owner.save()
    owner.is_active = True
    owner.save()
    body = {"uid": encode_uid(owner.pk), "token": token, "new_password": NEW_PASSWORD}
    assert api_client.post("/api/v1/auth/users/reset_password_confirm/", body).status_code == 400


def test_a_reset_token_does_not_activate_an_account(activation_mails, api_client, db):
    api_client.post("/api/v1/auth/users/", {"username": "newcomer", "email": "n@example.com", "password": PASSWORD})
    newcomer = User.objects.get(username="newcomer")
    assert not newcomer.is_active
    body = {"uid": encode_uid(newcomer.pk), "token": password_reset_token.make_token(newcomer)}
    assert api_client.post("/api/v1/auth/users/activation/", body).status_code == 400
    body["token"] = activation_token.make_token(newcomer)
    assert api_client.post("/api/v1/auth/users/activation/", body).status_code == 204


def test_an_activation_token_does_not_reset_a_password(owner, api_client):
    body = {"uid": encode_uid(owner.pk), "token": activation_token.make_token(owner), "new_password": NEW_PASSWORD}
    assert api_client.post("/api/v1/auth/users/reset_password_confirm/", body).status_code == 400


def test_a_banned_user_cannot_activate_or_resend_activation(activation_mails, owner, api_client):
    owner.is_active = False
    owner.save()
    assert owner.is_banned
    body = {"uid": encode_uid(owner.pk), "token": activation_token.make_token(owner)}
    assert api_client.post("/api/v1/auth/users/activation/", body).status_code == 400
    assert api_client.post("/api/v1/auth/users/resend_activation/", {"email": owner.email}).status_code == 204
    assert mail.outbox == []
    owner.refresh_from_db()
    assert not owner.is_active


def test_activation_routes_are_not_served_when_activation_is_off(owner, api_client):
    body = {"uid": encode_uid(owner.pk), "token": activation_token.make_token(owner)}
    assert api_client.post("/api/v1/auth/users/activation/", body).status_code == 404
    assert api_client.post("/api/v1/auth/users/resend_activation/", {"email": owner.email}).status_code == 404
    paths = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert not any("activation" in path for path in paths)


@pytest.mark.parametrize(
    ("action", "extra"),
    [
        ("activation", {}),
        ("reset_password_confirm", {"new_password": NEW_PASSWORD}),
        ("reset_username_confirm", {"new_username": "renamed"}),
    ],
)
def test_an_unknown_uid_and_a_bad_token_get_the_same_answer(activation_mails, owner, api_client, action, extra):
    unknown = api_client.post(f"/api/v1/auth/users/{action}/", {"uid": encode_uid(10**6), "token": "x", **extra})
    bad = api_client.post(f"/api/v1/auth/users/{action}/", {"uid": encode_uid(owner.pk), "token": "x", **extra})
    assert (unknown.status_code, unknown.content) == (bad.status_code, bad.content)
    assert unknown.status_code == 400


def test_changing_ones_own_email_needs_the_current_password(owner):
    client, _ = jwt_login()
    assert client.patch("/api/v1/auth/users/me/", {"email": "thief@example.com"}).status_code == 400
    wrong = client.patch("/api/v1/auth/users/me/", {"email": "x@example.com", "current_password": WRONG})
    assert wrong.status_code == 400
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    changed = client.patch("/api/v1/auth/users/me/", {"email": "new@example.com", "current_password": PASSWORD})
    assert changed.status_code == 200
    owner.refresh_from_db()
    assert owner.email == "new@example.com"


def test_staff_change_someone_elses_email_without_knowing_their_password(owner, staff):
    client, _ = jwt_login("moderator")
    assert client.patch(f"/api/v1/auth/users/{owner.pk}/", {"email": "fixed@example.com"}).status_code == 200
    owner.refresh_from_db()
    assert owner.email == "fixed@example.com"
