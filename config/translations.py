"""Messages of the libraries we use that their Russian catalogs lack, marked here so that `make messages`
keeps them in locale/ru (the Russian is there). Nothing imports this module."""

from django.utils.translation import gettext_noop

THIRD_PARTY_MESSAGES = [
    # DRF's Throttled: both forms are looked up with gettext, then chosen by the English rule, so
    # their Russian must read right for any number ("Повторите через 17 с.").
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
    # DRF's NotFound, which its own catalog renders "Страница не найдена." even for a record.
    gettext_noop("Not found."),
    # SimpleJWT's token errors (its Russian ships as ru_RU only, which LANGUAGE_CODE "ru" never loads).
    gettext_noop("Token is invalid"),
    gettext_noop("Token is expired"),
]
