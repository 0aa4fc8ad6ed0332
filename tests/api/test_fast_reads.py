"""Cached reads answered before DRF's cycle: the same answer as DRF's, on every database and cache."""

import pytest
from rest_framework.test import APIClient

from menapp.views import MenViewSet

from ..conftest import bearer_client

AXIOS_ACCEPT = "application/json, text/plain, */*"


@pytest.fixture
def drf_cycles(monkeypatch):
    """How many requests reached DRF's request cycle (`initial`) on the record views."""
    calls = []
    initial = MenViewSet.initial
    monkeypatch.setattr(
        MenViewSet, "initial", lambda self, *a, **k: calls.append(self.action) or initial(self, *a, **k)
    )
    return calls


@pytest.mark.parametrize("accept", [None, "application/json", AXIOS_ACCEPT, "*/*"])
@pytest.mark.parametrize("reader", ["anonymous", "bearer JWT"])
@pytest.mark.parametrize(
    "path", ["/api/v1/men/", "/api/v1/men/{id}/", "/api/v1/menlist/{id}/", "/api/v1/men/?cat={cat}"]
)
def test_a_hit_is_answered_before_drf_with_drfs_status_headers_and_body(men, owner, drf_cycles, accept, reader, path):
    client = APIClient() if reader == "anonymous" else bearer_client(owner)
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    path = path.format(id=men.pk, cat=men.cat_id)
    first = client.get(path, **headers)
    assert drf_cycles == ["list" if "?" in path or path.endswith("men/") else "retrieve"]
    again = client.get(path, **headers)
    assert len(drf_cycles) == 1, "the second read never reached DRF's cycle"
    assert again.status_code == first.status_code == 200
    assert dict(again.headers) == dict(first.headers)  # Vary, Allow, Content-Language, ETag, security headers
    assert again.content == first.content


def test_the_fast_path_runs_the_views_permissions_and_throttles_not_a_copy(men, drf_cycles, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "2/min")
    client = APIClient()
    assert client.get("/api/v1/men/").status_code == 200
    assert client.get("/api/v1/men/").status_code == 200
    refused = client.get("/api/v1/men/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert drf_cycles == ["list", "list"], "the refused read was counted before DRF's cycle, and DRF reused it"


@pytest.mark.parametrize(
    "credentials",
    [
        {"HTTP_AUTHORIZATION": "Token nonsense"},
        {"HTTP_AUTHORIZATION": "Basic b3duZXI6eA=="},
        {"HTTP_COOKIE": "sessionid=x"},
    ],
)
def test_other_credentials_take_drfs_cycle(men, drf_cycles, credentials):
    APIClient().get("/api/v1/men/")
    APIClient().get("/api/v1/men/", **credentials)
    assert len(drf_cycles) == 2


def test_the_test_clients_forced_authentication_is_never_answered_from_the_anonymous_page(owner, draft):
    """No branch for the test client: an authenticator the fast path does not know leaves the read to DRF."""
    APIClient().get("/api/v1/men/")
    client = APIClient()
    client.force_authenticate(owner)
    assert [record["title"] for record in client.get("/api/v1/men/").json()["results"]] == ["Черновик"]


def test_categories_declare_cached_reads_too(category, count_queries):
    client = APIClient()
    first = client.get("/api/v1/categories/")
    with count_queries() as queries:
        again = client.get("/api/v1/categories/")
    assert queries.count == 0 and again.content == first.content
    bearer = bearer_client(category_staff())
    assert bearer.patch(f"/api/v1/categories/{category.pk}/", {"name": "Комики"}).status_code == 200
    assert "Комики" in client.get("/api/v1/categories/").content.decode()


def category_staff():
    from accounts.models import User

    return User.objects.create_user("catstaff", "c@example.com", "Str0ng-pass-phrase", is_staff=True)


def test_an_error_on_the_fast_path_leaves_the_read_to_drfs_cycle(men, drf_cycles, monkeypatch):
    """An error before DRF's cycle would skip its error map (a 500 for an unreachable database, not a 503)."""
    client = APIClient()
    first = client.get("/api/v1/men/")

    def broken(request):
        raise RuntimeError("the fast path broke")

    monkeypatch.setattr("api.fast_reads.reader_known_without_drf", broken)
    again = client.get("/api/v1/men/")
    assert again.status_code == 200 and again.content == first.content
    assert drf_cycles == ["list", "list"]


def test_a_hit_skips_the_middleware_a_read_has_no_use_for(men, drf_cycles, monkeypatch):
    """Sessions, CSRF, the user and messages sit below the fast read: a hit never reaches them."""
    from django.contrib.sessions.middleware import SessionMiddleware

    client = APIClient()
    client.get("/api/v1/men/")
    sessions = []
    process_request = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware, "process_request", lambda self, request: sessions.append(1) or process_request(self, request)
    )
    assert client.get("/api/v1/men/").status_code == 200
    assert sessions == [] and len(drf_cycles) == 1
