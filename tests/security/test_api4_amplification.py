"""OWASP API4:2023 Unrestricted resource consumption: amplification.

A short anonymous request must not make the service render, or its cache keep, much more than it
asked for: records are bounded (MAX_RECORD_CONTENT), pages are bounded (MAX_PAGE_BYTES), the read
cache keeps nothing over READ_CACHE_MAX_BYTES, and variants of one URL that give the same answer
(unknown parameters, another Host port, media type parameters) make no new cache entries.
"""

import pickle

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from api import generations
from menapp.models import Men

from ..conftest import bearer_client


class CacheSpy:
    """The read cache (api.generations' cache), counting the keys and bytes it is asked to keep."""

    def __init__(self, cache):
        self.cache = cache
        self.stored: dict[str, int] = {}

    def set(self, key, value, *args, **kwargs):
        self.stored[key] = len(pickle.dumps(value))
        return self.cache.set(key, value, *args, **kwargs)

    def set_many(self, values, *args, **kwargs):
        for key, value in values.items():
            self.stored[key] = len(pickle.dumps(value))
        return self.cache.set_many(values, *args, **kwargs)

    def add(self, key, value, *args, **kwargs):
        self.stored.setdefault(key, len(pickle.dumps(value)))
        return self.cache.add(key, value, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)

    def answers(self) -> dict[str, int]:
        return {key: size for key, size in self.stored.items() if key.startswith("read:")}


@pytest.fixture
def spy(monkeypatch):
    spy = CacheSpy(generations.cache)
    monkeypatch.setattr(generations, "cache", spy)
    return spy


@pytest.fixture
def largest_records(owner, category):
    """100 published records, each as long as MAX_RECORD_CONTENT allows (two UTF-8 bytes a letter)."""
    content = "ж" * settings.MAX_RECORD_CONTENT
    Men.objects.bulk_create(Men(title=f"Запись {n}", content=content, cat=category, user=owner) for n in range(100))


def test_an_author_cannot_store_a_record_larger_than_the_content_limit(owner, category):
    body = {"title": "Огромная", "content": "ж" * (settings.MAX_RECORD_CONTENT + 1), "cat": category.pk}
    response = bearer_client(owner).post("/api/v1/men/", body)
    assert response.status_code == 400 and "content" in response.json()


def test_a_150_byte_anonymous_request_cannot_render_a_huge_page(largest_records):
    path = "/api/v1/men/?page_size=100"
    request_bytes = len(f"GET {path} HTTP/1.1\r\nHost: testserver\r\nAccept: application/json\r\n\r\n")
    assert request_bytes < 150
    response = APIClient().get(path)
    assert response.status_code == 200
    # Without the page budget: 100 records × MAX_RECORD_CONTENT × 2 bytes (10 MB at the defaults).
    assert len(response.content) <= settings.MAX_PAGE_BYTES
    assert response.json()["next"]  # the rest is one link away, not in this answer


def test_an_oversized_page_is_served_but_never_cached(largest_records, spy):
    for _ in range(3):
        assert APIClient().get("/api/v1/men/?page_size=100").status_code == 200
    assert all(size <= settings.READ_CACHE_MAX_BYTES for size in spy.answers().values())
    assert not any(key.startswith("read:list:") for key in spy.answers())


def test_the_retrieve_path_never_caches_an_oversized_record_either(owner, category, spy, settings):
    men = Men.objects.create(title="Длинная", content="ж" * 5000, cat=category, user=owner)
    settings.READ_CACHE_MAX_BYTES = 1000
    for client in (APIClient(), bearer_client(owner)):  # the fast read and DRF's own cycle
        for _ in range(2):
            assert client.get(f"/api/v1/men/{men.pk}/").json()["content"] == men.content
    assert not any(key.startswith("read:retrieve:") for key in spy.answers())


VARIANTS = [
    {"path": "/api/v1/men/?page_size=100&x=1"},
    {"path": "/api/v1/men/?page_size=100&x=2"},
    {"path": "/api/v1/men/?page_size=100&utm_source=attack"},
    {"path": "/api/v1/men/?page_size=100", "HTTP_HOST": "testserver:8001"},
    {"path": "/api/v1/men/?page_size=100", "HTTP_HOST": "testserver:8002"},
    {"path": "/api/v1/men/?page_size=100", "HTTP_ACCEPT": "application/json; indent=8"},
    {"path": "/api/v1/men/?page_size=100", "HTTP_ACCEPT": "application/json; version=9"},
    {"path": "/api/v1/men/?page_size=0100"},
    {"path": "/api/v1/men/?page_size=101"},
    {"path": "/api/v1/men/?page_size=100000"},
    {"path": "/api/v1/men/?page_size=100&page=01"},
]


def test_variants_of_one_url_add_no_cache_entries(owner, category, spy):
    Men.objects.bulk_create(Men(title=f"Запись {n}", content="ж" * 1000, cat=category, user=owner) for n in range(50))
    assert APIClient().get("/api/v1/men/?page_size=100").status_code == 200
    canonical = spy.answers()
    for variant in VARIANTS:
        variant = dict(variant)
        response = APIClient().get(variant.pop("path"), **variant)
        assert response.status_code == 200
    assert spy.answers() == canonical


def test_the_plain_key_is_not_poisoned_by_an_indented_answer(men):
    indented = APIClient().get("/api/v1/men/", HTTP_ACCEPT="application/json; indent=8")
    assert b"\n        " in indented.content
    plain = APIClient().get("/api/v1/men/")
    assert b"\n" not in plain.content and plain.json() == indented.json()


def test_each_cache_key_an_attacker_can_make_holds_a_bounded_amount(largest_records, spy, settings):
    settings.READ_CACHE_MAX_BYTES = 64 * 1024
    urls = [f"/api/v1/men/?page_size={size}" for size in range(1, 20)]
    urls += [f"/api/v1/men/?page={page}&page_size=2" for page in range(1, 20)]
    urls += [f"/api/v1/men/?search=Запись {n}" for n in range(20)]
    for url in urls:
        assert APIClient().get(url).status_code == 200
    answers = spy.answers()
    overhead = 1024  # the generation tokens and the ETag stored beside each body
    assert all(size <= settings.READ_CACHE_MAX_BYTES + overhead for size in answers.values())
    assert len(answers) <= 2 * len(urls)  # at most the page and its count per URL


def cursor_spellings(cursor: str) -> list[str]:
    """Other encodings DRF's decoder reads as the same cursor (unknown keys, zero-padded offsets)."""
    import base64
    from urllib.parse import parse_qsl, urlencode

    tokens = dict(parse_qsl(base64.b64decode(cursor).decode()))
    padded = {**tokens, "o": "0" + tokens.get("o", "0")}
    extra = {**tokens, "x": "1"}
    return [base64.b64encode(urlencode(variant).encode()).decode() for variant in (padded, extra)]


def test_respelled_cursors_add_no_cache_entries(owner, category, spy):
    from urllib.parse import parse_qs, urlsplit

    Men.objects.bulk_create(Men(title=f"Запись {n}", content="т", cat=category, user=owner) for n in range(30))
    first = APIClient().get("/api/v1/men/?cursor=&page_size=10").json()
    cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]
    canonical = APIClient().get(f"/api/v1/men/?cursor={cursor}&page_size=10")
    entries = spy.answers()
    for variant in cursor_spellings(cursor):
        response = APIClient().get(f"/api/v1/men/?cursor={variant}&page_size=10")
        assert response.status_code == 200 and response.json() == canonical.json()
    response = APIClient().get(f"/api/v1/men/?cursor={cursor}&page_size=10&page=3")  # `page` means nothing here
    assert response.json()["results"] == canonical.json()["results"]
    assert spy.answers() == entries


def test_canonical_pages_are_still_cached(men, spy):
    for url in ("/api/v1/men/", "/api/v1/men/?page=1&page_size=100", "/api/v1/men/?cursor=&page_size=5"):
        assert APIClient().get(url).status_code == 200
    assert sum(key.startswith("read:list:") for key in spy.answers()) == 3
