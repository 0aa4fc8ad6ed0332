"""Optimistic concurrency: versions, ETags and If-Match, so that no acknowledged update is lost."""

import threading

import pytest
from django.db import connection
from django.db.models import F
from rest_framework.test import APIClient

from menapp import services
from menapp.models import Men


def test_a_record_is_served_with_its_version_as_etag(api_client, men):
    response = api_client.get(f"/api/v1/men/{men.pk}/")
    assert response.json()["version"] == 1
    assert response["ETag"] == '"1"'


def test_every_write_bumps_the_version_and_returns_the_new_etag(client_for, men):
    client = client_for("owner")
    response = client.patch(f"/api/v1/men/{men.pk}/", {"title": "Новое"}, HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert (response.json()["version"], response["ETag"]) == (2, '"2"')
    assert client.get(f"/api/v1/men/{men.pk}/")["ETag"] == '"2"'


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_with_a_stale_if_match_is_a_412_and_changes_nothing(client_for, men, category, method):
    client = client_for("owner")
    client.patch(f"/api/v1/men/{men.pk}/", {"content": "Первая правка"})
    payload = {"title": "Опоздавшая правка", "content": "…", "cat": category.pk}
    response = getattr(client, method)(f"/api/v1/men/{men.pk}/", payload, HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert "detail" in response.json()
    men.refresh_from_db()
    assert (men.title, men.content, men.version) == ("Юрий Никулин", "Первая правка", 2)


def test_delete_with_a_stale_if_match_is_a_412_and_keeps_the_record(client_for, men):
    client_for("owner").patch(f"/api/v1/men/{men.pk}/", {"content": "Правка"})
    response = client_for("staff").delete(f"/api/v1/men/{men.pk}/", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert Men.objects.filter(pk=men.pk).exists()


def test_delete_with_the_current_if_match_removes_the_record(client_for, men):
    assert client_for("staff").delete(f"/api/v1/men/{men.pk}/", HTTP_IF_MATCH='"1"').status_code == 204
    assert not Men.objects.filter(pk=men.pk).exists()


@pytest.mark.parametrize(
    ("if_match", "expected"),
    [('"1"', 200), ('W/"1"', 200), ('"7", "1"', 200), ("*", 200), ('"2"', 412), ('"abc"', 412), ("1", 412)],
)
def test_if_match_forms(client_for, men, if_match, expected):
    response = client_for("owner").patch(f"/api/v1/men/{men.pk}/", {"title": "x"}, HTTP_IF_MATCH=if_match)
    assert response.status_code == expected


def test_a_precondition_on_a_record_you_may_not_see_is_still_a_404(client_for, draft):
    assert client_for("user").patch(f"/api/v1/men/{draft.pk}/", {"title": "x"}, HTTP_IF_MATCH='"1"').status_code == 404


def test_if_none_match_with_the_current_etag_is_a_304(api_client, men):
    response = api_client.get(f"/api/v1/men/{men.pk}/", HTTP_IF_NONE_MATCH='"1"')
    assert response.status_code == 304
    assert response.content == b""


def test_partial_update_writes_only_the_fields_sent(client_for, men, other_category):
    """Two clients patching different fields from the same version: both changes survive (no If-Match)."""
    client_for("owner").patch(f"/api/v1/men/{men.pk}/", {"title": "Заголовок владельца"})
    client_for("staff").patch(f"/api/v1/men/{men.pk}/", {"cat": other_category.pk})
    men.refresh_from_db()
    assert (men.title, men.cat, men.version) == ("Заголовок владельца", other_category, 3)


@pytest.mark.django_db(transaction=True)
def test_concurrent_read_modify_write_loses_no_acknowledged_update(owner, category):
    """Writers append to the same record with If-Match and retry on 412: every 200 is in the final text."""
    men = Men.objects.create(title="Общий", content="", cat=category, user=owner)
    writers, appends_each = 8, 5
    acknowledged, unexpected, lock = [], [], threading.Lock()

    def writer(number):
        client = APIClient()
        client.force_authenticate(owner)
        try:
            for n in range(appends_each):
                mark = f"[{number}.{n}]"
                while True:
                    current = client.get(f"/api/v1/men/{men.pk}/")
                    body = current.json()
                    response = client.patch(
                        f"/api/v1/men/{men.pk}/", {"content": body["content"] + mark}, HTTP_IF_MATCH=current["ETag"]
                    )
                    if response.status_code == 200:
                        with lock:
                            acknowledged.append(mark)
                        break
                    if response.status_code != 412:
                        with lock:
                            unexpected.append(response.status_code)
                        return
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert unexpected == []
    assert len(acknowledged) == writers * appends_each
    men.refresh_from_db()
    assert sorted(men.content.replace("][", "]\n[").split("\n")) == sorted(acknowledged)
    assert men.version == 1 + len(acknowledged)


def test_the_412_message_follows_accept_language(client_for, men):
    ru = client_for("owner").patch(f"/api/v1/men/{men.pk}/", {"title": "x"}, HTTP_IF_MATCH='"9"')
    en = client_for("owner").patch(
        f"/api/v1/men/{men.pk}/", {"title": "x"}, HTTP_IF_MATCH='"9"', HTTP_ACCEPT_LANGUAGE="en"
    )
    assert ru.json()["detail"].startswith("Ресурс изменился")
    assert en.json()["detail"].startswith("The resource has changed")


def test_a_record_others_keep_changing_is_a_409_after_a_few_tries(client_for, men, monkeypatch):
    def beaten_every_time(men, values, *, now, by):
        Men.objects.filter(pk=men.pk).update(version=F("version") + 1)  # another writer got in first
        return False

    monkeypatch.setattr(services, "update_with_history", beaten_every_time)
    response = client_for("owner").patch(f"/api/v1/men/{men.pk}/", {"title": "Не успела"})
    assert response.status_code == 409
    assert response.json()["detail"] == "The record is being changed by others; try again."
    men.refresh_from_db()
    assert men.title == "Юрий Никулин"
    assert not Men.history.filter(id=men.pk, history_type="~").exists()
