"""The course notes' flow end to end, over HTTP with httpx.

register → token login → create a record with the notes' body → JWT obtain → list → refresh → blacklist

    python examples/notes_flow.py [--base-url http://127.0.0.1:8000] [--username seconduser] [--cat-id 1]

Against `make run` it needs a username that is not taken yet (the default adds a random suffix).
"""

import argparse
import secrets
import sys

import httpx

PASSWORD = "Str0ng-pass-phrase"


def step(name: str, response: httpx.Response, expected: int) -> dict:
    print(f"{name}: {response.request.method} {response.request.url.path} -> {response.status_code}")
    if response.status_code != expected:
        raise SystemExit(f"{name}: expected {expected}, got {response.status_code}: {response.text}")
    return response.json() if response.content else {}


def run(base_url: str, username: str, cat_id: int = 1) -> dict:
    """Run the flow; return what it saw (the new record, the list's count, the tokens)."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        credentials = {"username": username, "password": PASSWORD}
        step("register", client.post("/api/v1/auth/users/", json={**credentials, "email": "phk@gmail.com"}), 201)

        token = step("token login", client.post("/auth/token/login/", data=credentials), 200)["auth_token"]
        body = {"title": "Павел", "content": "Что то с чем то", "cat_id": cat_id}  # the notes' body (§1)
        record = step(
            "create a record",
            client.post("/api/v1/men/", json=body, headers={"Authorization": f"Token {token}"}),
            201,
        )

        tokens = step("JWT obtain", client.post("/api/v1/token/", data=credentials), 200)
        bearer = {"Authorization": f"Bearer {tokens['access']}"}
        listing = step("list", client.get("/api/v1/men/", params={"user": record["user"]}, headers=bearer), 200)

        refreshed = step("refresh", client.post("/api/v1/token/refresh/", data={"refresh": tokens["refresh"]}), 200)
        bearer = {"Authorization": f"Bearer {refreshed['access']}"}
        step(
            "blacklist (logout)",
            client.post("/api/v1/token/blacklist/", data={"refresh": refreshed["refresh"]}, headers=bearer),
            200,
        )
        step("the access token is over", client.get("/api/v1/auth/users/me/", headers=bearer), 401)
        return {"record": record, "count": listing["count"], "tokens": refreshed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default=f"seconduser-{secrets.token_hex(3)}")
    parser.add_argument("--cat-id", type=int, default=1)
    args = parser.parse_args()
    seen = run(args.base_url, args.username, args.cat_id)
    print(f"done: record {seen['record']['id']} created, {seen['count']} record(s) by its owner")
    return 0


if __name__ == "__main__":
    sys.exit(main())
