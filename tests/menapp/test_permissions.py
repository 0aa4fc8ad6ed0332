"""The permission matrix: every catalog route and method against every role (DESIGN.md, §10)."""

import pytest

ROLES = ("anon", "user", "owner", "staff")

RECORD = {"title": "Павел", "content": "Что то с чем то"}

# route, method, payload, expected status for (anon, user, owner, staff).
# `{id}` is a published record owned by "owner"; `{free_cat}` is a category no record uses.
MATRIX = [
    ("/api/v1/men/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/men/", "post", "record", (401, 201, 201, 201)),
    ("/api/v1/men/", "put", "record", (405, 405, 405, 405)),
    ("/api/v1/men/", "delete", None, (405, 405, 405, 405)),
    ("/api/v1/men/{id}/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/men/{id}/", "put", "record", (401, 403, 200, 200)),
    ("/api/v1/men/{id}/", "patch", {"title": "Новое"}, (401, 403, 200, 200)),
    ("/api/v1/men/{id}/", "delete", None, (401, 403, 403, 204)),
    ("/api/v1/men/{id}/", "post", "record", (405, 405, 405, 405)),
    ("/api/v1/men/category/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/men/category/", "post", None, (405, 405, 405, 405)),
    ("/api/v1/men/{id}/category/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/men/{id}/category/", "delete", None, (405, 405, 405, 405)),
    ("/api/v1/categories/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/categories/", "post", {"name": "Художники"}, (401, 403, 403, 201)),
    ("/api/v1/categories/{free_cat}/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/categories/{free_cat}/", "put", {"name": "Поэты"}, (401, 403, 403, 200)),
    ("/api/v1/categories/{free_cat}/", "patch", {"name": "Поэты"}, (401, 403, 403, 200)),
    ("/api/v1/categories/{free_cat}/", "delete", None, (401, 403, 403, 204)),
    ("/api/v1/menlist/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/menlist/", "post", "record", (401, 201, 201, 201)),
    ("/api/v1/menlist/", "delete", None, (405, 405, 405, 405)),
    ("/api/v1/menlist/{id}/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/menlist/{id}/", "put", "record", (401, 403, 200, 200)),
    ("/api/v1/menlist/{id}/", "patch", {"title": "Новое"}, (401, 403, 200, 200)),
    ("/api/v1/menlist/{id}/", "delete", None, (405, 405, 405, 405)),
    ("/api/v1/mendetail/{id}/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/mendetail/{id}/", "put", "record", (401, 403, 200, 200)),
    ("/api/v1/mendetail/{id}/", "patch", {"title": "Новое"}, (401, 403, 200, 200)),
    ("/api/v1/mendetail/{id}/", "delete", None, (401, 403, 403, 204)),
    ("/api/v1/mendelete/{id}/", "get", None, (200, 200, 200, 200)),
    ("/api/v1/mendelete/{id}/", "delete", None, (401, 403, 403, 204)),
    ("/api/v1/mendelete/{id}/", "put", "record", (405, 405, 405, 405)),
    ("/api/v1/mendelete/{id}/", "patch", {"title": "Новое"}, (405, 405, 405, 405)),
]

CASES = [
    pytest.param(route, method, payload, role, expected[i], id=f"{method.upper()} {route} as {role}")
    for route, method, payload, expected in MATRIX
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("route", "method", "payload", "role", "expected"), CASES)
def test_permission_matrix(client_for, men, category, other_category, route, method, payload, role, expected):
    url = route.format(id=men.pk, free_cat=other_category.pk)
    if payload == "record":
        payload = {**RECORD, "cat": category.pk}
    response = getattr(client_for(role), method)(url, payload, format="json")
    assert response.status_code == expected, response.content
    assert expected == 204 or response["Content-Type"].startswith("application/json")
    if expected == 405:
        assert method.upper() not in response["Allow"]


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("/api/v1/men/{id}/", (404, 404, 200, 200)),
        ("/api/v1/men/{id}/category/", (404, 404, 200, 200)),
        ("/api/v1/menlist/{id}/", (404, 404, 200, 200)),
        ("/api/v1/mendetail/{id}/", (404, 404, 200, 200)),
        ("/api/v1/mendelete/{id}/", (404, 404, 200, 200)),
    ],
)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_drafts_are_visible_only_to_their_owner_and_staff(client_for, draft, route, expected, role_index):
    response = client_for(ROLES[role_index]).get(route.format(id=draft.pk))
    assert response.status_code == expected[role_index]


@pytest.mark.parametrize(("role", "patch_status", "delete_status"), [("anon", 401, 401), ("user", 404, 403)])
def test_drafts_of_others_cannot_be_changed_or_deleted(client_for, draft, role, patch_status, delete_status):
    client = client_for(role)
    assert client.patch(f"/api/v1/men/{draft.pk}/", {"title": "x"}).status_code == patch_status
    # Deleting is for staff only, whatever the record: the answer says nothing about whether it exists.
    assert client.delete(f"/api/v1/men/{draft.pk}/").status_code == delete_status
    draft.refresh_from_db()
    assert draft.title == "Черновик"
