"""The categories API: staff manage them; one still in use cannot be deleted."""

from menapp.models import Category


def test_staff_create_a_category(client_for, db):
    response = client_for("staff").post("/api/v1/categories/", {"name": "Художники"})
    assert response.status_code == 201
    assert response.json() == {"id": response.json()["id"], "name": "Художники"}


def test_duplicate_category_name_is_a_400_naming_the_field(client_for, category):
    response = client_for("staff").post("/api/v1/categories/", {"name": "Актеры"})
    assert response.status_code == 400
    assert "name" in response.json()


def test_deleting_a_category_in_use_is_a_409_and_keeps_everything(client_for, men, category):
    response = client_for("staff").delete(f"/api/v1/categories/{category.pk}/")
    assert response.status_code == 409
    assert response.json() == {"detail": "Объект используется другими записями и не может быть удалён."}
    assert Category.objects.filter(pk=category.pk).exists()
    assert category.men.count() == 1


def test_deleting_an_unused_category_removes_it(client_for, category):
    assert client_for("staff").delete(f"/api/v1/categories/{category.pk}/").status_code == 204
    assert not Category.objects.exists()


def test_categories_are_listed_by_name_with_pagination(api_client, category, other_category):
    body = api_client.get("/api/v1/categories/").json()
    assert body["count"] == 2
    assert [c["name"] for c in body["results"]] == ["Актеры", "Певцы"]


def test_conflict_message_follows_accept_language(client_for, men, category):
    response = client_for("staff").delete(f"/api/v1/categories/{category.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "The object is still referenced by other records and cannot be deleted."}
