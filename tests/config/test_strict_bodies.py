"""Every endpoint that takes a body takes a JSON object, with each field of the type the schema promises.

A body that is not a JSON object (a string, an array, a number, null) is a 400 that says so; a field
of the wrong JSON type is a 400 naming the field, before anything is looked up or logged in.
"""

import json

import pytest
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, jwt_login

# (role, method, path) for every route that reads a body; `{men}`, `{category}` and `{me}` are ids.
ENDPOINTS = [
    ("owner", "post", "/api/v1/men/"),
    ("owner", "put", "/api/v1/men/{men}/"),
    ("owner", "patch", "/api/v1/men/{men}/"),
    ("owner", "post", "/api/v1/menlist/"),
    ("owner", "patch", "/api/v1/mendetail/{men}/"),
    ("staff", "post", "/api/v1/categories/"),
    ("staff", "put", "/api/v1/categories/{category}/"),
    ("staff", "patch", "/api/v1/categories/{category}/"),
    ("anon", "post", "/api/v1/auth/users/"),
    ("owner", "put", "/api/v1/auth/users/me/"),
    ("owner", "patch", "/api/v1/auth/users/me/"),
    ("owner", "delete", "/api/v1/auth/users/me/"),
    ("owner", "patch", "/api/v1/auth/users/{me}/"),
    ("owner", "delete", "/api/v1/auth/users/{me}/"),
    ("owner", "post", "/api/v1/auth/users/set_password/"),
    ("owner", "post", "/api/v1/auth/users/set_username/"),
    ("anon", "post", "/api/v1/auth/users/reset_password/"),
    ("anon", "post", "/api/v1/auth/users/reset_password_confirm/"),
    ("anon", "post", "/api/v1/auth/users/reset_username/"),
    ("anon", "post", "/api/v1/auth/users/reset_username_confirm/"),
    ("anon", "post", "/auth/token/login/"),
    ("anon", "post", "/api/v1/auth/token/login/"),
    ("anon", "post", "/api/v1/token/"),
    ("anon", "post", "/api/v1/token/refresh/"),
    ("anon", "post", "/api/v1/token/verify/"),
    ("anon", "post", "/api/v1/token/blacklist/"),
]
USERNAMES = {"owner": "owner", "staff": "moderator"}
NOT_OBJECTS = ['"x"', "[]", '[{"username": "owner"}]', "42", "true", "null"]


@pytest.fixture
def send(owner, staff, men, category):
    def send(role, method, path, body):
        client = jwt_login(USERNAMES[role])[0] if role != "anon" else APIClient()
        path = path.format(men=men.pk, category=category.pk, me=owner.pk)
        return getattr(client, method)(path, body, content_type="application/json")

    return send


@pytest.mark.parametrize("body", NOT_OBJECTS)
@pytest.mark.parametrize(("role", "method", "path"), ENDPOINTS)
def test_a_body_that_is_not_a_json_object_is_a_400_saying_so(send, role, method, path, body):
    response = send(role, method, path, body)
    assert response.status_code == 400, response.content
    assert "object" in response.json()["detail"] or "объект" in response.json()["detail"]


def test_the_message_names_the_type_that_was_sent(send):
    response = send("staff", "patch", "/api/v1/categories/{category}/", '"x"')
    assert response.json() == {"detail": "Тело запроса должно быть JSON-объектом, а не строкой."}


# (role, method, path, body): one field of each body has the wrong JSON type.
WRONG_TYPES = [
    ("anon", "post", "/auth/token/login/", {"username": 1, "password": PASSWORD}, "username"),
    ("anon", "post", "/api/v1/auth/token/login/", {"username": "owner", "password": 1}, "password"),
    ("anon", "post", "/api/v1/token/", {"username": 1, "password": PASSWORD}, "username"),
    ("anon", "post", "/api/v1/token/", {"username": "owner", "password": ["x"]}, "password"),
    ("anon", "post", "/api/v1/token/refresh/", {"refresh": 1}, "refresh"),
    ("anon", "post", "/api/v1/token/verify/", {"token": 1}, "token"),
    ("anon", "post", "/api/v1/token/blacklist/", {"refresh": 1}, "refresh"),
    ("anon", "post", "/api/v1/auth/users/", {"username": 1, "password": "Str0ng-pass-2", "email": ""}, "username"),
    ("anon", "post", "/api/v1/auth/users/", {"username": "new", "password": 12345678901, "email": ""}, "password"),
    ("anon", "post", "/api/v1/auth/users/", {"username": "new", "password": "Str0ng-pass-2", "email": 1}, "email"),
    ("owner", "patch", "/api/v1/auth/users/me/", {"email": 7}, "email"),
    ("owner", "delete", "/api/v1/auth/users/me/", {"current_password": 1}, "current_password"),
    ("owner", "post", "/api/v1/auth/users/set_password/", {"current_password": PASSWORD, "new_password": 1}, None),
    ("owner", "post", "/api/v1/auth/users/set_username/", {"current_password": PASSWORD, "new_username": 1}, None),
    ("anon", "post", "/api/v1/auth/users/reset_password/", {"email": 1}, "email"),
    ("staff", "patch", "/api/v1/categories/{category}/", {"name": 7}, "name"),
]


@pytest.mark.parametrize(("role", "method", "path", "body", "field"), WRONG_TYPES)
def test_a_field_of_the_wrong_json_type_is_a_400_naming_the_field(send, role, method, path, body, field):
    response = send(role, method, path, json.dumps(body))
    assert response.status_code == 400, response.content
    field = field or next(name for name, value in body.items() if not isinstance(value, str))
    assert field in response.json()


def test_a_numeric_username_cannot_log_in_even_when_such_a_user_exists(django_user_model, db, api_client):
    django_user_model.objects.create_user("12345", "n@example.com", PASSWORD)
    for path in ("/auth/token/login/", "/api/v1/auth/token/login/", "/api/v1/token/"):
        response = api_client.post(path, {"username": 12345, "password": PASSWORD}, format="json")
        assert response.status_code == 400, path
        assert "username" in response.json()
    assert api_client.post("/api/v1/token/", {"username": "12345", "password": PASSWORD}).status_code == 200


def test_forms_still_log_in_and_register(api_client, db):
    form = {"username": "formuser", "password": "Str0ng-pass-2", "email": "f@example.com"}
    assert api_client.post("/api/v1/auth/users/", form, format="multipart").status_code == 201
    login = {"username": "formuser", "password": "Str0ng-pass-2"}
    assert api_client.post("/auth/token/login/", login, format="multipart").status_code == 200


def test_an_empty_optional_text_field_of_a_form_is_blank_not_absent(owner, staff):
    """Schemathesis: staff PATCHing a user with `current_password=` (multipart) got a 200, as if it were not sent."""
    from tests.conftest import bearer_client

    response = bearer_client(staff).patch(
        f"/api/v1/auth/users/{owner.pk}/", {"email": "new@example.com", "current_password": ""}, format="multipart"
    )
    assert response.status_code == 400
    assert "current_password" in response.json()
