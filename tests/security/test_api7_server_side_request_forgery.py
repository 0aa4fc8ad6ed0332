"""OWASP API7:2023 Server side request forgery: does not apply yet (README, "Security").

The service fetches nothing on a client's behalf: no field takes a URL, no webhook, no import from a
link. Its only outbound connections are to its own database and cache, whose addresses come from
the environment. This test keeps it so: a module of the service that imports an HTTP client, or
opens sockets itself, makes the item apply, and the README must then say how SSRF is refused.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICE_PACKAGES = ["accounts", "api", "config", "menapp"]
OUTBOUND = {"requests", "httpx", "urllib3", "aiohttp", "urllib.request", "http.client", "socket", "smtplib", "ftplib"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("package", SERVICE_PACKAGES)
def test_no_service_module_can_fetch_a_url_an_attacker_names(package):
    modules = sorted((ROOT / package).rglob("*.py"))
    assert modules
    for module in modules:
        outbound = {name for name in imported_modules(module) if name in OUTBOUND or name.split(".")[0] in OUTBOUND}
        assert not outbound, f"{module.relative_to(ROOT)} imports {outbound}: SSRF now applies (README, Security)"


def test_no_request_body_takes_a_url(db):
    from rest_framework.test import APIClient

    schemas = APIClient().get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    with_urls = {
        name
        for name, component in schemas.items()
        if any(
            isinstance(prop, dict) and prop.get("format") == "uri" for prop in component.get("properties", {}).values()
        )
    }
    # Only the pagination links, which the service writes itself, are URLs; nothing a client sends is.
    assert with_urls and all(name.startswith("Paginated") for name in with_urls)
