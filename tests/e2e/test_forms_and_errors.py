"""A course student with a browser: forms keep their errors, form-created records are published,
and the routes the notes open in a browser show a page, not bare JSON."""

import httpx
from playwright.sync_api import expect

from tests.live_server import USER_PASSWORD, USER_USERNAME

from .test_browser import log_in_to_the_browsable_api


def test_a_form_sent_with_an_empty_title_comes_back_with_the_error_on_the_form(page, server):
    log_in_to_the_browsable_api(page, server, "/api/v1/men/")
    form = page.locator("#post-object-form")
    form.locator("[name=content]").fill("Без заголовка")
    form.locator("select[name=cat]").select_option(label="Актеры")
    form.locator("button", has_text="POST").click()
    expect(page.locator(".response-info")).to_contain_text("400")
    form = page.locator("#post-object-form")
    expect(form.locator(".has-error").first).to_be_visible()
    expect(form).to_contain_text("Это поле не может быть пустым.")


def test_a_record_created_with_the_form_is_published(page, server):
    log_in_to_the_browsable_api(page, server, "/api/v1/men/")
    form = page.locator("#post-object-form")
    form.locator("[name=title]").fill("Опубликовано из формы")
    form.locator("[name=content]").fill("Флажок не трогали")
    form.locator("select[name=cat]").select_option(label="Певцы")
    form.locator("button", has_text="POST").click()
    expect(page.locator(".response-info")).to_contain_text("201")
    anonymous = httpx.get(f"{server.url}/api/v1/men/", params={"search": "Опубликовано из формы"}).json()
    assert [record["is_published"] for record in anonymous["results"]] == [True]


def test_the_jwt_route_opened_in_a_browser_shows_its_form(page, server):
    page.goto(f"{server.url}/api/v1/token/")
    expect(page.locator(".response-info")).to_contain_text("405")
    form = page.locator("form").filter(has=page.locator("[name=username]"))
    form.locator("[name=username]").first.fill(USER_USERNAME)
    form.locator("[name=password]").first.fill(USER_PASSWORD)
    form.locator("button", has_text="POST").first.click()
    expect(page.locator(".response-info")).to_contain_text("refresh")


def test_logging_out_in_a_browser_shows_a_confirmation_page_that_logs_out(page, server):
    log_in_to_the_browsable_api(page, server, "/api/v1/men/")
    page.goto(f"{server.url}/api/v1/drf-auth/logout/")
    page.locator("form [type=submit]").first.click()
    page.goto(f"{server.url}/api/v1/auth/users/me/")
    expect(page.locator(".response-info")).to_contain_text("401")
