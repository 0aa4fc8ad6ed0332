"""Browser tests: Playwright drives Debian's Chromium against a live gunicorn server.

Not part of `make test` (the `e2e` marker is deselected by default); `make e2e` runs them.
A failing test leaves a screenshot in /tmp/men-api-e2e/; the main pages are saved to
$MEN_API_SCREENSHOTS (default /tmp/men-api-screenshots/) on every run.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.live_server import live_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path("/tmp/men-api-e2e")
# The main pages, saved by every run for a person to look at (README, "Browser tests"); outside the repo.
PAGE_SHOTS = Path(os.environ.get("MEN_API_SCREENSHOTS", "/tmp/men-api-screenshots"))
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture(scope="session")
def server():
    """Production settings over plain HTTP, with the browsable API on (as in development)."""
    with live_server(log=SCREENSHOTS / "server.log", BROWSABLE_API="true") as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Every Content-Security-Policy violation is reported to the console, by Chromium and by this listener.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) =>
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`));
"""


# Redoc's side menu always shows "API docs by Redocly" with a logo from Redocly's CDN (no option turns
# it off): blocked on purpose, like any outside resource (the image hides itself and the page works).
BLOCKED_ON_PURPOSE = ("https://cdn.redoc.ly/redoc/logo-mini.svg",)


def is_csp_violation(message) -> bool:
    text = message.text
    if any(url in text for url in BLOCKED_ON_PURPOSE):
        return False
    return message.type == "error" and ("CSP violation" in text or "Content Security Policy" in text)


@pytest.fixture
def page(browser, request):
    """A page that records CSP violations (`page.csp_violations`); a test that caused any fails."""
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            is_csp_violation(message)
            and page.csp_violations.append(f"{page.url}: {message.text} at {message.location}")
        ),
    )
    yield page
    assert page.csp_violations == [], "the page broke its Content-Security-Policy"
    if getattr(request.node, "e2e_failed", False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{request.node.name}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
    context.close()


@pytest.fixture
def english_page(browser):
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def shot():
    """`shot(page, "api-root")` saves a full-page screenshot of a main page to PAGE_SHOTS."""

    def save(page, name: str, full_page: bool = True) -> Path:
        PAGE_SHOTS.mkdir(parents=True, exist_ok=True)
        path = PAGE_SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save
