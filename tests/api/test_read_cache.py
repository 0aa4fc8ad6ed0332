"""Read-cache keys hold only what the view reads: no client can make new keys for one answer."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from menapp.models import Men


@pytest.fixture
def stored(monkeypatch):
    """The read-cache keys stored during the test."""
    keys = []
    set_ = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, *a, **k: (key.startswith("read:") and keys.append(key)) or set_(key, *a, **k)
    )
    return keys


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/api/v1/men/?utm_source=x"},  # a parameter the view does not read
        {"path": "/api/v1/men/", "HTTP_ACCEPT": "application/json; indent=8"},  # a media type parameter
        {"path": "/api/v1/men/", "HTTP_HOST": "testserver:1234"},  # a port the server does not listen on
    ],
)
def test_requests_that_would_make_new_keys_for_the_same_answer_are_served_but_not_cached(men, stored, request_kwargs):
    response = APIClient().get(**request_kwargs)
    assert response.status_code == 200
    assert [key for key in stored if not key.startswith("read:count:")] == [], "a count's key has its filters only"


def test_an_indented_answer_never_poisons_the_plain_one(men):
    indented = APIClient().get("/api/v1/men/", HTTP_ACCEPT="application/json; indent=8")
    plain = APIClient().get("/api/v1/men/")
    assert b"\n" in indented.content and b"\n" not in plain.content


def test_parameter_order_makes_no_new_key(men, stored):
    APIClient().get(f"/api/v1/men/?cat={men.cat_id}&page_size=5")
    APIClient().get(f"/api/v1/men/?page_size=5&cat={men.cat_id}")
    assert len([key for key in stored if key.startswith("read:list:")]) == 1


def test_an_answer_over_the_size_limit_is_served_but_never_stored(men, stored, settings):
    settings.READ_CACHE_MAX_BYTES = 10
    assert APIClient().get(f"/api/v1/men/{men.pk}/").status_code == 200
    assert not [key for key in stored if key.startswith("read:retrieve:")]


def test_with_a_public_base_url_links_and_keys_ignore_the_host(owner, category, settings, stored):
    settings.PUBLIC_BASE_URL = "https://api.example.com"
    Men.objects.bulk_create(Men(title=str(i), content="c", cat=category, user=owner) for i in range(15))
    one = APIClient().get("/api/v1/men/", HTTP_HOST="localhost").json()  # a new client loads the middleware anew
    two = APIClient().get("/api/v1/men/", HTTP_HOST="127.0.0.1:9").json()
    assert one["next"].startswith("https://api.example.com/api/v1/men/")
    assert one == two
    assert len([key for key in stored if key.startswith("read:list:")]) == 1
