"""Which writes make which cached answers stale: as few as correctness allows, and never too few."""

import pytest
from rest_framework.test import APIClient

from menapp.models import Category, Men
from menapp.services import men_create

from ..conftest import bearer_client


@pytest.fixture
def catalog(owner, category, other_category):
    return {
        "actor": men_create(fields={"title": "Актёр", "content": "т", "cat": category}, owner=owner),
        "other_actor": men_create(fields={"title": "Другой актёр", "content": "т", "cat": category}, owner=owner),
        "singer": men_create(fields={"title": "Певец", "content": "т", "cat": other_category}, owner=owner),
    }


def queries_for(count_queries, client, path):
    with count_queries() as queries:
        response = client.get(path)
    assert response.status_code == 200
    return queries.count


def test_a_write_to_one_record_keeps_every_other_records_cached_retrieve(catalog, owner, count_queries):
    reader = APIClient()
    reader.get(f"/api/v1/men/{catalog['other_actor'].pk}/")
    bearer_client(owner).patch(f"/api/v1/men/{catalog['actor'].pk}/", {"title": "Новое имя"})
    assert queries_for(count_queries, reader, f"/api/v1/men/{catalog['other_actor'].pk}/") == 0
    assert "Новое имя" in reader.get(f"/api/v1/men/{catalog['actor'].pk}/").content.decode()


@pytest.mark.parametrize("path", ["/api/v1/men/", "/api/v1/men/?cat={cat}"])
def test_editing_a_title_keeps_the_count_but_not_the_page(catalog, owner, count_queries, path):
    reader = APIClient()
    path = path.format(cat=catalog["actor"].cat_id)
    reader.get(path)
    bearer_client(owner).patch(f"/api/v1/men/{catalog['actor'].pk}/", {"title": "Новое имя"})
    assert queries_for(count_queries, reader, path) == 1, "the page again, not its count"
    assert "Новое имя" in reader.get(path).content.decode()


@pytest.mark.parametrize(
    ("change", "stale_categories"),
    [
        ({"is_published": False}, {"actors"}),
        ({"cat": "singers"}, {"actors", "singers"}),
    ],
)
def test_a_membership_change_renews_the_counts_it_touches_and_only_those(
    catalog, owner, category, other_category, count_queries, change, stale_categories
):
    ids = {"actors": category.pk, "singers": other_category.pk}
    extra = Category.objects.create(name="Спортсмены")
    men_create(fields={"title": "Спортсмен", "content": "т", "cat": extra}, owner=owner)
    reader = APIClient()
    paths = {name: f"/api/v1/men/?cat={pk}" for name, pk in {**ids, "sports": extra.pk}.items()}
    before = {name: reader.get(path).json()["count"] for name, path in paths.items()}
    body = {name: ids.get(value, value) for name, value in change.items()}
    assert bearer_client(owner).patch(f"/api/v1/men/{catalog['actor'].pk}/", body).status_code == 200
    costs = {name: queries_for(count_queries, reader, path) for name, path in paths.items()}
    assert {name for name, cost in costs.items() if cost == 2} == stale_categories
    assert costs["sports"] == 0, (
        "an untouched category keeps its count, and its page (vouched for by its own records and membership)"
    )
    after = {name: reader.get(path).json()["count"] for name, path in paths.items()}
    assert after == {
        name: len(Men.objects.published().filter(cat=pk)) for name, pk in {**ids, "sports": extra.pk}.items()
    }
    assert after != before


def test_a_draft_created_by_someone_else_does_not_touch_the_public_count(catalog, user, category, count_queries):
    reader = APIClient()
    reader.get(f"/api/v1/men/?cat={category.pk}")
    payload = {"title": "Черновик", "content": "т", "cat": category.pk, "is_published": False}
    assert bearer_client(user).post("/api/v1/men/", payload, format="json").status_code == 201
    assert queries_for(count_queries, reader, f"/api/v1/men/?cat={category.pk}") == 0


def test_a_search_shows_an_edit_at_once_and_its_count_follows_membership(catalog, owner, category, settings):
    reader = APIClient()
    assert reader.get("/api/v1/men/?search=Звезда").json()["count"] == 0
    bearer_client(owner).patch(f"/api/v1/men/{catalog['actor'].pk}/", {"title": "Звезда"})
    edited = reader.get("/api/v1/men/?search=Звезда").json()
    assert [record["title"] for record in edited["results"]] == ["Звезда"], "the results never lag"
    assert edited["count"] == 0, "the count may lag an edit, for SEARCH_COUNT_SECONDS at most"
    men_create(fields={"title": "Звезда эстрады", "content": "т", "cat": category}, owner=owner)
    assert reader.get("/api/v1/men/?search=Звезда").json()["count"] == 2, "a create renews it at once"


def test_a_search_count_lives_no_longer_than_search_count_seconds(catalog, settings, monkeypatch):
    from django.core.cache import cache

    lifetimes = {}
    set_ = cache.set

    def recording_set(key, value, timeout=None, *args, **kwargs):
        lifetimes[key] = timeout
        return set_(key, value, timeout, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    settings.SEARCH_COUNT_SECONDS = 7
    APIClient().get("/api/v1/men/?search=Актёр")
    APIClient().get("/api/v1/men/")
    counts = {key: timeout for key, timeout in lifetimes.items() if key.startswith("read:count:")}
    assert sorted(counts.values()) == [7, settings.RECORD_CACHE_SECONDS]


def test_the_owner_sees_their_new_draft_counted_at_once(catalog, owner, category):
    client = bearer_client(owner)
    before = client.get("/api/v1/men/").json()["count"]
    client.post(
        "/api/v1/men/", {"title": "Черновик", "content": "т", "cat": category.pk, "is_published": False}, format="json"
    )
    assert client.get("/api/v1/men/").json()["count"] == before + 1
    assert APIClient().get("/api/v1/men/").json()["count"] == before


def test_deleting_an_owner_drops_their_records_from_every_cached_answer(catalog, owner, user, category):
    theirs = men_create(fields={"title": "Чужая", "content": "т", "cat": category}, owner=user)
    reader = APIClient()
    assert reader.get(f"/api/v1/men/{theirs.pk}/").status_code == 200
    before = reader.get("/api/v1/men/").json()["count"]
    user.delete()  # the ORM's cascade: menapp's one hook for writes outside the service
    assert reader.get(f"/api/v1/men/{theirs.pk}/").status_code == 404
    assert reader.get("/api/v1/men/").json()["count"] == before - 1


@pytest.mark.parametrize(
    "path",
    ["/api/v1/men/?page_size=1", "/api/v1/men/?page_size=1&ordering=id", "/api/v1/men/?page_size=1&cursor="],
)
def test_an_edit_of_a_record_off_the_page_keeps_the_page_in_an_order_no_edit_changes(
    catalog, owner, count_queries, path
):
    reader = APIClient()
    first = reader.get(path).json()
    shown = {record["id"] for record in first["results"]}
    elsewhere = next(men for men in catalog.values() if men.pk not in shown)
    bearer_client(owner).patch(f"/api/v1/men/{elsewhere.pk}/", {"title": "Новое имя"})
    assert queries_for(count_queries, reader, path) == 0, "vouched for by its own records and membership"
    assert reader.get(path).json() == first


@pytest.mark.parametrize("path", ["/api/v1/men/?page_size=1", "/api/v1/men/?page_size=1&cursor="])
def test_an_edit_of_a_record_on_the_page_is_shown_at_once(catalog, owner, path):
    reader = APIClient()
    shown = reader.get(path).json()["results"][0]["id"]
    bearer_client(owner).patch(f"/api/v1/men/{shown}/", {"title": "Новое имя"})
    assert reader.get(path).json()["results"][0]["title"] == "Новое имя"


@pytest.mark.parametrize(
    ("path", "edit"),
    [
        ("/api/v1/men/?page_size=1&ordering=title", {"title": "Ааа, первый по алфавиту"}),
        ("/api/v1/men/?page_size=1&ordering=-time_update", {"title": "Только что правили"}),
        ("/api/v1/men/?page_size=1&search=Звезда", {"title": "Звезда"}),
    ],
)
def test_an_edit_off_the_page_that_can_move_a_record_onto_it_drops_the_page(catalog, owner, path, edit):
    reader = APIClient()
    first = reader.get(path).json()["results"]
    shown = {record["id"] for record in first}
    elsewhere = next(men for men in catalog.values() if men.pk not in shown)
    bearer_client(owner).patch(f"/api/v1/men/{elsewhere.pk}/", edit)
    assert [record["id"] for record in reader.get(path).json()["results"]] == [elsewhere.pk]


def test_a_membership_change_off_the_page_drops_the_page(catalog, owner, category):
    reader = APIClient()
    oldest = "/api/v1/men/?page_size=1&ordering=time_create"
    assert reader.get(oldest).json()["results"][0]["id"] == catalog["actor"].pk
    bearer_client(owner).patch(f"/api/v1/men/{catalog['actor'].pk}/", {"is_published": False})
    page = reader.get(oldest).json()
    assert [record["id"] for record in page["results"]] == [catalog["other_actor"].pk]
    assert page["count"] == 2


def test_a_page_cut_to_max_page_bytes_follows_edits_of_the_records_it_left_out(catalog, owner, settings):
    """A cut page depends on every record its query read: a record left out decides where it is cut."""
    settings.MAX_PAGE_BYTES = 1
    reader = APIClient()
    path = "/api/v1/men/?page_size=3"
    assert len(reader.get(path).json()["results"]) == 1  # one record is always shown
    settings.MAX_PAGE_BYTES = 10**6
    oldest = catalog["actor"]  # read by the page's query, not shown
    bearer_client(owner).patch(f"/api/v1/men/{oldest.pk}/", {"content": "короче"})
    assert len(reader.get(path).json()["results"]) == 3


def test_a_draft_page_is_vouched_for_the_owner_alone(catalog, owner, user, category):
    fields = {"title": "Черновик", "content": "т", "cat": category, "is_published": False}
    draft = men_create(fields=fields, owner=owner)
    mine = bearer_client(owner)
    path = "/api/v1/men/?page_size=1"
    assert mine.get(path).json()["results"][0]["id"] == draft.pk
    assert APIClient().get(path).json()["results"][0]["id"] != draft.pk
    bearer_client(owner).patch(f"/api/v1/men/{draft.pk}/", {"title": "Черновик, правка"})
    assert mine.get(path).json()["results"][0]["title"] == "Черновик, правка"
