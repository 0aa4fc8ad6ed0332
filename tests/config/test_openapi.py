"""The OpenAPI schema is valid and the docs pages are served without a network."""

from django.core.management import call_command


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
