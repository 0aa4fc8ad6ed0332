"""List parameters hold to the schema: valid values filter, invalid ones are a 400 (schemathesis findings)."""

import pytest


def test_filter_by_a_category_that_does_not_exist_gives_an_empty_list(api_client, men):
    response = api_client.get("/api/v1/men/?cat=0")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("parameter", ["cat", "user"])
def test_filter_by_an_id_too_large_for_the_database_gives_an_empty_list(api_client, men, parameter):
    response = api_client.get(f"/api/v1/men/?{parameter}=57671722585378943383814275072")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("value", ["0.5", "1.0", "c"])
def test_filter_by_an_id_that_is_not_an_integer_is_a_400(api_client, men, value):
    response = api_client.get(f"/api/v1/men/?user={value}")
    assert response.status_code == 400
    assert "user" in response.json()


@pytest.mark.parametrize("value", ["null", "yes", "2"])
def test_filter_by_a_value_that_is_not_a_boolean_is_a_400(api_client, men, value):
    response = api_client.get(f"/api/v1/men/?is_published={value}")
    assert response.status_code == 400
    assert "is_published" in response.json()


@pytest.mark.parametrize(("value", "count"), [("true", 1), ("1", 1), ("false", 0), ("0", 0)])
def test_filter_by_is_published_reads_true_false_one_and_zero(api_client, men, value, count):
    assert api_client.get(f"/api/v1/men/?is_published={value}").json()["count"] == count


@pytest.mark.parametrize("path", ["/api/v1/men/", "/api/v1/categories/"])
@pytest.mark.parametrize("value", ["0", "-1", "x", "1.0", "null"])
def test_page_size_that_is_not_a_positive_integer_is_a_400(api_client, men, path, value):
    response = api_client.get(f"{path}?page_size={value}")
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_query_parameter_given_twice_is_a_400_naming_it(api_client, men):
    response = api_client.get("/api/v1/men/?user=c&user=0&page=1")
    assert response.status_code == 400
    assert response.json() == {"user": ["Введите правильное значение."]}


def test_a_null_byte_in_search_is_a_400_with_an_object_body(api_client, men):
    response = api_client.get("/api/v1/men/?search=a%00b")
    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    assert response.json()["detail"]


@pytest.mark.parametrize("parameter", ["cat", "user", "is_published"])
def test_a_filter_given_with_no_value_is_a_400_naming_it(api_client, men, parameter):
    response = api_client.get(f"/api/v1/men/?{parameter}=")
    assert response.status_code == 400
    assert parameter in response.json()
