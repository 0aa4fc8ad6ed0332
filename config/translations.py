"""Messages of the libraries we use that their Russian catalogs lack, marked here so that `make messages`
keeps them in locale/ru (the Russian is there). Nothing imports this module."""

from django.utils.translation import gettext_noop, ngettext_lazy

THIRD_PARTY_MESSAGES = [
    # DRF's Throttled: both forms are looked up with gettext, then chosen by the English rule, so
    # their Russian must read right for any number ("Повторите через 17 с.").
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
    # DRF's view names: titles and breadcrumbs of the browsable API (config.view_names).
    gettext_noop("Activation"),
    gettext_noop("Api Root"),
    gettext_noop("Categories"),
    gettext_noop("Category"),
    gettext_noop("Category Instance"),
    gettext_noop("Category List"),
    gettext_noop("Legacy Men"),
    gettext_noop("Me"),
    gettext_noop("Men Instance"),
    gettext_noop("Men List"),
    gettext_noop("Resend activation"),
    gettext_noop("Reset password"),
    gettext_noop("Reset password confirm"),
    gettext_noop("Reset username"),
    gettext_noop("Reset username confirm"),
    gettext_noop("Set password"),
    gettext_noop("Set username"),
    gettext_noop("Token Create"),
    gettext_noop("Token Destroy"),
    gettext_noop("Token Obtain Pair"),
    gettext_noop("Token Refresh"),
    gettext_noop("Token Verify"),
    gettext_noop("User Instance"),
    gettext_noop("User List"),
    # DRF's raw data form labels (templates/rest_framework/raw_data_form.html).
    gettext_noop("Media type"),
    gettext_noop("Content"),
    # SimpleJWT's token errors (its Russian ships as ru_RU only, which LANGUAGE_CODE "ru" never loads).
    gettext_noop("Token is invalid"),
    gettext_noop("Token is expired"),
    # SimpleJWT's blacklist app in the admin (its ru_RU leaves these in English).
    gettext_noop("Token Blacklist"),
    gettext_noop("Outstanding Token"),
    gettext_noop("Outstanding Tokens"),
    gettext_noop("Blacklisted Token"),
    gettext_noop("Blacklisted Tokens"),
    gettext_noop("Token for %(user)s (%(jti)s)"),
    gettext_noop("Blacklisted token for %(user)s"),
    # Django's admin: its Russian assumes a masculine noun ("запись … был успешно добавлен"); ours is
    # worded without case or gender.
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    ngettext_lazy("%(count)s %(name)s was changed successfully.", "%(count)s %(name)s were changed successfully.", 1),
]
