"""Model behaviour: names, ordering, visibility and the protected category."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import ProtectedError

from menapp.models import Men


def test_str_is_the_title_and_the_name(men, category):
    assert str(men) == "Юрий Никулин"
    assert str(category) == "Актеры"


def test_verbose_names_are_russian():
    assert Men._meta.verbose_name == "запись"  # reads right in the admin's phrases ("Выберите запись…")
    assert Men._meta.get_field("cat").verbose_name == "Категория"
    assert Men._meta.get_field("user").verbose_name == "Пользователь"


def test_time_update_changes_on_save_and_time_create_does_not(men):
    created, updated = men.time_create, men.time_update
    men.title = "Другое"
    men.save()
    men.refresh_from_db()
    assert men.time_create == created
    assert men.time_update > updated


def test_visible_to_applies_the_reading_rules(men, draft, owner, user, staff):
    assert set(Men.objects.visible_to(AnonymousUser())) == {men}
    assert set(Men.objects.visible_to(user)) == {men}
    assert set(Men.objects.visible_to(owner)) == {men, draft}
    assert set(Men.objects.visible_to(staff)) == {men, draft}


def test_a_category_in_use_is_protected(men, category):
    with pytest.raises(ProtectedError):
        category.delete()
