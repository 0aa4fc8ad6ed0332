"""A person with a browser: the browsable API, the admin, Swagger UI and Redoc."""

import re

import httpx
from playwright.sync_api import expect

from tests.live_server import STAFF_PASSWORD, STAFF_USERNAME, USER_PASSWORD, USER_USERNAME


def log_in_to_the_browsable_api(page, server, next_path):
    page.goto(f"{server.url}/api/v1/drf-auth/login/?next={next_path}")
    page.fill("input[name=username]", USER_USERNAME)
    page.fill("input[name=password]", USER_PASSWORD)
    page.click("[type=submit]")
    expect(page).to_have_url(f"{server.url}{next_path}")


def test_a_user_logs_in_to_the_browsable_api_and_creates_a_record_with_its_form(page, server):
    log_in_to_the_browsable_api(page, server, "/api/v1/men/")
    expect(page.locator("#user-menu, .navbar")).to_contain_text(USER_USERNAME)

    form = page.locator("#post-object-form")
    form.locator("[name=title]").fill("Павел из браузера")
    form.locator("[name=content]").fill("Что то с чем то")
    form.locator("select[name=cat]").select_option(label="Актеры")
    form.locator("button", has_text="POST").click()
    expect(page.locator(".response-info")).to_contain_text("201 Created")
    expect(page.locator(".response-info")).to_contain_text("Павел из браузера")

    page.goto(f"{server.url}/api/v1/men/?search=браузера")
    expect(page.locator(".response-info")).to_contain_text("Павел из браузера")


def test_staff_edit_a_record_in_the_admin(page, server):
    access = server.jwt(USER_USERNAME, USER_PASSWORD)["access"]
    created = httpx.post(
        f"{server.url}/api/v1/men/",
        json={"title": "Запись для админки", "content": "Что то с чем то", "cat": 1},
        headers={"Authorization": f"Bearer {access}"},
    )
    assert created.status_code == 201, created.text

    page.goto(f"{server.url}/admin/login/?next=/admin/menapp/men/")
    page.fill("input[name=username]", STAFF_USERNAME)
    page.fill("input[name=password]", STAFF_PASSWORD)
    page.click("[type=submit]")
    page.click("text=Запись для админки")
    page.fill("input[name=title]", "Запись, исправленная в админке")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("Запись, исправленная в админке")
    assert httpx.get(f"{server.url}/api/v1/men/{created.json()['id']}/").json()["title"] == (
        "Запись, исправленная в админке"
    )


def test_swagger_ui_authorizes_with_a_jwt_and_lists_records(page, server):
    access = server.jwt(USER_USERNAME, USER_PASSWORD)["access"]
    page.goto(f"{server.url}/api/v1/docs/")
    page.click("button.authorize")
    jwt = page.locator(".modal-ux .auth-container", has_text="jwtAuth")
    jwt.locator("#auth-bearer-value").fill(access)
    jwt.locator("button.authorize").click()
    expect(jwt.locator("h6")).to_have_text("Authorized")
    page.locator(".modal-ux button.btn-done").first.click()

    operation = page.locator("#operations-records-api_v1_men_list")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    with page.expect_response(re.compile(r"/api/v1/men/(\?.*)?$")) as response_info:
        operation.locator("button.execute").click()
    response = response_info.value
    assert response.status == 200
    assert response.request.headers["authorization"] == f"Bearer {access}"
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")


def test_redoc_renders_the_schema(page, server):
    page.goto(f"{server.url}/api/v1/redoc/")
    # Redoc renders the whole schema in the browser first: slow on a busy machine.
    expect(page.locator("h1").first).to_contain_text("Men API", timeout=90_000)
    expect(page.get_by_text("api_v1_men_list").or_(page.get_by_text("/api/v1/men/").first).first).to_be_attached()


def test_the_html_pages_work_under_their_content_security_policy(page, server):
    log_in_to_the_browsable_api(page, server, "/api/v1/men/")
    expect(page.locator(".response-info")).to_be_visible()
    page.click(".navbar .dropdown-toggle")
    page.click("#logoutForm button")  # DRF's own link needed an inline script
    expect(page.locator(".navbar")).to_contain_text("Войти")
    page.goto(f"{server.url}/api/v1/docs/")
    expect(page.locator("#operations-records-api_v1_men_list")).to_be_visible()
    page.goto(f"{server.url}/api/v1/redoc/")
    expect(page.locator("h1").first).to_contain_text("Men API")
    page.goto(f"{server.url}/admin/login/")
    page.fill("input[name=username]", STAFF_USERNAME)
    page.fill("input[name=password]", STAFF_PASSWORD)
    page.click("[type=submit]")
    page.goto(f"{server.url}/admin/menapp/men/")
    expect(page.locator("#result_list")).to_be_visible()
    page.wait_for_load_state("networkidle")
    for response in (httpx.get(f"{server.url}{path}") for path in ("/api/v1/docs/", "/api/v1/redoc/", "/admin/login/")):
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.csp_violations == []
