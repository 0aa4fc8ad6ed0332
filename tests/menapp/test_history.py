"""Recoverable changes: every version of a record is kept and can be restored from the admin."""

from menapp.models import Men


def test_create_update_and_delete_are_recorded_with_who_did_them(client_for, owner, staff, category):
    created = client_for("owner").post("/api/v1/men/", {"title": "Т", "content": "С", "cat": category.pk}).json()
    client_for("owner").patch(f"/api/v1/men/{created['id']}/", {"title": "Правка"})
    client_for("staff").delete(f"/api/v1/men/{created['id']}/")
    history = Men.history.filter(id=created["id"]).order_by("history_date")
    assert [(h.history_type, h.title, h.version, h.history_user) for h in history] == [
        ("+", "Т", 1, owner),
        ("~", "Правка", 2, owner),
        ("-", "Правка", 2, staff),
    ]


def test_staff_restore_a_deleted_record_from_the_admin(client_for, admin_client, men):
    client_for("owner").patch(f"/api/v1/men/{men.pk}/", {"content": "Последняя правка"})
    assert client_for("staff").delete(f"/api/v1/men/{men.pk}/").status_code == 204
    last = Men.history.filter(id=men.pk, history_type="~").latest("history_date")

    form_url = f"/admin/menapp/men/{men.pk}/history/{last.history_id}/"
    assert admin_client.get(form_url).status_code == 200
    response = admin_client.post(
        form_url,
        {
            "title": last.title,
            "content": last.content,
            "is_published": "on",
            "cat": last.cat_id,
            "user": last.user_id,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    restored = Men.objects.get(pk=men.pk)
    assert (restored.title, restored.content, restored.user_id) == ("Юрий Никулин", "Последняя правка", men.user_id)
    assert restored.version == 3, "a restore is a new version, so stale ETags stay stale"
    assert client_for("anon").get(f"/api/v1/men/{men.pk}/").status_code == 200


def test_deleted_records_are_listed_in_the_admin_history(admin_client, client_for, men):
    client_for("staff").delete(f"/api/v1/men/{men.pk}/")
    response = admin_client.get("/admin/menapp/historicalmen/?history_type__exact=-")
    assert response.status_code == 200
    assert "Юрий Никулин" in response.content.decode()
    assert ">восстановить</a>" in response.content.decode()


def test_a_records_first_history_row_is_what_was_stored_by_whoever_added_it(admin_client, staff, owner, category):
    form = {"title": "Из админки", "content": "Текст", "is_published": "on", "cat": category.pk, "user": owner.pk}
    assert admin_client.post("/admin/menapp/men/add/", form).status_code == 302
    men = Men.objects.get(title="Из админки")
    first = Men.history.get(id=men.pk)
    assert (first.history_type, first.history_user, first.history_change_reason) == ("+", staff, None)
    assert (first.title, first.user_id, first.cat_id, first.version, first.time_create) == (
        "Из админки",
        owner.pk,
        category.pk,
        1,
        men.time_create,
    )
