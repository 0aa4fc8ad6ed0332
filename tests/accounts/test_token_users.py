"""A JWT's user is remembered between reads, and forgotten on the next request after any change or logout."""

import jwt
from django.core.cache import cache

from accounts import token_users
from menapp.models import Men

from ..conftest import PASSWORD, jwt_login

ME = "/api/v1/auth/users/me/"


def test_a_second_read_with_the_same_token_asks_the_database_nothing_for_authentication(owner, count_queries):
    client, _ = jwt_login()
    assert client.get(ME).json()["username"] == "owner"
    with count_queries() as queries:
        assert client.get(ME).json()["username"] == "owner"
    assert queries.count == 0


def test_a_write_always_authenticates_against_the_database(owner, category, count_queries):
    client, _ = jwt_login()
    client.get(ME)
    with count_queries() as queries:
        created = client.post("/api/v1/men/", {"title": "Новый", "content": "т", "cat": category.pk})
    assert created.status_code == 201
    assert any("token_blacklist_blacklistedtoken" in query["sql"] for query in queries.captured_queries)


def test_a_logout_ends_a_remembered_access_token_at_once(owner):
    client, pair = jwt_login()
    assert client.get(ME).status_code == 200
    assert client.post("/api/v1/token/blacklist/", {"refresh": pair["refresh"]}).status_code == 200
    assert client.get(ME).status_code == 401


def test_deactivating_the_user_ends_a_remembered_token_at_once(owner):
    client, _ = jwt_login()
    assert client.get(ME).status_code == 200
    owner.is_active = False
    owner.save()
    assert client.get(ME).status_code == 401


def test_a_password_change_ends_a_remembered_token_at_once(owner):
    client, _ = jwt_login()
    assert client.get(ME).status_code == 200
    owner.set_password("An0ther-strong-one")
    owner.save()
    assert client.get(ME).status_code == 401


def test_deleting_the_user_ends_a_remembered_token_at_once(owner):
    client, _ = jwt_login()
    assert client.get(ME).status_code == 200
    owner.delete()
    assert client.get(ME).status_code == 401


def test_being_made_staff_shows_on_the_next_read(owner, user, category):
    Men.objects.create(title="Черновик", content="т", cat=category, user=user, is_published=False)
    client, _ = jwt_login()
    assert client.get("/api/v1/men/").json()["count"] == 0
    owner.is_staff = True
    owner.save()
    assert client.get("/api/v1/men/").json()["count"] == 1


def test_the_remembered_user_holds_no_password_hash_and_writes_still_check_the_real_one(owner):
    client, pair = jwt_login()
    client.get(ME)
    jti = jwt.decode(pair["access"], options={"verify_signature": False})["jti"]
    remembered = token_users.cached_user(owner.pk, jti).value
    assert remembered.pk == owner.pk and not remembered.has_usable_password()
    new_password = {"current_password": PASSWORD, "new_password": "An0ther-1-pass"}
    assert client.post("/api/v1/auth/users/set_password/", new_password).status_code == 204


def test_without_the_cache_every_read_asks_the_database(owner, monkeypatch, count_queries):
    client, _ = jwt_login()
    monkeypatch.setattr(cache, "get_many", lambda *a, **k: {})
    monkeypatch.setattr(cache, "get", lambda *a, **k: None)
    client.get(ME)
    with count_queries() as queries:
        assert client.get(ME).status_code == 200
    assert queries.count == 1


def test_a_token_seen_before_is_still_refused_once_it_expires(owner, monkeypatch):
    from datetime import timedelta

    from accounts import authentication

    client, _ = jwt_login()
    assert client.get(ME).status_code == 200  # its signature was checked, and remembered
    later = authentication.aware_utcnow() + timedelta(days=1)
    monkeypatch.setattr(authentication, "aware_utcnow", lambda: later)
    monkeypatch.setattr("rest_framework_simplejwt.tokens.aware_utcnow", lambda: later)
    assert client.get(ME).status_code == 401
