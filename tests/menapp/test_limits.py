"""Bounded records and pages (menapp.limits): MAX_RECORD_CONTENT and MAX_PAGE_BYTES."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from rest_framework.test import APIClient

from menapp.limits import record_bytes
from menapp.models import Men

from ..conftest import bearer_client

LIMIT = 100


@pytest.fixture
def small_limit(settings):
    settings.MAX_RECORD_CONTENT = LIMIT


@pytest.mark.parametrize("media_type", ["json", "multipart", "urlencoded"])
def test_content_over_the_limit_is_refused_in_every_media_type(small_limit, owner, category, media_type):
    body = {"title": "Павел", "content": "ж" * (LIMIT + 1), "cat": str(category.pk)}
    client = bearer_client(owner)
    if media_type == "json":
        response = client.post("/api/v1/men/", {**body, "cat": category.pk}, format="json")
    elif media_type == "multipart":
        response = client.post("/api/v1/men/", body, format="multipart")
    else:
        from urllib.parse import urlencode

        response = client.post("/api/v1/men/", urlencode(body), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "content" in response.json()
    assert not Men.objects.exists()


def test_content_at_the_limit_is_accepted(small_limit, owner, category):
    body = {"title": "Павел", "content": "ж" * LIMIT, "cat": category.pk}
    assert bearer_client(owner).post("/api/v1/men/", body).status_code == 201


def test_an_edit_cannot_grow_content_past_the_limit(small_limit, owner, men):
    response = bearer_client(owner).patch(f"/api/v1/men/{men.pk}/", {"content": "ж" * (LIMIT + 1)})
    assert response.status_code == 400 and "content" in response.json()


@pytest.fixture
def oversized(owner, category, settings):
    """A record stored before the limit was lowered below its length."""
    men = Men.objects.create(title="Старая запись", content="ж" * (LIMIT * 3), cat=category, user=owner)
    settings.MAX_RECORD_CONTENT = LIMIT
    return men


def test_a_record_stored_over_the_limit_stays_readable(oversized):
    response = APIClient().get(f"/api/v1/men/{oversized.pk}/")
    assert response.status_code == 200 and response.json()["content"] == oversized.content


def test_a_record_stored_over_the_limit_takes_a_patch_without_content(owner, oversized):
    response = bearer_client(owner).patch(f"/api/v1/men/{oversized.pk}/", {"title": "Новое название"})
    assert response.status_code == 200 and response.json()["title"] == "Новое название"


def test_a_record_stored_over_the_limit_takes_a_put_resending_its_content(owner, oversized):
    body = {"title": "Новое название", "content": oversized.content, "cat": oversized.cat_id}
    response = bearer_client(owner).put(f"/api/v1/men/{oversized.pk}/", body)
    assert response.status_code == 200 and response.json()["content"] == oversized.content


def test_a_record_stored_over_the_limit_cannot_take_other_long_content(owner, oversized):
    body = {"title": "Новое", "content": oversized.content + "ж", "cat": oversized.cat_id}
    response = bearer_client(owner).put(f"/api/v1/men/{oversized.pk}/", body)
    assert response.status_code == 400 and "content" in response.json()


def test_the_schema_states_the_content_limit(db, settings):
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    assert schema["components"]["schemas"]["MenRequest"]["properties"]["content"]["maxLength"] == (
        settings.MAX_RECORD_CONTENT
    )


@pytest.fixture
def long_records(owner, category, settings):
    """12 records of 1000 Cyrillic letters each, and a page budget that three of them fill."""
    records = [
        Men.objects.create(title=f"Запись {n:02}", content="ж" * 1000, cat=category, user=owner) for n in range(12)
    ]
    settings.MAX_PAGE_BYTES = 3 * record_bytes(records[0]) + 10
    return records


def walk(client, url, link="next"):
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        pages.append(response)
        url = response.json()[link]
    return pages


def ids(pages):
    return [men["id"] for page in pages for men in page.json()["results"]]


def test_a_numbered_page_over_the_byte_budget_is_cut_and_next_goes_on_from_it(long_records, settings):
    newest_first = [men.pk for men in reversed(long_records)]
    pages = walk(APIClient(), "/api/v1/men/?page_size=10")
    assert ids(pages) == newest_first  # nothing skipped, nothing repeated
    assert all(len(page.content) <= settings.MAX_PAGE_BYTES for page in pages)
    assert [len(page.json()["results"]) for page in pages] == [2] * 6  # 10's largest divisor that fits
    assert all(page.json()["count"] == 12 for page in pages)


def test_a_deep_numbered_page_over_the_budget_starts_where_it_should(long_records):
    newest_first = [men.pk for men in reversed(long_records)]
    response = APIClient().get("/api/v1/men/?page=2&page_size=6")  # records 6..11, cut to 3 (6's divisor)
    assert [men["id"] for men in response.json()["results"]] == newest_first[6:9]
    assert parse_qs(urlsplit(response.json()["next"]).query) == {"page": ["4"], "page_size": ["3"]}
    previous = APIClient().get(response.json()["previous"]).json()
    assert [men["id"] for men in previous["results"]] == newest_first[3:6]


def test_walking_back_from_a_cut_page_visits_each_record_once(long_records):
    newest_first = [men.pk for men in reversed(long_records)]
    last = walk(APIClient(), "/api/v1/men/?page_size=10")[-1]
    back = walk(APIClient(), last.json()["previous"], link="previous")
    assert ids(back) == [pk for start in (8, 6, 4, 2, 0) for pk in newest_first[start : start + 2]]


def test_a_keyset_page_over_the_byte_budget_is_cut_and_its_cursors_go_on_from_it(long_records, settings):
    newest_first = [men.pk for men in reversed(long_records)]
    forward = walk(APIClient(), "/api/v1/men/?cursor=&page_size=10")
    assert ids(forward) == newest_first
    assert [len(page.json()["results"]) for page in forward] == [3, 3, 3, 3]
    assert all(len(page.content) <= settings.MAX_PAGE_BYTES for page in forward)
    backward = walk(APIClient(), forward[-1].json()["previous"], link="previous")
    assert ids(backward) == [pk for start in (6, 3, 0) for pk in newest_first[start : start + 3]]


def test_one_record_larger_than_the_budget_still_gets_a_page_of_its_own(long_records, settings):
    settings.MAX_PAGE_BYTES = 10
    pages = walk(APIClient(), "/api/v1/men/?page_size=4")
    assert [len(page.json()["results"]) for page in pages] == [1] * 12


def test_a_page_within_the_budget_is_not_cut(men, draft):
    body = json.loads(APIClient().get("/api/v1/men/?page_size=100").content)
    assert body["next"] is None and len(body["results"]) == 1
