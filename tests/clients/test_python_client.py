"""A Python client generated from our schema (openapi-python-client) imports and runs the notes' flow.

The client is generated at test time from the live server's `/api/v1/schema/` into a temporary
folder (never committed): register → token login → create the notes' record → JWT obtain → list →
refresh → blacklist, each through the generated functions and models.
"""

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "men_api_client"
NOTES_RECORD = {"title": "Павел", "content": "Что то с чем то", "cat": 1}  # §1


@pytest.fixture(scope="module")
def client_package(server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("python-client")
    schema = folder / "schema.json"
    schema.write_bytes(httpx.get(f"{server.url}/api/v1/schema/", params={"format": "json"}).raise_for_status().content)
    config = folder / "config.yaml"
    config.write_text(f"package_name_override: {PACKAGE}\npost_hooks: []\n")
    generated = subprocess.run(
        [GENERATOR, "generate", "--path", schema, "--meta", "none", "--config", config, "--output-path", PACKAGE],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "Warning" not in generated.stdout + generated.stderr, generated.stdout + generated.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def test_every_module_of_the_generated_client_imports(client_package):
    modules = [info.name for info in pkgutil.walk_packages(client_package.__path__, f"{PACKAGE}.")]
    for name in modules:
        importlib.import_module(name)
    assert f"{PACKAGE}.api.records.api_v1_men_create" in modules
    assert f"{PACKAGE}.api.jwt.api_v1_token_refresh_create" in modules


def test_the_notes_flow_runs_through_the_generated_client(client_package, server):
    models = importlib.import_module(f"{PACKAGE}.models")
    anonymous = client_package.Client(base_url=server.url, raise_on_unexpected_status=True)
    credentials = {"username": "pythonclient", "password": "Str0ng-pass-phrase"}

    def op(tag, name):
        """The generated module of one operation: `api/<tag>/<operationId>.py`."""
        return importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")

    registered = op("users", "api_v1_auth_users_create").sync(
        client=anonymous, body=models.UserCreateRequest(**credentials, email="phk@gmail.com")
    )
    assert isinstance(registered, models.UserCreate) and registered.username == "pythonclient"

    login = op("token", "auth_token_login_create").sync(client=anonymous, body=models.TokenCreateRequest(**credentials))
    assert isinstance(login, models.Token) and login.auth_token

    with_token = client_package.AuthenticatedClient(base_url=server.url, token=login.auth_token, prefix="Token")
    created = op("records", "api_v1_men_create").sync(client=with_token, body=NOTES_RECORD)
    assert isinstance(created, models.Men)
    assert (created.title, created.content, created.cat) == ("Павел", "Что то с чем то", 1)

    pair = op("jwt", "api_v1_token_create").sync(client=anonymous, body=models.TokenObtainPairRequest(**credentials))
    assert isinstance(pair, models.TokenObtainPair) and pair.access and pair.refresh

    bearer = client_package.AuthenticatedClient(base_url=server.url, token=pair.access)
    page = op("records", "api_v1_men_list").sync(client=bearer, user=created.user)
    assert isinstance(page, models.PaginatedMenList)
    assert [record.title for record in page.results] == ["Павел"]

    refreshed = op("jwt", "api_v1_token_refresh_create").sync(
        client=anonymous, body=models.TokenRefreshRequest(refresh=pair.refresh)
    )
    assert isinstance(refreshed, models.TokenRefresh) and refreshed.access and refreshed.refresh != pair.refresh

    fresh = client_package.AuthenticatedClient(base_url=server.url, token=refreshed.access)
    out = op("jwt", "api_v1_token_blacklist_create").sync_detailed(
        client=fresh, body=models.TokenBlacklistRequest(refresh=refreshed.refresh)
    )
    assert out.status_code == 200

    again = op("jwt", "api_v1_token_refresh_create").sync_detailed(
        client=anonymous, body=models.TokenRefreshRequest(refresh=refreshed.refresh)
    )
    assert again.status_code == 401
    assert isinstance(again.parsed, models.Error)
