"""The API root links every entry point, and each link answers."""

from menapp.root import ENTRY_POINTS


def test_the_api_root_links_the_collections_and_every_entry_point(api_client, db):
    links = api_client.get("/api/v1/").json()
    assert links["men"] == "http://testserver/api/v1/men/"
    assert links["categories"] == "http://testserver/api/v1/categories/"
    assert set(ENTRY_POINTS) <= set(links)
    assert links["auth/token/login"] == "http://testserver/auth/token/login/"
    assert links["token/blacklist"] == "http://testserver/api/v1/token/blacklist/"
    assert links["drf-auth/logout"] == "http://testserver/api/v1/drf-auth/logout/"
    assert links["docs"] == "http://testserver/api/v1/docs/"
    assert links["healthz"] == "http://testserver/healthz"


def test_every_link_of_the_api_root_is_a_route_that_exists(api_client, db):
    for name, url in api_client.get("/api/v1/").json().items():
        response = api_client.get(url)
        # Not a 404: a page or a collection answers 200, a POST-only endpoint 405, users' list 401 (anonymous).
        assert response.status_code in (200, 401, 405), (name, url, response.status_code)
