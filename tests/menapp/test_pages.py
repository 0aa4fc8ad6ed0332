"""The landing page at `/` (also where the admin's "Открыть сайт" leads)."""

import re

from django.contrib import admin


def test_the_landing_page_names_the_service_and_links_its_entry_points(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<h1>Men API</h1>" in page
    for url in ("/api/v1/", "/api/v1/men/", "/api/v1/docs/", "/api/v1/redoc/", "/api/v1/schema/", "/admin/", "/readyz"):
        assert f'href="{url}"' in page, url


def test_every_link_on_the_landing_page_leads_somewhere_real(client, db):
    for url in re.findall(r'href="([^"]+)"', client.get("/").content.decode()):
        response = client.get(url)
        # The admin sends anonymous visitors to its login page; everything else answers.
        assert response.status_code in (200, 302), (url, response.status_code)


def test_the_admins_view_site_link_leads_to_the_landing_page(client, db):
    assert admin.site.site_url == "/"
    assert client.get(admin.site.site_url).status_code == 200


def test_the_landing_page_has_no_inline_script_or_style(client, db):
    page = client.get("/").content.decode()
    assert "<script" not in page and "<style" not in page and "style=" not in page
