"""A JWT's user is remembered between reads, and forgotten on the next request after any change or logout."""

import jwt
import pytest
from django.core.cache import cache

from accounts import token_users
from api.counters import counters
from menapp.models import Men

from ..conftest import PASSWORD, jwt_login

ME = "/api/v1/auth/users/me/"


def test_a_second_read_with_the_same_token_asks_the_database_nothing_for_authentication(owner, count_queries):
    client, _ = jwt_login()
    assert client.get(ME).json()["username"] == "owner"
    with count_queries() as queries:
        assert client.get(ME).json()["username"] == "owner"
    assert queries.count == 0


def asked_for_the_user(queries) -> bool:
    return any("token_blacklist_blacklistedtoken" in query["sql"] for query in queries.captured_queries)


def test_a_record_write_by_a_remembered_user_asks_the_database_nothing_for_authentication(
    owner, category, count_queries
):
    client, _ = jwt_login()
    client.get(ME)
    with count_queries() as queries:
        created = client.post("/api/v1/men/", {"title": "Новый", "content": "т", "cat": category.pk})
    assert created.status_code == 201 and created.json()["user"] == owner.pk
    assert not asked_for_the_user(queries)


def test_a_write_to_a_view_that_may_check_a_password_authenticates_against_the_database(owner, count_queries):
    client, _ = jwt_login()
    client.get(ME)
    with count_queries() as queries:
        client.post(
            "/api/v1/auth/users/set_password/", {"current_password": PASSWORD, "new_password": "An0ther-1-pass"}
        )
    assert asked_for_the_user(queries)


def test_the_first_write_with_a_token_asks_the_database_and_the_next_one_does_not(owner, men, count_queries):
    client, _ = jwt_login()
    with count_queries() as first:
        assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Раз"}).status_code == 200
    with count_queries() as second:
        assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Два"}).status_code == 200
    assert asked_for_the_user(first) and not asked_for_the_user(second)


@pytest.mark.parametrize("change", ["logout", "deactivation", "password", "deletion"])
def test_a_remembered_writer_is_refused_on_the_next_write_after_any_change(owner, men, change):
    client, pair = jwt_login()
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Раз"}).status_code == 200
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Два"}).status_code == 200  # remembered
    if change == "logout":
        assert client.post("/api/v1/token/blacklist/", {"refresh": pair["refresh"]}).status_code == 200
    elif change == "deactivation":
        owner.is_active = False
        owner.save()
    elif change == "password":
        owner.set_password("An0ther-strong-one")
        owner.save()
    else:
        men.delete()
        owner.delete()
    assert client.post("/api/v1/men/", {"title": "Новый", "content": "т", "cat": men.cat_id}).status_code == 401
    assert Men.objects.filter(title="Новый").count() == 0


def test_a_remembered_writer_is_proved_current_in_the_admissions_round_trip(owner, men, monkeypatch):
    client, _ = jwt_login()
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Раз"}).status_code == 200  # now remembered
    reads_of_the_generation = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: reads_of_the_generation.append(key) or real_get(key, *a, **k)
    )

    def refused(*args, **kwargs):
        raise AssertionError("the remembered writer is proved by the admission's read, not looked up")

    monkeypatch.setattr(token_users, "cached_user", refused)
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Два"}).status_code == 200
    # Counters in the cache's Redis read it with the hit; others (SQLite) leave one read of its own.
    separate_reads = 0 if getattr(counters(), "shares_cache", False) else 1
    assert reads_of_the_generation.count(token_users.generation(owner.pk)) == separate_reads


def test_a_remembered_writer_deactivated_over_their_rate_gets_401_not_429(owner, men, monkeypatch):
    from accounts.throttling import LoginRateThrottle

    monkeypatch.setitem(LoginRateThrottle.THROTTLE_RATES, "user", "2/min")
    client, _ = jwt_login()
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Раз"}).status_code == 200
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Два"}).status_code == 200  # remembered, at the limit
    owner.is_active = False
    owner.save()
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Три"}).status_code == 401
    men.refresh_from_db()
    assert men.title == "Два"


def test_a_remembered_writer_made_staff_is_let_in_where_only_staff_may_write(owner, category):
    client, _ = jwt_login()
    assert client.post("/api/v1/categories/", {"name": "Поэты"}).status_code == 403  # remembered as not staff
    assert client.post("/api/v1/categories/", {"name": "Поэты"}).status_code == 403
    owner.is_staff = True
    owner.save()
    assert client.post("/api/v1/categories/", {"name": "Поэты"}).status_code == 201


def test_a_remembered_writer_who_becomes_staff_or_stops_being_staff_is_judged_as_they_are_now(staff, men):
    client, _ = jwt_login("moderator")
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Модератор"}).status_code == 200  # staff edit anything
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Снова"}).status_code == 200  # remembered
    staff.is_staff = False
    staff.save()
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": "Уже нет"}).status_code == 403
    staff.is_staff = True
    staff.save()
    assert client.delete(f"/api/v1/men/{men.pk}/").status_code == 204


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
    monkeypatch.setattr("api.generations.fetch", lambda keys: {})
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


LIST = "/api/v1/men/"


def remembered_reader(username="owner"):
    """A JWT client whose user this process remembers, with the list already cached for it."""
    client, pair = jwt_login(username)
    first = client.get(LIST)
    assert first.status_code == 200
    assert client.get(LIST).json() == first.json()
    return client, pair


def test_a_cached_read_by_a_remembered_user_looks_nothing_up_for_the_user(owner, men, monkeypatch, count_queries):
    client, _ = remembered_reader()

    def refused(*args, **kwargs):
        raise AssertionError("the remembered user is proved in the admission's round trip, not looked up")

    monkeypatch.setattr(token_users, "cached_user", refused)
    with count_queries() as queries:
        assert client.get(LIST).status_code == 200
    assert queries.count == 0


def test_a_remembered_user_whose_token_is_blacklisted_is_refused_on_the_next_cached_read(owner, men):
    client, pair = remembered_reader()
    assert client.post("/api/v1/token/blacklist/", {"refresh": pair["refresh"]}).status_code == 200
    assert client.get(LIST).status_code == 401


def test_a_remembered_user_who_is_deactivated_is_refused_on_the_next_cached_read(owner, men):
    client, _ = remembered_reader()
    owner.is_active = False
    owner.save()
    assert client.get(LIST).status_code == 401


def test_a_remembered_staff_user_who_loses_staff_stops_seeing_drafts_on_the_next_cached_read(staff, user, category):
    Men.objects.create(title="Черновик", content="т", cat=category, user=user, is_published=False)
    client, _ = remembered_reader("moderator")
    assert client.get(LIST).json()["count"] == 1
    staff.is_staff = False
    staff.save()
    assert client.get(LIST).json()["count"] == 0


def test_a_remembered_user_is_forgotten_once_their_generation_moves(owner, men):
    client, pair = remembered_reader()
    jti = jwt.decode(pair["access"], options={"verify_signature": False})["jti"]
    assert token_users.remembered[jti].user.pk == owner.pk
    token_users.users_changed([owner.pk])
    from accounts.readers import Reader

    assert not Reader(token_users.remembered[jti]).is_current(None)
    assert jti not in token_users.remembered
