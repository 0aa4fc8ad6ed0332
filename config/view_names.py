"""The browsable API's page titles and breadcrumbs in the request's language (REST_FRAMEWORK["VIEW_NAME_FUNCTION"]).

DRF builds them in English from the class name ("Men List", "Token Obtain Pair"); the Russian is in
locale/ru, marked in config/translations.py.
"""

from django.utils.translation import gettext
from rest_framework.views import get_view_name as drf_view_name


def get_view_name(view) -> str:
    return gettext(drf_view_name(view))
