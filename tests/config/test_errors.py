"""Errors are JSON with the right status under /api/, in Russian by default and in English on request."""

import json

import pytest
from django.test import Client


def test_unknown_api_route_is_a_json_404(api_client, db):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Страница не найдена."}


def test_unknown_id_is_a_json_404(api_client, db):
    response = api_client.get("/api/v1/men/999999/")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["/api/v1/men/abc/", "/api/v1/men/99999999999999999999999/"])
def test_absurd_ids_are_a_json_404(api_client, db, path):
    response = api_client.get(path)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_unsupported_method_is_a_405_with_allow_even_for_anonymous(api_client, db):
    response = api_client.delete("/api/v1/men/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"
    assert "detail" in response.json()


def test_unsupported_media_type_is_a_415(client_for, category):
    response = client_for("owner").post("/api/v1/men/", "title=x", content_type="text/plain")
    assert response.status_code == 415
    assert "detail" in response.json()


def test_malformed_json_is_a_400(client_for, category):
    response = client_for("owner").post("/api/v1/men/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_oversized_body_is_a_json_413(client_for, settings, category):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"title": "x", "content": "y" * 2000, "cat": category.pk})
    response = client_for("owner").post("/api/v1/men/", body, content_type="application/json")
    assert response.status_code == 413
    assert "detail" in response.json()


def test_messages_are_russian_by_default(api_client, db):
    assert api_client.post("/api/v1/men/", {}).json() == {"detail": "Учетные данные не были предоставлены."}


def test_messages_follow_accept_language_english(api_client, db):
    response = api_client.post("/api/v1/men/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_field_errors_are_translated(client_for, db):
    ru = client_for("owner").post("/api/v1/men/", {}).json()
    en = client_for("owner").post("/api/v1/men/", {}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert ru["title"] == ["Обязательное поле."]
    assert en["title"] == ["This field is required."]


def test_browsable_api_is_off_outside_debug(db):
    response = Client().get("/api/v1/men/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"


def test_admin_pages_stay_html(db):
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
