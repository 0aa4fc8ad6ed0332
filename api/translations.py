"""Messages of the libraries we use that their Russian catalogs lack, marked here so that `make messages`
keeps them in locale/ru (the Russian is there). Nothing imports this module."""

from django.utils.translation import gettext_noop, ngettext_lazy

THIRD_PARTY_MESSAGES = [
    # DRF's Throttled: both forms are looked up with gettext, then chosen by the English rule, so
    # their Russian must read right for any number ("Повторите через 17 с.").
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
    # DRF's view names: titles and breadcrumbs of the browsable API (api.view_names).
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
    # View docstrings, the browsable API's descriptions (api.view_names).
    gettext_noop(
        "Records about famous men.\n"
        "\n"
        "Anyone reads published records; an owner also sees their drafts and staff see everything.\n"
        "Authenticated users create records (they become the owner), the owner or staff edit them,\n"
        "and only staff delete them. Each record carries a `version`, sent as its ETag: PUT, PATCH "
        "and\n"
        "DELETE with a stale `If-Match` get 412. `POST` honours an `Idempotency-Key` header."
    ),
    gettext_noop("Categories: anyone reads them, staff manage them. A category still in use cannot be deleted (409)."),
    gettext_noop("The course's older routes (`menlist/`, `mendetail/`, `mendelete/`): same records, same rules."),
    gettext_noop("djoser's users: registration and password or username changes and resets are throttled like logins."),
    gettext_noop("Token login (§12): username and password in, `auth_token` out."),
    gettext_noop("Token logout (§12): deletes the caller's token, so it stops working at once."),
    gettext_noop("JWT login (§14): username and password in, `access` and `refresh` tokens out."),
    gettext_noop("JWT logout: blacklists the refresh token and, if the request carries one, its Bearer access token."),
    gettext_noop(
        "Takes a refresh type JSON web token and returns an access type JSON web\ntoken if the refresh token is valid."
    ),
    gettext_noop(
        "Takes a token and indicates if it is valid.  This view provides no\n"
        "information about a token's fitness for a particular use."
    ),
    gettext_noop("The default basic root view for DefaultRouter"),
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
