"""Pages by number and by keyset (`cursor`): every record once, in order, at a cost that does not grow."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from menapp.models import Men


@pytest.fixture
def records(owner, category):
    """Seven published records, a minute apart (newest last), and one draft."""
    now = timezone.now()
    created = []
    for n in range(7):
        record = Men.objects.create(title=f"Запись {n}", content="т", cat=category, user=owner)
        Men.objects.filter(pk=record.pk).update(time_create=now - timedelta(minutes=7 - n))
        created.append(record.pk)
    Men.objects.create(title="Черновик", content="т", cat=category, user=owner, is_published=False)
    return created


def scroll(client, url: str) -> tuple[list[int], list[dict]]:
    ids, pages = [], []
    while url:
        page = client.get(url).json()
        pages.append(page)
        ids += [record["id"] for record in page["results"]]
        url = page["next"]
    return ids, pages


def test_a_cursor_scroll_visits_every_visible_record_once_newest_first_with_no_count(api_client, records):
    ids, pages = scroll(api_client, "/api/v1/men/?cursor=&page_size=3")
    assert ids == records[::-1]
    assert [len(page["results"]) for page in pages] == [3, 3, 1]
    assert all("count" not in page for page in pages)


def test_an_owner_scrolls_through_their_draft_too(client_for, records):
    ids, _ = scroll(client_for("owner"), "/api/v1/men/?cursor=&page_size=3")
    assert len(ids) == len(records) + 1 == len(set(ids))


def test_previous_leads_back_to_the_page_before(api_client, records):
    first = api_client.get("/api/v1/men/?cursor=&page_size=3").json()
    second = api_client.get(first["next"]).json()
    assert first["previous"] is None
    assert api_client.get(second["previous"]).json()["results"] == first["results"]


def test_a_cursor_scroll_by_id_goes_oldest_first(api_client, records):
    ids, _ = scroll(api_client, "/api/v1/men/?cursor=&page_size=2&ordering=id")
    assert ids == sorted(records)


def test_a_cursor_page_costs_one_query_at_any_depth(api_client, records, count_queries):
    url, counts = "/api/v1/men/?cursor=&page_size=2", []
    while url:
        with count_queries() as queries:
            url = api_client.get(url).json()["next"]
        counts.append(queries.count)
    assert counts == [1, 1, 1, 1]


def test_search_and_filters_apply_to_a_cursor_scroll(api_client, records, category):
    ids, _ = scroll(api_client, f"/api/v1/men/?cursor=&page_size=2&search=Запись 3&cat={category.pk}")
    assert ids == [records[3]]


def encoded(querystring: str) -> str:
    return base64.b64encode(querystring.encode()).decode()


@pytest.mark.parametrize("cursor", ["abc", encoded("p=not-a-date"), encoded("o=-1"), encoded("p=\x00")])
def test_a_made_up_cursor_is_a_json_404(api_client, records, cursor):
    response = api_client.get("/api/v1/men/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_cursor_by_a_field_that_is_not_nearly_unique_is_a_400_naming_it(api_client, records):
    response = api_client.get("/api/v1/men/?cursor=&ordering=title")
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_page_numbers_still_count(api_client, records):
    page = api_client.get("/api/v1/men/?page=2&page_size=3").json()
    assert page["count"] == len(records)
    assert [record["id"] for record in page["results"]] == records[::-1][3:6]
