"""OWASP API10:2023 Unsafe consumption of APIs: mostly does not apply (README, "Security").

The service calls no third-party API (tests/security/test_api7_server_side_request_forgery.py keeps
it so). What it does consume is its own cache, shared with other instances: a value there is
trusted only when it is exactly what the service stored under the current generations. Anything
else (an entry of another shape, left by an older release or another program sharing the database
number) is a miss, answered from the database, never a 500 and never served.
"""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api import generations


@pytest.mark.parametrize("foreign", [5, "garbage", None, ("only-one",), (("token",), 1, 2), b"\x00" * 10, {"a": 1}])
def test_a_foreign_value_under_a_cache_key_is_a_miss_not_a_500(men, monkeypatch, foreign):
    seen = []
    real_store = generations.store
    monkeypatch.setattr(
        generations, "store", lambda key, *args, **kwargs: (seen.append(key), real_store(key, *args, **kwargs))
    )
    first = APIClient().get(f"/api/v1/men/{men.pk}/")
    assert first.status_code == 200 and seen
    for key in seen:
        cache.set(key, foreign, timeout=60)
    again = APIClient().get(f"/api/v1/men/{men.pk}/")
    assert again.status_code == 200 and again.json() == first.json()
