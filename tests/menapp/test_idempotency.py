"""Safe retries: POST men/ with an Idempotency-Key creates the record once."""

import pytest

from menapp.models import IdempotencyKey, Men


@pytest.fixture
def payload(category):
    return {"title": "Павел", "content": "Что то с чем то", "cat_id": category.pk}


def test_same_key_and_body_create_one_record_and_replay_the_first_response(client_for, payload):
    client = client_for("owner")
    first = client.post("/api/v1/men/", payload, HTTP_IDEMPOTENCY_KEY="retry-1")
    again = client.post("/api/v1/men/", payload, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Men.objects.count() == 1


def test_same_key_through_the_menlist_alias_is_the_same_operation(client_for, payload):
    client = client_for("owner")
    first = client.post("/api/v1/men/", payload, HTTP_IDEMPOTENCY_KEY="retry-1")
    again = client.post("/api/v1/menlist/", payload, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert again.json()["id"] == first.json()["id"]
    assert Men.objects.count() == 1


def test_same_key_with_another_body_is_a_422(client_for, payload):
    client = client_for("owner")
    client.post("/api/v1/men/", payload, HTTP_IDEMPOTENCY_KEY="retry-1")
    response = client.post("/api/v1/men/", {**payload, "title": "Другой"}, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert response.status_code == 422
    assert "detail" in response.json()
    assert Men.objects.count() == 1


def test_keys_belong_to_their_user(client_for, payload):
    client_for("owner").post("/api/v1/men/", payload, HTTP_IDEMPOTENCY_KEY="shared")
    response = client_for("user").post("/api/v1/men/", payload, HTTP_IDEMPOTENCY_KEY="shared")
    assert response.status_code == 201
    assert Men.objects.count() == 2


def test_without_a_key_every_post_creates_a_record(client_for, payload):
    client = client_for("owner")
    client.post("/api/v1/men/", payload)
    client.post("/api/v1/men/", payload)
    assert Men.objects.count() == 2


def test_a_rejected_request_does_not_use_up_its_key(client_for, payload):
    client = client_for("owner")
    assert client.post("/api/v1/men/", {"title": "без текста"}, HTTP_IDEMPOTENCY_KEY="k").status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert client.post("/api/v1/men/", payload, HTTP_IDEMPOTENCY_KEY="k").status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256])
def test_an_empty_or_overlong_key_is_a_400(client_for, payload, key):
    response = client_for("owner").post("/api/v1/men/", payload, HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Men.objects.exists()


def test_anonymous_posts_with_a_key_are_still_a_401(api_client, payload):
    assert api_client.post("/api/v1/men/", payload, HTTP_IDEMPOTENCY_KEY="k").status_code == 401
