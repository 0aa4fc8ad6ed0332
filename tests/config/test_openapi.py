"""The OpenAPI schema is valid and the docs pages are served without a network."""

import re

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator


def test_schema_validates_with_no_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/men/{id}/category/" in (tmp_path / "schema.yaml").read_text()


def test_schema_is_served_as_openapi_json(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_swagger_ui_and_redoc_pages_use_bundled_assets(client, db):
    for path in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = client.get(path).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn.jsdelivr" not in page


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_401_and_429_with_the_shared_error_component(schema):
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in operations(schema):
        if path in ("/healthz", "/readyz"):
            continue  # outside the API: no authentication, no throttle
        for status in ("401", "429"):
            assert operation["responses"][status]["content"]["application/json"]["schema"] == error, (path, method)
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_error_responses_follow_what_each_operation_can_do(schema):
    paths = schema["paths"]
    assert {"400", "403", "413", "415"} <= set(paths["/api/v1/men/"]["post"]["responses"])
    assert "404" in paths["/api/v1/men/{id}/"]["get"]["responses"]
    assert "409" in paths["/api/v1/categories/{id}/"]["delete"]["responses"]
    assert "409" not in paths["/api/v1/men/{id}/"]["delete"]["responses"]
    assert "403" not in paths["/api/v1/men/"]["get"]["responses"]
    assert paths["/api/v1/men/"]["post"]["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    assert "Retry-After" in paths["/api/v1/men/"]["get"]["responses"]["429"]["headers"]


def test_schema_declares_bearer_jwt_token_and_session_cookie_security(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["jwtAuth"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert schemes["tokenAuth"]["in"] == "header" and schemes["tokenAuth"]["name"] == "Authorization"
    assert schemes["cookieAuth"] == {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def test_reads_open_to_anyone_have_optional_security_and_writes_do_not(schema):
    paths = schema["paths"]
    assert {} in paths["/api/v1/categories/"]["get"]["security"]
    assert {} in paths["/api/v1/men/{id}/"]["get"]["security"]
    assert {} not in paths["/api/v1/categories/"]["post"]["security"]
    assert {} not in paths["/api/v1/auth/users/me/"]["get"]["security"]


def test_the_courses_old_routes_are_deprecated(schema):
    for path, method, operation in operations(schema):
        legacy = path.startswith(("/api/v1/menlist/", "/api/v1/mendetail/", "/api/v1/mendelete/"))
        assert operation.get("deprecated", False) is legacy, (path, method)


def test_cat_id_is_a_deprecated_write_only_alias_of_cat(schema):
    schemas = schema["components"]["schemas"]
    alias = schemas["MenRequest"]["properties"]["cat_id"]
    assert alias["deprecated"] is True and alias["writeOnly"] is True
    assert schemas["MenRequest"]["anyOf"] == [{"required": ["cat"]}, {"required": ["cat_id"]}]
    assert "cat_id" not in schemas["Men"]["properties"]


def test_record_examples_are_the_notes_sample_data(schema):
    body = schema["paths"]["/api/v1/men/"]["post"]["requestBody"]["content"]["application/json"]
    assert [example["value"] for example in body["examples"].values()] == [
        {"title": "Павел", "content": "Что то с чем то", "cat": 1}
    ]
    created = schema["paths"]["/api/v1/men/"]["post"]["responses"]["201"]["content"]["application/json"]
    assert [example["value"]["title"] for example in created["examples"].values()] == ["Павел"]


def test_login_examples_are_the_notes_second_user(schema):
    for path in ("/api/v1/token/", "/auth/token/login/"):
        body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        values = [example["value"] for example in body["examples"].values()]
        assert values == [{"username": "seconduser", "password": "Str0ng-pass-phrase"}], path


def test_lists_document_pagination_and_filters(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/men/"]["get"]["parameters"]}
    assert names == {"page", "page_size", "cursor", "cat", "user", "is_published", "search", "ordering"}


def test_the_search_parameter_documents_what_it_matches_and_its_limits(schema):
    (parameter,) = (p for p in schema["paths"]["/api/v1/men/"]["get"]["parameters"] if p["name"] == "search")
    description = parameter["description"]
    assert "At most 10 words of at most 100 characters each" in description
    pattern = re.compile(parameter["schema"]["pattern"])
    assert pattern.match(" ".join(["я" * 100] * 10)) and pattern.match('"Юрий Никулин", актёр')
    assert not pattern.match(" ".join(["я"] * 11)) and not pattern.match("я" * 101)
    assert "PostgreSQL" in description and "SQLite" in description and "relevance" in description


def test_creating_a_record_links_to_the_operations_on_it(schema):
    links = schema["paths"]["/api/v1/men/"]["post"]["responses"]["201"]["links"]
    assert links["api_v1_men_retrieve"]["parameters"] == {"id": "$response.body#/id"}
    assert "men_category_of_record" in links


def test_djoser_actions_that_answer_204_document_it(schema):
    responses = schema["paths"]["/api/v1/auth/users/reset_password/"]["post"]["responses"]
    assert "204" in responses and "200" not in responses


def test_deleting_an_account_documents_its_current_password_body(schema):
    operation = schema["paths"]["/api/v1/auth/users/me/"]["delete"]
    assert operation["requestBody"]["required"] is True
    assert schema["components"]["schemas"]["UserDeleteRequest"]["required"] == ["current_password"]
    assert {"400", "415"} <= set(operation["responses"])


def test_the_api_roots_and_health_probes_are_documented(schema):
    for path in ("/api/v1/", "/api/v1/auth/", "/healthz", "/readyz"):
        assert "200" in schema["paths"][path]["get"]["responses"], path
    assert "503" in schema["paths"]["/readyz"]["get"]["responses"]


def test_every_operation_has_a_documented_resource_tag_and_a_human_summary(schema):
    documented = {tag["name"]: tag["description"] for tag in schema["tags"]}
    for path, method, operation in operations(schema):
        assert len(operation["tags"]) == 1 and operation["tags"][0] in documented, (path, method)
        summary = operation["summary"]
        assert summary and summary != operation["operationId"] and "_" not in summary, (path, method)
    assert all(documented.values())


def test_operations_are_tagged_by_resource(schema):
    paths = schema["paths"]
    assert paths["/api/v1/men/"]["get"]["tags"] == ["records"]
    assert paths["/api/v1/menlist/"]["get"]["tags"] == ["legacy"]
    assert paths["/api/v1/categories/{id}/"]["patch"]["tags"] == ["categories"]
    assert paths["/api/v1/auth/users/me/"]["get"]["tags"] == ["users"]
    assert paths["/auth/token/login/"]["post"]["tags"] == ["token"]
    assert paths["/api/v1/token/refresh/"]["post"]["tags"] == ["jwt"]
    assert paths["/readyz"]["get"]["tags"] == ["health"]
    assert paths["/api/v1/"]["get"]["summary"] == "Корень API"
    assert paths["/api/v1/men/"]["post"]["summary"] == "Создать запись"
    assert paths["/api/v1/auth/users/me/"]["delete"]["summary"] == "Удалить свою учётную запись"


def test_token_login_documents_the_auth_token_it_answers(schema):
    for path in ("/auth/token/login/", "/api/v1/auth/token/login/"):
        ok = schema["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": "#/components/schemas/Token"}, path
    assert schema["components"]["schemas"]["Token"]["properties"] == {"auth_token": {"type": "string"}}


def test_error_examples_match_their_status(schema):
    def example(path, method, status):
        return schema["paths"][path][method]["responses"][status]["content"]["application/json"]["example"]

    assert example("/api/v1/men/{id}/", "get", "404")["detail"] != example("/api/v1/men/{id}/", "get", "401")["detail"]
    assert example("/api/v1/men/{id}/", "get", "401") == {"detail": "Учетные данные не были предоставлены."}
    assert "Expected" not in example("/api/v1/men/", "get", "429")["detail"]


def test_page_links_point_at_the_list_itself(schema):
    page = schema["components"]["schemas"]["PaginatedMenList"]["properties"]
    assert page["next"]["example"] == "http://127.0.0.1:8000/api/v1/men/?page=4"
    assert "example.org" not in str(schema)


def test_readiness_documents_every_status_it_answers(schema):
    ready = schema["paths"]["/readyz"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ready["properties"]["status"]["enum"] == ["ok", "degraded", "unavailable"]


def test_jwt_login_documents_the_token_pair_it_answers(schema):
    ok = schema["paths"]["/api/v1/token/"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/TokenObtainPair"}
    assert set(schema["components"]["schemas"]["TokenObtainPair"]["required"]) == {"access", "refresh"}


def test_bodies_are_documented_as_json_so_generated_clients_work(schema):
    for path, method, operation in operations(schema):
        if "requestBody" in operation:
            assert list(operation["requestBody"]["content"]) == ["application/json"], (path, method)
