"""Every path that changes or deletes records goes through menapp.services, and the next read shows it."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from menapp.models import Men

from ..conftest import bearer_client


def change_form(men, **changes):
    return {"title": men.title, "content": men.content, "is_published": "on", "cat": men.cat_id, **changes}


def test_an_admin_edit_is_the_same_conditional_update_as_the_apis(admin_client, men):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(f"/admin/menapp/men/{men.pk}/change/", change_form(men, title="Админ"))
    assert response.status_code == 302
    # On PostgreSQL the UPDATE is inside the statement that also writes its history row (menapp.services).
    updates = [q["sql"] for q in queries.captured_queries if 'UPDATE "menapp_men"' in q["sql"]]
    assert len(updates) == 1
    assert 'AND "menapp_men"."version" = 1)' in updates[0], "conditional on the version read, as the API's"
    men.refresh_from_db()
    assert (men.title, men.version) == ("Админ", 2)


def test_an_admin_save_of_a_stale_form_and_an_api_patch_never_share_a_version(admin_client, owner, men):
    """The admin read the record at version 1; the API wrote version 2 meanwhile; the admin's save is version 3."""
    assert bearer_client(owner).patch(f"/api/v1/men/{men.pk}/", {"content": "API"}).status_code == 200
    response = admin_client.post(f"/admin/menapp/men/{men.pk}/change/", change_form(men, title="Админ", content="API"))
    assert response.status_code == 302
    versions = list(Men.history.filter(id=men.pk).order_by("history_date").values_list("version", flat=True))
    assert versions == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_concurrent_admin_saves_and_api_patches_get_distinct_versions(owner, staff, category):
    from menapp.admin import MenAdmin
    from menapp.services import men_create

    men = men_create(fields={"title": "До", "content": "c", "cat": category}, owner=owner)
    model_admin = MenAdmin(Men, None)
    barrier = threading.Barrier(4)

    class Form:
        fields = {"title": None}

    def admin_save(number):
        try:
            stale = Men.objects.get(pk=men.pk)
            barrier.wait()
            stale.title = f"Админ {number}"
            request = type("Request", (), {"user": staff})()
            model_admin.save_model(request, stale, Form(), change=True)
        finally:
            connection.close()

    def api_patch(number):
        try:
            barrier.wait()
            bearer_client(owner).patch(f"/api/v1/men/{men.pk}/", {"content": f"API {number}"})
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for write in (admin_save, api_patch) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    versions = sorted(Men.history.filter(id=men.pk, history_type="~").values_list("version", flat=True))
    assert versions == [2, 3, 4, 5], "four writes, four versions: none lost"
    assert Men.objects.get(pk=men.pk).version == 5


def test_the_admin_cannot_move_a_record_to_another_owner(admin_client, men, user):
    admin_client.post(f"/admin/menapp/men/{men.pk}/change/", {**change_form(men), "user": user.pk})
    men.refresh_from_db()
    assert men.user_id != user.pk


@pytest.mark.parametrize("path", ["change", "list_editable", "delete", "bulk_delete", "add"])
def test_every_admin_write_is_visible_on_the_next_read(admin_client, men, category, owner, path):
    reader = APIClient()
    assert reader.get("/api/v1/men/").json()["count"] == 1
    assert reader.get(f"/api/v1/men/{men.pk}/").status_code == 200
    if path == "change":
        admin_client.post(f"/admin/menapp/men/{men.pk}/change/", change_form(men, is_published=""))
    elif path == "list_editable":
        admin_client.post(
            "/admin/menapp/men/",
            {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(men.pk), "_save": "1"},
        )
    elif path == "delete":
        admin_client.post(f"/admin/menapp/men/{men.pk}/delete/", {"post": "yes"})
    elif path == "bulk_delete":
        admin_client.post(
            "/admin/menapp/men/", {"action": "delete_selected", "_selected_action": [men.pk], "post": "yes"}
        )
    else:
        form = {"title": "Новый", "content": "т", "is_published": "on", "cat": category.pk, "user": owner.pk}
        assert admin_client.post("/admin/menapp/men/add/", form).status_code == 302
        assert reader.get("/api/v1/men/").json()["count"] == 2
        return
    assert reader.get("/api/v1/men/").json()["count"] == 0
    assert reader.get(f"/api/v1/men/{men.pk}/").status_code == 404


def test_a_no_op_write_is_not_a_change(owner, men):
    client = bearer_client(owner)
    first = client.patch(f"/api/v1/men/{men.pk}/", {"title": men.title, "cat": men.cat_id})
    assert first.status_code == 200 and first["ETag"] == '"1"'
    assert Men.history.filter(id=men.pk).count() == 1
    assert client.patch(f"/api/v1/men/{men.pk}/", {"title": men.title}, HTTP_IF_MATCH='"7"').status_code == 412
