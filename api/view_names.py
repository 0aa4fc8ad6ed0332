"""The browsable API's titles, breadcrumbs and descriptions in the request's language.

REST_FRAMEWORK["VIEW_NAME_FUNCTION"] and ["VIEW_DESCRIPTION_FUNCTION"]: DRF builds names in English
from the class name ("Men List") and descriptions from docstrings; both are looked up in the
catalog (locale/ru; the msgids are marked in config/translations.py). A docstring that changes
shows in English until its translation is updated.
"""

from django.utils.translation import gettext
from rest_framework.utils import formatting
from rest_framework.views import get_view_description as drf_view_description
from rest_framework.views import get_view_name as drf_view_name


def get_view_name(view) -> str:
    return gettext(drf_view_name(view))


def get_view_description(view, html: bool = False) -> str:
    description = drf_view_description(view, html=False)
    translated = gettext(description) if description else description
    return formatting.markup_description(translated) if html else translated
