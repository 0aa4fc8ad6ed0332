"""What a person sees under Accept-Language: ru (the default) — Russian on the browsable API, its login
page, the admin and the docs — and English with `en`. Each test saves its page to PAGE_SHOTS."""

import re

from playwright.sync_api import expect

from tests.live_server import STAFF_PASSWORD, STAFF_USERNAME, USER_PASSWORD, USER_USERNAME


def log_in(page, server, next_path, username=USER_USERNAME, password=USER_PASSWORD):
    page.goto(f"{server.url}/api/v1/drf-auth/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("[type=submit]")
    expect(page).to_have_url(f"{server.url}{next_path}")


def test_the_api_root_is_branded_and_in_russian(page, server, shot):
    page.goto(f"{server.url}/api/v1/")
    navbar = page.locator(".navbar")
    expect(navbar).to_contain_text("Men API")
    expect(navbar).to_contain_text("Войти")
    expect(navbar).not_to_contain_text("Log in")
    expect(navbar).not_to_contain_text("Django REST framework")
    shot(page, "api-root")


def test_the_login_page_is_in_russian(page, server, shot):
    page.goto(f"{server.url}/api/v1/drf-auth/login/?next=/api/v1/men/")
    expect(page.locator("input[type=submit]")).to_have_value("Войти")
    expect(page.locator("body")).to_contain_text("Имя пользователя")
    expect(page.locator("body")).to_contain_text("Men API")
    shot(page, "login")


def test_a_record_list_for_a_user_is_in_russian(page, server, shot):
    log_in(page, server, "/api/v1/men/")
    content = page.locator("#content")
    expect(content.locator("h1")).to_have_text("Записи")
    expect(content.locator(".content-main")).to_contain_text("Записи об известных мужчинах.")
    expect(page.locator(".breadcrumb")).to_have_text(re.compile(r"Корень API\s*Записи"))
    expect(content.get_by_role("button", name="Другие действия")).to_be_visible()
    expect(content.get_by_role("button", name="Фильтры")).to_be_visible()
    expect(content.get_by_role("link", name="HTML-форма").first).to_be_visible()
    expect(content.get_by_role("link", name="Исходные данные").first).to_be_visible()
    for english in ("Extra Actions", "Filters", "HTML form", "Raw data", "Media type"):
        expect(content).not_to_contain_text(english)
    content.get_by_role("link", name="Исходные данные").first.click()
    expect(content.locator("#post-generic-content-form")).to_contain_text("Тип данных")
    page.locator(".navbar .dropdown-toggle").click()
    expect(page.locator(".navbar")).to_contain_text("Выйти")
    shot(page, "record-list")


def test_the_browsable_api_speaks_english_on_request(english_page, server):
    english_page.goto(f"{server.url}/api/v1/men/")
    expect(english_page.locator(".navbar")).to_contain_text("Log in")
    expect(english_page.locator("#content").get_by_role("button", name="Extra Actions")).to_be_visible()


def test_the_admin_is_branded_and_reads_right_in_russian(page, server, shot):
    page.goto(f"{server.url}/admin/login/?next=/admin/")
    page.fill("input[name=username]", STAFF_USERNAME)
    page.fill("input[name=password]", STAFF_PASSWORD)
    page.click("[type=submit]")
    header = page.locator("#site-name")
    expect(header).to_have_text("Men API — администрирование")
    body = page.locator("#content")
    expect(body).to_contain_text("Версии записей")
    for leftover in ("Historical", "Token Blacklist", "TOKEN BLACKLIST", "Django"):
        expect(page.locator("body")).not_to_contain_text(leftover)
    shot(page, "admin-index")

    page.goto(f"{server.url}/admin/menapp/men/")
    expect(page.locator("#content h1")).to_have_text("Выберите запись для изменения")
    expect(page.locator(".object-tools")).to_contain_text("Добавить запись")
    expect(page.locator(".paginator")).to_contain_text("всего")
    shot(page, "admin-change-list")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{server.url}/admin/menapp/historicalmen/")
    expect(page.locator("#result_list thead")).to_contain_text("Когда")
    restore = page.locator("#result_list td.field-restore a").first
    expect(restore).to_be_visible()
    box = restore.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280, box
    page.goto(f"{server.url}/admin/menapp/men/")
    published = page.locator("#result_list td.field-is_published").first
    box = published.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280, box


def test_swagger_shows_a_tag_per_resource_with_russian_summaries(page, server, shot):
    page.goto(f"{server.url}/api/v1/docs/")
    for tag in ("records", "categories", "users", "token", "jwt", "health"):
        expect(page.locator(f"#operations-tag-{tag}")).to_be_visible()
    expect(page.locator("#operations-tag-api")).to_have_count(0)
    records = page.locator("#operations-records-api_v1_men_create")
    expect(records.locator(".opblock-summary-description")).to_have_text("Создать запись")
    expect(page.locator("#operations-tag-records")).to_contain_text("Записи об известных мужчинах")
    shot(page, "swagger")


def test_redoc_shows_the_russian_summaries(page, server, shot):
    page.goto(f"{server.url}/api/v1/redoc/")
    # Redoc renders the whole schema in the browser first: slow on a busy machine.
    expect(page.get_by_role("heading", name="Создать запись").first).to_be_visible(timeout=90_000)
    expect(page.get_by_role("heading", name="Получить пару JWT").first).to_be_visible()
    expect(page.get_by_role("menuitem", name="records")).to_be_visible()
    shot(page, "redoc", full_page=False)  # the whole Redoc page is too tall to capture
