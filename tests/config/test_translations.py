"""Messages follow Accept-Language: Russian by default, English on request, never a mix."""

import re

import pytest
from rest_framework.test import APIClient

from accounts.throttling import LoginRateThrottle

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(
    ("headers", "detail"), [(RU, "Объект не найден."), ({}, "Объект не найден."), (EN, "No such object.")]
)
def test_a_missing_record_or_category_is_not_found_in_the_clients_language(db, headers, detail):
    for path in ("/api/v1/men/999999/", "/api/v1/categories/999999/"):
        response = APIClient().get(path, **headers)
        assert response.status_code == 404
        assert response.json() == {"detail": detail}


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        (RU, r"^Запрос был проигнорирован\. Повторите через \d+ с\.$"),
        (EN, r"^Request was throttled\. Expected available in \d+ seconds?\.$"),
    ],
)
def test_the_throttle_message_is_in_one_language(db, monkeypatch, headers, detail):
    monkeypatch.setitem(LoginRateThrottle.THROTTLE_RATES, "login", "1/min")
    client = APIClient()
    body = {"username": "nobody", "password": "wrong"}
    client.post("/api/v1/token/", body, format="json", **headers)
    refused = client.post("/api/v1/token/", body, format="json", **headers)
    assert refused.status_code == 429
    assert re.match(detail, refused.json()["detail"]), refused.json()


def test_simplejwt_errors_are_russian_too(db):
    response = APIClient().post("/api/v1/token/refresh/", {"refresh": "not-a-token"}, format="json", **RU)
    assert response.status_code == 401
    assert response.json()["detail"] == "Токен недействителен"
