"""Drill 1: credentials and limits are the cluster's, not one instance's."""

import httpx
import pytest

from .conftest import FIGURES, INSTANCES, NGINX, PASSWORD, create_record

pytestmark = pytest.mark.cluster


def test_a_jwt_issued_by_one_instance_works_at_once_on_every_other(account):
    for base in INSTANCES:
        pair = account.jwt(base)
        for other in INSTANCES:
            me = httpx.get(f"{other}/api/v1/auth/users/me/", headers={"Authorization": f"Bearer {pair['access']}"})
            assert me.status_code == 200 and me.json()["username"] == account.username


def test_a_jwt_logout_through_one_instance_is_honoured_at_once_by_the_others(account):
    headers = account.bearer
    assert httpx.get(f"{INSTANCES[1]}/api/v1/auth/users/me/", headers=headers).status_code == 200
    logout = httpx.post(f"{INSTANCES[0]}/api/v1/token/blacklist/", json={"refresh": account.pair["refresh"]},
                        headers=headers)  # fmt: skip
    assert logout.status_code == 200, logout.text
    for base in INSTANCES[1:]:
        assert httpx.get(f"{base}/api/v1/auth/users/me/", headers=headers).status_code == 401
        refreshed = httpx.post(f"{base}/api/v1/token/refresh/", json={"refresh": account.pair["refresh"]})
        assert refreshed.status_code == 401


def test_a_token_logout_through_one_instance_is_honoured_at_once_by_the_others(account):
    login = httpx.post(f"{INSTANCES[2]}/auth/token/login/", json={"username": account.username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Token {login.json()['auth_token']}"}
    for base in INSTANCES:
        assert httpx.get(f"{base}/api/v1/auth/users/me/", headers=headers).status_code == 200
    assert httpx.post(f"{INSTANCES[0]}/auth/token/logout/", headers=headers).status_code == 204
    for base in (*INSTANCES, NGINX):
        assert httpx.get(f"{base}/api/v1/auth/users/me/", headers=headers).status_code == 401


def test_a_throttle_limit_holds_across_all_three_instances_together(account, category_id):
    # The `create` scope (60/min per user, THROTTLE_CREATE): spread over the three instances, the 61st is refused.
    statuses = [create_record(INSTANCES[n % 3], account, category_id, f"Throttled {n}").status_code for n in range(61)]
    FIGURES["throttle across instances"] = {"requests": len(statuses), "created": statuses.count(201)}
    assert statuses[:60] == [201] * 60
    assert statuses[60] == 429
