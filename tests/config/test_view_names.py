"""The browsable API's titles and descriptions follow the language (api.view_names)."""

from django.utils import translation
from rest_framework.routers import APIRootView

from api.view_names import get_view_description, get_view_name
from menapp.views import MenViewSet


def a_record_list():
    view = MenViewSet()
    view.suffix = "List"
    return view


def test_titles_and_descriptions_are_russian_by_default():
    with translation.override("ru"):
        assert get_view_name(a_record_list()) == "Записи"
        assert get_view_description(a_record_list()).startswith("Записи об известных мужчинах.")
        assert get_view_description(a_record_list(), html=True).startswith("<p>Записи об известных мужчинах.")
        assert get_view_description(APIRootView()) == "Корень API: ссылки на коллекции."


def test_titles_and_descriptions_are_english_on_request():
    with translation.override("en"):
        assert get_view_name(a_record_list()) == "Men List"
        assert get_view_description(a_record_list()).startswith("Records about famous men.")
