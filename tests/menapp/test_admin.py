"""The admin reads as this service's, in Russian with the right cases, and in English on request."""

import re

import pytest

from menapp.models import Men


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_admin_is_branded_as_this_service(admin_client):
    text = visible_text(admin_client.get("/admin/"))
    assert "Men API — администрирование" in text
    assert "Django" not in text


def test_change_list_titles_and_buttons_use_the_accusative(admin_client, men):
    records = visible_text(admin_client.get("/admin/menapp/men/"))
    assert "Выберите запись для изменения" in records and "Добавить запись" in records
    categories = visible_text(admin_client.get("/admin/menapp/category/"))
    assert "Выберите категорию для изменения" in categories and "Добавить категорию" in categories
    users = visible_text(admin_client.get("/admin/accounts/user/"))
    assert "Выберите пользователя для изменения" in users
    assert "Добавить категорию" in visible_text(admin_client.get("/admin/menapp/category/add/"))
    assert "Изменить запись" in visible_text(admin_client.get(f"/admin/menapp/men/{men.pk}/change/"))


@pytest.mark.parametrize("count", [1, 2, 5, 21, 29])
def test_the_change_list_counts_in_a_form_that_fits_any_number(admin_client, men, count):
    for n in range(count - 1):
        Men.objects.create(title=f"Запись {n}", content="…", cat=men.cat, user=men.user)
    text = visible_text(admin_client.get("/admin/menapp/men/"))
    assert f"{count} всего" in text
    assert f"{count} записи" not in text and f"{count} Известн" not in text


def test_history_has_no_english_leftovers(admin_client, client_for, men):
    client_for("owner").patch(f"/api/v1/men/{men.pk}/", {"title": "Новый"}, format="json")
    index = visible_text(admin_client.get("/admin/"))
    assert "Historical" not in index and "Token Blacklist" not in index and "TOKEN BLACKLIST" not in index
    assert "Версии записей" in index
    versions = visible_text(admin_client.get("/admin/menapp/historicalmen/"))
    assert "Когда" in versions and "Кем" in versions and "history" not in versions.lower().replace("history_", "")
    history = visible_text(admin_client.get(f"/admin/menapp/men/{men.pk}/history/"))
    assert "None" not in history


def test_a_saved_record_is_announced_without_a_wrong_gender(admin_client, men):
    response = admin_client.post(
        f"/admin/menapp/men/{men.pk}/change/",
        {"title": "Юрий", "content": "…", "cat": men.cat.pk, "user": men.user.pk, "is_published": "on"},
        follow=True,
    )
    text = visible_text(response)
    assert "Сохранено: запись « Юрий »." in text  # the title is a link
    assert "был успешно" not in text


def test_the_admin_speaks_english_on_request(admin_client):
    text = visible_text(admin_client.get("/admin/menapp/category/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Select категория to change" in text or "Select" in text
    assert "Выберите" not in text
