"""Property: whatever JSON a client sends for a record, the answer is 200, 201 or 400, never half-stored."""

import json

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from menapp.models import Men

HOSTILE_TEXT = st.sampled_from(["", " ", "\x00", "a\x00b", "\ud800", "x" * 255, "x" * 256, "😀" * 300, "1e999"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=300)
    | HOSTILE_TEXT
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
FIELDS = ("title", "content", "is_published", "cat", "cat_id", "user", "id", "time_create")


@st.composite
def payloads(draw, category_ids):
    """A body mixing plausible values, arbitrary JSON and missing fields, so every outcome occurs."""
    plausible = {
        "title": st.text(min_size=1, max_size=40),
        "content": st.text(max_size=40),
        "is_published": st.booleans(),
        "cat": st.sampled_from(category_ids),
        "cat_id": st.sampled_from(category_ids),
        "user": st.integers(min_value=1, max_value=10),
        "id": st.integers(min_value=1, max_value=10),
        "time_create": st.just("2000-01-01T00:00:00Z"),
    }
    body = {}
    for field in FIELDS:
        choice = draw(st.sampled_from(["absent", "plausible", "plausible", "arbitrary"]))
        if choice == "plausible":
            body[field] = draw(plausible[field])
        elif choice == "arbitrary":
            body[field] = draw(JSON_VALUES)
    return body


def snapshot():
    return list(Men.objects.order_by("pk").values())


@pytest.fixture
def owner_client(owner, monkeypatch):
    from accounts.throttling import LoginRateThrottle

    monkeypatch.setitem(LoginRateThrottle.THROTTLE_RATES, "create", None)
    monkeypatch.setitem(LoginRateThrottle.THROTTLE_RATES, "user", None)
    client = APIClient()
    client.force_authenticate(owner)
    return client


def send(client, method, path, body):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def check(response, before, owner, method):
    assert response.status_code in {200, 201, 400}, (response.status_code, response.content[:300])
    event(f"{method} {response.status_code}")
    assert response["Content-Type"] == "application/json"
    if response.status_code == 400:
        assert snapshot() == before, "a refused request changed nothing"
        return
    stored = Men.objects.get(pk=response.json()["id"])
    body = response.json()
    assert stored.user_id == owner.pk, "the owner never comes from the body"
    assert (stored.title, stored.content, stored.is_published, stored.cat_id) == (
        body["title"],
        body["content"],
        body["is_published"],
        body["cat"],
    )
    assert 1 <= len(stored.title) <= 255


@given(data=st.data())
def test_creating_a_record_from_any_json_is_201_or_400_and_never_half_written(
    owner_client, owner, category, other_category, data
):
    body = data.draw(payloads([category.pk, other_category.pk]))
    before = snapshot()
    response = send(owner_client, "post", "/api/v1/men/", body)
    check(response, before, owner, "post")
    if response.status_code == 201:
        assert len(snapshot()) == len(before) + 1


@given(data=st.data(), method=st.sampled_from(["put", "patch"]))
def test_updating_a_record_from_any_json_is_200_or_400_and_never_half_written(
    owner_client, owner, men, category, other_category, data, method
):
    body = data.draw(payloads([category.pk, other_category.pk]))
    before = snapshot()
    response = send(owner_client, method, f"/api/v1/men/{men.pk}/", body)
    check(response, before, owner, method)
    if response.status_code == 200:
        assert len(snapshot()) == len(before)
