"""DRF's JSON parser, refusing what the standard library cannot parse safely and bodies that are not objects.

Every endpoint of this API takes an object (there are no bulk operations), so a JSON string, array,
number, boolean or null as the whole body is refused here, once for all of them, with a message
naming what was sent: serializers would otherwise treat it inconsistently (djoser's and partial
updates read `"x"` or `[]` as "no fields given" and answered 200).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

JSON_TYPE_NAMES = {
    str: _("a string"),
    list: _("an array"),
    int: _("a number"),
    float: _("a number"),
    bool: _("a boolean"),
    type(None): _("null"),
}


class JSONParser(parsers.JSONParser):
    """JSON bodies: an object, nested no deeper than the interpreter's stack allows (else a 400, not a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply.")) from None
        except LookupError:  # an unknown charset in the Content-Type
            raise ParseError(_("JSON parse error - unknown charset.")) from None
        if not isinstance(data, dict):
            sent = JSON_TYPE_NAMES.get(type(data), type(data).__name__)
            raise ParseError(_("The request body must be a JSON object, not %(type)s.") % {"type": sent})
        return data
