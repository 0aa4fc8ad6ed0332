"""The record cache never shows a draft to someone who may not see it, and a write shows on the next read."""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from rest_framework.test import APIClient

from menapp.models import Men
from menapp.services import men_update

from ..conftest import jwt_login


def titles(response):
    return [record["title"] for record in response.json()["results"]]


def test_a_cached_page_is_served_again_without_queries(api_client, men, count_queries):
    first = api_client.get("/api/v1/men/")
    with count_queries() as queries:
        again = api_client.get("/api/v1/men/")
    assert queries.count == 0
    assert again.content == first.content


def test_a_cached_page_never_shows_a_draft_to_another_reader(client_for, men, draft):
    assert "Черновик" in titles(client_for("owner").get("/api/v1/men/"))
    assert "Черновик" in titles(client_for("staff").get("/api/v1/men/"))
    assert "Черновик" not in titles(client_for("anon").get("/api/v1/men/"))
    assert "Черновик" not in titles(client_for("user").get("/api/v1/men/"))
    assert client_for("owner").get(f"/api/v1/men/{draft.pk}/").status_code == 200
    assert client_for("user").get(f"/api/v1/men/{draft.pk}/").status_code == 404
    assert client_for("anon").get(f"/api/v1/men/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/men/", "/api/v1/men/{id}/", "/api/v1/men/?search=Никулин"])
def test_an_update_is_visible_on_the_next_read(client_for, men, path):
    reader = client_for("anon")
    assert "Юрий Никулин" in reader.get(path.format(id=men.pk)).content.decode()
    client_for("owner").patch(f"/api/v1/men/{men.pk}/", {"content": "Никулин, обновлено"})
    assert "Никулин, обновлено" in reader.get(path.format(id=men.pk)).content.decode()


def test_unpublishing_hides_the_record_on_the_next_read(client_for, men):
    reader = client_for("anon")
    assert reader.get("/api/v1/men/").json()["count"] == 1
    client_for("owner").patch(f"/api/v1/men/{men.pk}/", {"is_published": False})
    assert reader.get("/api/v1/men/").json()["count"] == 0
    assert reader.get(f"/api/v1/men/{men.pk}/").status_code == 404


def test_create_and_delete_are_visible_on_the_next_read(client_for, men, category):
    reader = client_for("anon")
    assert reader.get("/api/v1/men/").json()["count"] == 1
    created = client_for("owner").post("/api/v1/men/", {"title": "Новый", "content": "т", "cat": category.pk})
    assert reader.get("/api/v1/men/").json()["count"] == 2
    client_for("staff").delete(f"/api/v1/men/{created.json()['id']}/")
    assert reader.get("/api/v1/men/").json()["count"] == 1
    assert reader.get(f"/api/v1/men/{created.json()['id']}/").status_code == 404


def test_an_admin_edit_is_visible_on_the_next_read(client_for, staff, men):
    reader = client_for("anon")
    reader.get(f"/api/v1/men/{men.pk}/")
    staff.is_superuser = True
    staff.save()
    admin = Client()
    admin.force_login(staff)
    response = admin.post(
        "/admin/menapp/men/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(men.pk),
            "form-0-is_published": "",
            "_save": "Сохранить",
        },
    )
    assert response.status_code == 302
    assert reader.get(f"/api/v1/men/{men.pk}/").status_code == 404


def test_pages_for_different_hosts_keep_their_own_links(api_client, owner, category):
    Men.objects.bulk_create(Men(title=str(i), content="c", cat=category, user=owner) for i in range(15))
    assert api_client.get("/api/v1/men/", HTTP_HOST="localhost").json()["next"].startswith("http://localhost/")
    assert api_client.get("/api/v1/men/", HTTP_HOST="127.0.0.1").json()["next"].startswith("http://127.0.0.1/")


@pytest.mark.django_db(transaction=True)
def test_a_page_cached_while_a_write_is_uncommitted_is_not_served_after_the_commit(owner, category):
    men = Men.objects.create(title="До", content="c", cat=category, user=owner)

    def read_in_another_connection(into):
        try:
            into.append(APIClient().get(f"/api/v1/men/{men.pk}/").json()["title"])
        finally:
            connection.close()

    seen = []
    with transaction.atomic():
        men_update(men=men, changes={"title": "После"}, expected_versions=None, by=owner)
        reader = threading.Thread(target=read_in_another_connection, args=(seen,))
        reader.start()
        reader.join(timeout=30)
    reader = threading.Thread(target=read_in_another_connection, args=(seen,))
    reader.start()
    reader.join(timeout=30)
    assert seen == ["До", "После"]


def test_a_bulk_load_is_visible_on_the_next_read(api_client, men):
    from django.core.management import call_command

    assert api_client.get("/api/v1/men/").json()["count"] == 1
    call_command("load_demo", count=40, verbosity=0)
    assert api_client.get("/api/v1/men/").json()["count"] == Men.objects.published().count() > 1


def test_a_cached_page_keeps_its_etag_and_answers_if_none_match_with_304(api_client, men):
    first = api_client.get("/api/v1/men/")
    again = api_client.get("/api/v1/men/")
    assert first["ETag"] == again["ETag"]
    assert api_client.get("/api/v1/men/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("path", ["/api/v1/men/", "/api/v1/men/{id}/"])
def test_a_cached_read_asks_the_cache_once_with_its_throttle_hit(api_client, men, monkeypatch, path):
    """With Redis, the throttle's counter and the cached answer come back in one round trip."""
    from django.conf import settings
    from django.core.cache import cache

    path = path.format(id=men.pk)
    first = api_client.get(path)
    lookups, get_many = [], cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda *a, **k: lookups.append(a) or get_many(*a, **k))
    if settings.REDIS_URL:
        from redis.connection import AbstractConnection

        commands = []
        send = AbstractConnection.send_command
        monkeypatch.setattr(AbstractConnection, "send_command", lambda *a, **k: commands.append(a[1]) or send(*a, **k))
        again = api_client.get(path)
        assert (commands, lookups) == (["EVAL"], [])
    else:
        again = api_client.get(path)
        assert len(lookups) == 1, "the SQLite throttle counters cannot read the file cache: one lookup of its own"
    assert again.content == first.content


@pytest.mark.parametrize("reader", ["anonymous", "bearer JWT"])
@pytest.mark.parametrize("path", ["/api/v1/men/", "/api/v1/men/{id}/"])
def test_a_hit_served_before_drf_has_the_same_headers_and_body(men, draft, reader, path):
    """The JWT reader is the draft's owner: the record is only visible to them."""
    client = APIClient() if reader == "anonymous" else jwt_login()[0]
    path = path.format(id=men.pk if reader == "anonymous" else draft.pk)
    first, again = client.get(path), client.get(path)
    assert again.status_code == first.status_code == 200
    assert dict(again.headers) == dict(first.headers)
    assert again.content == first.content


def test_an_anonymous_read_counts_once_against_its_throttle_hit_or_miss(api_client, men, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "2/min")
    assert api_client.get("/api/v1/men/").status_code == 200  # a miss: DRF's path serves it
    assert api_client.get("/api/v1/men/").status_code == 200  # a hit
    refused = api_client.get("/api/v1/men/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0 and "detail" in refused.json()


def test_credentials_are_never_answered_from_the_anonymous_page(owner, draft, men):
    assert "Черновик" not in titles(APIClient().get("/api/v1/men/"))
    assert "Черновик" in titles(jwt_login()[0].get("/api/v1/men/"))
    session = Client()
    session.force_login(owner)
    assert "Черновик" in titles(session.get("/api/v1/men/"))


@pytest.mark.parametrize(
    ("headers", "status"), [({"HTTP_ACCEPT": "application/xml"}, 406), ({"QUERY_STRING": "format=xml"}, 404)]
)
def test_a_read_that_asks_for_another_format_is_not_answered_from_the_json_cache(api_client, men, headers, status):
    assert api_client.get("/api/v1/men/").status_code == 200
    assert api_client.get("/api/v1/men/", **headers).status_code == status


def test_a_cached_page_is_never_served_to_a_token_that_logged_out(owner, men, draft):
    client, pair = jwt_login()
    assert "Черновик" in titles(client.get("/api/v1/men/"))
    assert "Черновик" in titles(client.get("/api/v1/men/"))  # from the cache, before DRF's cycle
    assert client.post("/api/v1/token/blacklist/", {"refresh": pair["refresh"]}).status_code == 200
    refused = client.get("/api/v1/men/")
    assert refused.status_code == 401
    assert refused.json()["detail"]


def test_a_jwt_read_counts_once_against_the_user_throttle_hit_or_miss(owner, men, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    client, _ = jwt_login()
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "2/min")
    assert client.get("/api/v1/men/").status_code == 200  # a miss: DRF's path serves it
    assert client.get("/api/v1/men/").status_code == 200  # a hit, before DRF's cycle
    assert client.get("/api/v1/men/").status_code == 429
