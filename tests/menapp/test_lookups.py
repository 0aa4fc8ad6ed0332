"""The compiled record lookup every write uses: the visibility table's answer, for every kind of reader."""

import pytest
from django.contrib.auth.models import AnonymousUser

from menapp.lookups import visible_record
from menapp.models import Men


@pytest.mark.parametrize("role", ["anonymous", "user", "owner", "staff"])
def test_the_compiled_lookup_finds_what_the_queryset_finds(role, men, draft, owner, user, staff, count_queries):
    reader = {"anonymous": AnonymousUser(), "user": user, "owner": owner, "staff": staff}[role]
    for pk in (men.pk, draft.pk, draft.pk + 1000):
        expected = Men.objects.visible_to(reader).filter(pk=pk).first()
        with count_queries() as queries:
            found = visible_record(reader, pk)
        assert found == expected
        assert queries.count == 1
        if found is not None:
            assert (found.title, found.version, found.user_id) == (expected.title, expected.version, expected.user_id)


def test_a_write_whose_query_string_filters_the_record_out_is_a_404(client_for, men, other_category):
    owner = client_for("owner")
    assert owner.patch(f"/api/v1/men/{men.pk}/?cat={other_category.pk}", {"title": "x"}).status_code == 404
    assert owner.patch(f"/api/v1/men/{men.pk}/?cat={men.cat_id}", {"title": "Новое"}).status_code == 200


@pytest.mark.parametrize("pk", ["0", "99999999999999999999999", "abc"])
def test_an_id_that_is_not_a_plain_number_is_a_404_for_a_write(client_for, men, pk):
    assert client_for("owner").patch(f"/api/v1/men/{pk}/", {"title": "x"}).status_code == 404


def test_a_zero_padded_id_takes_drfs_route_and_finds_the_record(client_for, men):
    assert client_for("owner").patch(f"/api/v1/men/0{men.pk}/", {"title": "Новое"}).status_code == 200
