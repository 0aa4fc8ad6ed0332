"""Record and category bodies take only the types the schema promises (schemathesis findings)."""

import pytest

from menapp.models import Men


@pytest.fixture
def body(category):
    return {"title": "Павел", "content": "Что то с чем то", "cat": category.pk}


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_is_published_that_is_not_a_json_boolean_is_a_400(client_for, body, value):
    response = client_for("owner").post("/api/v1/men/", {**body, "is_published": value}, format="json")
    assert response.status_code == 400
    assert "is_published" in response.json()


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False)])
def test_is_published_in_a_form_is_true_or_false(client_for, body, value, expected):
    response = client_for("owner").post("/api/v1/men/", {**body, "is_published": value}, format="multipart")
    assert response.status_code == 201
    assert Men.objects.get().is_published is expected


@pytest.mark.parametrize("value", ["0", "1", "on"])
def test_is_published_in_a_form_that_is_not_true_or_false_is_a_400(client_for, body, value):
    response = client_for("owner").post("/api/v1/men/", {**body, "is_published": value}, format="multipart")
    assert response.status_code == 400


@pytest.mark.parametrize(("field", "value"), [("title", 42), ("content", 1.5), ("cat", "1"), ("cat", 1.0)])
def test_a_json_value_of_the_wrong_type_is_a_400_naming_the_field(client_for, body, field, value):
    response = client_for("owner").post("/api/v1/men/", {**body, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("value", ["1.0", 1.0, "1"])
def test_cat_id_that_is_not_a_json_integer_is_a_400(client_for, body, value):
    body = {key: value for key, value in body.items() if key != "cat"}
    response = client_for("owner").post("/api/v1/men/", {**body, "cat_id": value}, format="json")
    assert response.status_code == 400
    assert "cat_id" in response.json()


def test_a_form_still_takes_digits_for_cat_and_cat_id(client_for, body, category):
    form = {"title": "Павел", "content": "Что то с чем то", "cat_id": str(category.pk)}
    assert client_for("owner").post("/api/v1/men/", form, format="multipart").status_code == 201
    assert (
        client_for("owner").post("/api/v1/men/", {**body, "cat": str(category.pk)}, format="multipart").status_code
        == 201
    )


def test_a_category_name_that_is_not_a_string_is_a_400(client_for, db):
    response = client_for("staff").post("/api/v1/categories/", {"name": 7}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize("cat", [0, -1, 2**63, 10**30, "missing"])
def test_a_cat_that_names_no_category_is_a_400_naming_it(client_for, body, category, cat):
    value = category.pk + 1000 if cat == "missing" else cat
    response = client_for("owner").post("/api/v1/men/", {**body, "cat": value}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["cat"]


def test_the_missing_category_message_names_the_id_sent(client_for, body, category):
    missing = category.pk + 1000
    response = client_for("owner").post("/api/v1/men/", {**body, "cat": missing}, format="json")
    assert str(missing) in response.json()["cat"][0]


def test_a_form_cat_of_thousands_of_digits_is_a_400(client_for, body):
    response = client_for("owner").post("/api/v1/men/", {**body, "cat": "9" * 5000}, format="multipart")
    assert response.status_code == 400


def test_each_serializer_has_fields_of_its_own_bound_to_it(category):
    from menapp.serializers import MenSerializer

    first, second = MenSerializer(data={"title": "Один"}), MenSerializer(data={"title": 2})
    assert all(first.fields[name] is not second.fields[name] for name in first.fields)
    assert all(field.parent is first for field in first.fields.values())
    assert not second.is_valid() and "title" in second.errors
    assert first.is_valid() is False and "title" not in first.errors, "one instance's errors are not another's"


def test_a_nested_serializer_field_is_a_copy_with_fields_of_its_own(db):
    from rest_framework import serializers

    from menapp.fields import StrictModelSerializer
    from menapp.serializers import CategorySerializer

    class WithCategory(StrictModelSerializer):
        cat = CategorySerializer()

        class Meta:
            model = Men
            fields = ("title", "cat")

    first, second = WithCategory(), WithCategory()
    assert isinstance(first.fields["cat"], serializers.Serializer)
    assert first.fields["cat"] is not second.fields["cat"]
    assert first.fields["cat"].fields["name"] is not second.fields["cat"].fields["name"]
    assert first.fields["cat"].fields["name"].parent is first.fields["cat"]


def test_the_models_unique_together_checks_are_kept_per_class_and_run_for_every_instance(owner):
    from menapp.fields import StrictModelSerializer
    from menapp.models import IdempotencyKey

    class KeySerializer(StrictModelSerializer):
        class Meta:
            model = IdempotencyKey
            fields = ("key", "user", "fingerprint")

    IdempotencyKey.objects.create(key="taken", user=owner, fingerprint="f")
    taken = KeySerializer(data={"key": "taken", "user": owner.pk, "fingerprint": "g"})
    free = KeySerializer(data={"key": "free", "user": owner.pk, "fingerprint": "g"})
    assert not taken.is_valid() and "non_field_errors" in taken.errors
    assert free.is_valid(), free.errors
    assert (
        [type(v).__name__ for v in taken.validators]
        == [type(v).__name__ for v in free.validators]
        == ["UniqueTogetherValidator"]
    )
    assert taken.validators is not free.validators, "each instance gets its own list"
