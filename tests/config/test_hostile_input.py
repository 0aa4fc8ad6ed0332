"""Hostile input gets a JSON 4xx, never a 500, on SQLite and PostgreSQL alike."""

import io
import json

import pytest

from menapp.models import Men

LIST = "/api/v1/men/"


def assert_json_4xx(response, *expected):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    if expected:
        assert response.status_code in expected, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body and "Traceback" not in json.dumps(body)
    return body


@pytest.mark.parametrize(
    "query",
    [
        "search=%00",
        "search=a%00b",
        "cat=%00",
        "user=%00",
        "is_published=%00",
        "ordering=%00",
        "page=%00",
        "page_size=%00",
        "%00=1",
    ],
)
def test_nul_bytes_in_query_parameters_are_a_400(api_client, men, query):
    assert_json_4xx(api_client.get(f"{LIST}?{query}"), 400)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page_size=1000000000", 200),
        ("page_size=-5", 400),
        ("page_size=99999999999999999999999999", 200),
        ("page=99999999999999999999999999", 404),
        ("page=-1", 404),
        ("page=abc", 404),
        ("cat=99999999999999999999999999", 200),  # no such category: an empty page
        ("cat=-1", 200),
        ("user=abc", 400),
        ("ordering=nonexistent,-also_not", 200),
        ("ordering=password", 200),
        ("no_such_parameter=1&another=%FF", 200),
        ("search=%FF%FE%FD", 200),
        ("search=" + "x" * 5000, 400),  # over the term length limit (menapp.search)
    ],
)
def test_odd_list_parameters_get_a_sensible_answer(api_client, men, query, status):
    response = api_client.get(f"{LIST}?{query}")
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    if status == 200:
        assert len(response.json()["results"]) <= 100


def test_huge_page_size_is_capped_at_100(api_client, owner, category):
    Men.objects.bulk_create(Men(title=f"t{n}", content="c", cat=category, user=owner) for n in range(120))
    assert len(api_client.get(f"{LIST}?page_size=1000000").json()["results"]) == 100


def test_invalid_utf8_in_the_query_string_is_not_an_error(api_client, men):
    response = api_client.get(LIST, QUERY_STRING="search=%C3%28&cat=%80")
    assert_json_4xx(response, 400)  # cat is not a number


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/men/-1/",
        "/api/v1/men/0/",
        "/api/v1/men/99999999999999999999999999/",
        "/api/v1/men/9223372036854775808/",
        "/api/v1/men/abc/",
        "/api/v1/men/%00/",
        "/api/v1/men/1%00/",
        "/api/v1/menlist/99999999999999999999999999/",
        "/api/v1/mendetail/9223372036854775808/",
        "/api/v1/men/99999999999999999999999999/category/",
        "/api/v1/categories/99999999999999999999999999/",
        "/api/v1/auth/users/99999999999999999999999999/",
    ],
)
def test_absurd_ids_are_a_json_404(client_for, men, path):
    assert_json_4xx(client_for("staff").get(path), 404)


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "a\x00b", "content": "c"},
        {"title": "t", "content": "\x00"},
        {"title": "t", "content": "c", "cat": 99999999999999999999999999},
        {"title": "t", "content": "c", "cat": -1},
        {"title": "t", "content": "c", "cat": "\x00"},
        {"title": "t", "content": "c", "cat_id": 99999999999999999999999999},
        {"title": "t", "content": "c", "cat_id": "\x00"},
        {"title": "t", "content": "c", "is_published": "\x00"},
        {"title": "x" * 256, "content": "c"},
        {"title": ["t"], "content": {"a": 1}},
        {"title": "t", "content": "c", "cat": [1]},
        {"title": "t", "content": "c", "cat": True},
    ],
)
def test_bad_field_values_are_a_400_and_store_nothing(client_for, category, men, payload):
    if "cat_id" not in payload:
        payload = {"cat": category.pk, **payload}
    before = list(Men.objects.values())
    assert_json_4xx(client_for("owner").post(LIST, payload, format="json"), 400)
    assert_json_4xx(client_for("owner").put(f"{LIST}{men.pk}/", payload, format="json"), 400)
    assert list(Men.objects.values()) == before


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_a_400(client_for, category, depth):
    body = "[" * depth + "]" * depth
    assert_json_4xx(client_for("owner").post(LIST, body, content_type="application/json"), 400)
    nested = '{"title": ' + body + f', "content": "c", "cat": {category.pk}}}'
    assert_json_4xx(client_for("owner").post(LIST, nested, content_type="application/json"), 400)


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"title": "\xff\xfe", "content": "c"}', "application/json", 400),
        (b"\xff\xfe\xfd", "application/json", 400),
        (b"title=\xff&content=\xfe", "application/x-www-form-urlencoded", 400),
        (b"<men><title>t</title></men>", "application/xml", 415),
        (b"title=t", "text/plain", 415),
        (b"title=t", "multipart/form-data", 400),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x", 400),
        (b"{}", "application/json; charset=no-such-charset", 400),
        (b"", "application/json", 400),
        (b"null", "application/json", 400),
        (b"[]", "application/json", 400),
        (b'"just a string"', "application/json", 400),
        (b"NaN", "application/json", 400),
        (b'{"title": 1e999999, "content": "c"}', "application/json", 400),
    ],
)
def test_malformed_bodies_and_wrong_content_types_are_a_4xx(client_for, category, body, content_type, status):
    response = client_for("owner").post(LIST, body, content_type=content_type)
    assert_json_4xx(response, status)
    assert not Men.objects.exists()


def test_too_many_form_fields_is_a_400(client_for, category):
    body = "&".join(f"f{n}=1" for n in range(5000))
    response = client_for("owner").post(LIST, body, content_type="application/x-www-form-urlencoded")
    assert_json_4xx(response, 400)


def post_chunked(client, path, stream):
    """A POST whose body comes without Content-Length, as a chunked request reaches the application."""
    extra = {"wsgi.input": stream, "HTTP_TRANSFER_ENCODING": "chunked"}
    return client.generic("POST", path, content_type="application/json", **extra)


def test_a_chunked_body_over_the_limit_is_a_413_without_being_read_whole(client_for, settings, category):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    stream = io.BytesIO(b'{"title": "' + b"x" * 1_000_000 + b'"}')
    assert_json_4xx(post_chunked(client_for("owner"), LIST, stream), 413)
    assert stream.tell() == 1001, "reading stopped one byte past the limit"
    assert not Men.objects.exists()


def test_a_chunked_body_under_the_limit_is_read(client_for, category):
    body = json.dumps({"title": "Чанки", "content": "c", "cat": category.pk}).encode()
    response = post_chunked(client_for("owner"), LIST, io.BytesIO(body))
    assert response.status_code == 201, response.content
    assert Men.objects.get().title == "Чанки"


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/api/v1/token/", {"username": "own\x00er", "password": "x"}),
        ("/auth/token/login/", {"username": "own\x00er", "password": "x"}),
        ("/api/v1/auth/users/", {"username": "new\x00user", "password": "Str0ng-pass-phrase"}),
        ("/api/v1/auth/users/reset_password/", {"email": "owner\x00@example.com"}),
        ("/api/v1/token/refresh/", {"refresh": "\x00"}),
        ("/api/v1/token/verify/", {"token": "\x00"}),
    ],
)
def test_nul_bytes_in_credentials_are_a_4xx(api_client, owner, path, payload):
    assert_json_4xx(api_client.post(path, payload, format="json"))


@pytest.mark.parametrize(
    "authorization",
    ["Token abc\x00def", "Basic b3duZXIAOng=", "Bearer \x00.\x00.\x00", "Token " + "\x00" * 40],
)
def test_nul_bytes_in_the_authorization_header_are_a_401(api_client, owner, authorization):
    assert_json_4xx(api_client.get("/api/v1/auth/users/me/", HTTP_AUTHORIZATION=authorization), 401)


def test_a_value_the_database_refuses_is_a_400_not_a_500(client_for, men, monkeypatch):
    from django.db import DataError

    from menapp.views import MenViewSet

    def refuse(self):
        raise DataError("value out of range")

    monkeypatch.setattr(MenViewSet, "get_queryset", refuse)
    assert_json_4xx(client_for("owner").get(LIST), 400)


def test_the_new_refusals_are_translated(api_client, db):
    russian = api_client.get(f"{LIST}?search=%00").json()
    assert russian == {"detail": "Нулевые символы в параметрах запроса недопустимы."}
    english = api_client.get(f"{LIST}?search=%00", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english == {"detail": "Null characters are not allowed in query parameters."}


def test_an_oversized_body_is_refused_in_the_clients_language(client_for, settings, category):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    body = json.dumps({"title": "x" * 100})
    english = client_for("owner").post(LIST, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Request body is too large."}
    russian = client_for("owner").post(LIST, body, content_type="application/json")
    assert russian.json() == {"detail": "Тело запроса слишком велико."}
