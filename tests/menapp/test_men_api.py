"""The records API: create, read, update, the category actions, aliases and lists (§1–§10)."""

import pytest

from menapp.cache import everything_changed
from menapp.models import Category, Men


@pytest.fixture
def owner_client(client_for):
    return client_for("owner")


def test_notes_request_body_with_cat_id_creates_a_record(owner_client, owner, category):
    response = owner_client.post(
        "/api/v1/men/", {"title": "Павел", "content": "Что то с чем то", "cat_id": category.pk}
    )
    assert response.status_code == 201, response.data
    record = Men.objects.get(pk=response.data["id"])
    assert (record.title, record.cat, record.user) == ("Павел", category, owner)
    assert response.data["cat"] == category.pk
    assert response.data["user"] == owner.pk
    assert "cat_id" not in response.data


def test_cat_wins_over_cat_id_when_both_are_sent(owner_client, category, other_category):
    response = owner_client.post(
        "/api/v1/men/", {"title": "Павел", "content": "Текст", "cat": other_category.pk, "cat_id": category.pk}
    )
    assert response.status_code == 201
    assert Men.objects.get(pk=response.data["id"]).cat == other_category


def test_form_encoded_body_creates_a_record_like_postman_form_data(owner_client, category):
    response = owner_client.post(
        "/api/v1/men/", {"title": "Павел", "content": "Текст", "cat_id": str(category.pk)}, format="multipart"
    )
    assert response.status_code == 201


def test_owner_is_taken_from_the_request_never_from_the_body(owner_client, owner, staff, category):
    response = owner_client.post("/api/v1/men/", {"title": "T", "content": "C", "cat": category.pk, "user": staff.pk})
    assert response.status_code == 201
    assert Men.objects.get(pk=response.data["id"]).user == owner


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"content": "C", "cat": "{cat}"}, "title"),
        ({"title": "T", "cat": "{cat}"}, "content"),
        ({"title": "T", "content": "C"}, "cat"),
        ({"title": "T", "content": "C", "cat": 999999}, "cat"),
        ({"title": "T", "content": "C", "cat_id": 999999}, "cat"),
        ({"title": "x" * 256, "content": "C", "cat": "{cat}"}, "title"),
        ({"title": "T", "content": "C", "cat": "{cat}", "is_published": "maybe"}, "is_published"),
        ({"title": "T\x00", "content": "C", "cat": "{cat}"}, "title"),
    ],
)
def test_invalid_record_is_rejected_with_the_field_named(owner_client, category, payload, field):
    payload = {key: category.pk if value == "{cat}" else value for key, value in payload.items()}
    response = owner_client.post("/api/v1/men/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Men.objects.exists()


def test_staff_edit_keeps_the_owner(client_for, men, owner, other_category):
    response = client_for("staff").put(
        f"/api/v1/men/{men.pk}/", {"title": "Новое", "content": "Новое", "cat": other_category.pk}
    )
    assert response.status_code == 200
    men.refresh_from_db()
    assert (men.title, men.cat, men.user) == ("Новое", other_category, owner)


def test_put_with_a_user_in_the_body_does_not_move_ownership(client_for, men, owner, user, category):
    response = client_for("owner").put(
        f"/api/v1/men/{men.pk}/", {"title": "T", "content": "C", "cat": category.pk, "user": user.pk}
    )
    assert response.status_code == 200
    men.refresh_from_db()
    assert men.user == owner


def test_put_requires_every_writable_field(owner_client, men):
    response = owner_client.put(f"/api/v1/men/{men.pk}/", {"title": "Только заголовок"})
    assert response.status_code == 400
    assert {"content", "cat"} <= set(response.json())


def test_patch_changes_only_the_fields_sent(owner_client, men):
    response = owner_client.patch(f"/api/v1/men/{men.pk}/", {"is_published": False})
    assert response.status_code == 200
    men.refresh_from_db()
    assert (men.is_published, men.title, men.content) == (False, "Юрий Никулин", "Советский актёр и клоун")


def test_patch_accepts_the_cat_id_alias(owner_client, men, other_category):
    assert owner_client.patch(f"/api/v1/men/{men.pk}/", {"cat_id": other_category.pk}).status_code == 200
    men.refresh_from_db()
    assert men.cat == other_category


def test_staff_delete_removes_the_record(client_for, men):
    assert client_for("staff").delete(f"/api/v1/men/{men.pk}/").status_code == 204
    assert not Men.objects.filter(pk=men.pk).exists()


def test_category_list_action_returns_every_category_name(api_client, category, other_category):
    response = api_client.get("/api/v1/men/category/")
    assert response.status_code == 200
    assert response.json() == {"cats": ["Актеры", "Певцы"]}


def test_category_detail_action_returns_the_category_of_the_record(api_client, men):
    response = api_client.get(f"/api/v1/men/{men.pk}/category/")
    assert response.json() == {"cats": "Актеры"}


def test_category_detail_action_answers_404_for_a_missing_record(api_client, db):
    response = api_client.get("/api/v1/men/424242/category/")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("alias", ["menlist", "mendetail", "mendelete"])
def test_aliases_read_the_same_record_as_men(api_client, men, alias):
    assert api_client.get(f"/api/v1/{alias}/{men.pk}/").json() == api_client.get(f"/api/v1/men/{men.pk}/").json()


def test_menlist_alias_lists_like_men(api_client, men):
    assert api_client.get("/api/v1/menlist/").json() == api_client.get("/api/v1/men/").json()


@pytest.mark.parametrize(
    "path", ["/api/v1/men", "/api/v1/men/{id}", "/api/v1/men/category", "/api/v1/mendetail/{id}", "/api/v1/categories"]
)
def test_routes_answer_without_trailing_slash(api_client, men, path):
    response = api_client.get(path.format(id=men.pk))
    assert response.status_code == 200
    assert response.json() == api_client.get(path.format(id=men.pk) + "/").json()


def test_post_without_trailing_slash_creates_a_record(owner_client, category):
    response = owner_client.post("/api/v1/men", {"title": "T", "content": "C", "cat": category.pk})
    assert response.status_code == 201


# Lists: pagination, filters, search, ordering.


@pytest.fixture
def catalog(owner, user, category, other_category):
    records = [
        Men(title=f"Запись {i:02d}", content="обычный текст", cat=category, user=owner) for i in range(1, 24)
    ] + [
        Men(title="Фёдор Шаляпин", content="Русский оперный бас", cat=other_category, user=user),
        Men(title="Elvis Presley", content="King of rock and roll", cat=other_category, user=user),
        Men(title="Скрытая", content="черновик", cat=category, user=owner, is_published=False),
    ]
    return Men.objects.bulk_create(records)


def test_list_is_paginated_with_count_next_previous_results(api_client, catalog):
    body = api_client.get("/api/v1/men/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 25
    assert len(body["results"]) == 10
    assert body["previous"] is None
    assert "page=2" in body["next"]


def test_page_size_is_capped_at_100(api_client, owner, category):
    Men.objects.bulk_create(Men(title=f"{i}", content="c", cat=category, user=owner) for i in range(105))
    assert len(api_client.get("/api/v1/men/?page_size=500").json()["results"]) == 100


def test_pages_do_not_overlap_and_cover_the_whole_list(api_client, catalog):
    seen = []
    url = "/api/v1/men/?page_size=7"
    while url:
        body = api_client.get(url).json()
        seen += [record["id"] for record in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 25


def test_page_past_the_end_is_a_json_404(api_client, catalog):
    response = api_client.get("/api/v1/men/?page=99")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_list_hides_drafts_from_anonymous_and_shows_them_to_their_owner(api_client, client_for, catalog):
    assert "Скрытая" not in [r["title"] for r in api_client.get("/api/v1/men/?page_size=100").json()["results"]]
    owner_titles = [r["title"] for r in client_for("owner").get("/api/v1/men/?page_size=100").json()["results"]]
    assert "Скрытая" in owner_titles


def test_filter_by_category(api_client, catalog, other_category):
    body = api_client.get(f"/api/v1/men/?cat={other_category.pk}").json()
    assert {r["title"] for r in body["results"]} == {"Фёдор Шаляпин", "Elvis Presley"}


def test_filter_by_user(api_client, catalog, user):
    body = api_client.get(f"/api/v1/men/?user={user.pk}").json()
    assert body["count"] == 2


def test_filter_by_is_published_for_the_owner(client_for, catalog):
    body = client_for("owner").get("/api/v1/men/?is_published=false").json()
    assert [r["title"] for r in body["results"]] == ["Скрытая"]


def test_invalid_filter_value_is_a_400_naming_the_filter(api_client, catalog):
    response = api_client.get("/api/v1/men/?cat=not-a-number")
    assert response.status_code == 400
    assert "cat" in response.json()


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("шаляпин", {"Фёдор Шаляпин"}),
        ("ОПЕРНЫЙ", {"Фёдор Шаляпин"}),
        ("elvis", {"Elvis Presley"}),
        ("ROCK", {"Elvis Presley"}),
        ("100%", set()),
    ],
)
def test_search_matches_title_and_content_in_any_case_and_alphabet(api_client, catalog, term, expected):
    body = api_client.get("/api/v1/men/", {"search": term}).json()
    assert {r["title"] for r in body["results"]} == expected


def test_search_never_reveals_drafts(api_client, catalog):
    assert api_client.get("/api/v1/men/", {"search": "черновик"}).json()["count"] == 0


def test_default_ordering_is_newest_first(api_client, catalog):
    ids = [r["id"] for r in api_client.get("/api/v1/men/?page_size=100").json()["results"]]
    times = [Men.objects.get(pk=i).time_create for i in ids]
    assert times == sorted(times, reverse=True)


def test_ordering_by_title(api_client, catalog):
    titles = [r["title"] for r in api_client.get("/api/v1/men/?ordering=title&page_size=100").json()["results"]]
    assert titles == sorted(titles)
    reverse = [r["title"] for r in api_client.get("/api/v1/men/?ordering=-title&page_size=100").json()["results"]]
    assert reverse == sorted(titles, reverse=True)


def test_unknown_ordering_field_is_ignored(api_client, catalog):
    assert api_client.get("/api/v1/men/?ordering=password").status_code == 200


@pytest.mark.parametrize("role", ["anon", "owner", "staff"])
def test_list_costs_the_same_number_of_queries_whatever_the_page_size(client_for, count_queries, owner, category, role):
    Men.objects.bulk_create(Men(title=f"{i}", content="c", cat=category, user=owner) for i in range(120))
    client = client_for(role)
    client.get("/api/v1/men/category/")  # a first request checks the JWT's user once (accounts.token_users)
    uncached, cached = [], []
    for size in (1, 10, 100):
        everything_changed()
        for counts in (uncached, cached):
            with count_queries() as queries:
                assert len(client.get(f"/api/v1/men/?page_size={size}").json()["results"]) == size
            counts.append(queries.count)
    assert uncached == [2, 2, 2]  # COUNT(*) and the page
    assert cached == [0, 0, 0]  # the same page again comes from the record cache


def test_category_list_action_costs_one_query(api_client, count_queries, category, other_category):
    Category.objects.bulk_create(Category(name=f"Категория {i}") for i in range(20))
    with count_queries() as queries:
        api_client.get("/api/v1/men/category/")
    assert queries.count == 1


@pytest.mark.parametrize("fractional", [lambda pk: pk + 0.5, lambda pk: f"{pk}.5"], ids=["number", "string"])
def test_a_category_id_must_be_an_integer(owner_client, category, fractional):
    response = owner_client.post("/api/v1/men/", {"title": "T", "content": "C", "cat": fractional(category.pk)})
    assert response.status_code == 400
    assert "cat" in response.json()
