"""DRF's JSON parser, refusing what the standard library cannot parse safely."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """JSON bodies; nesting deep enough to exhaust the interpreter's stack is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply.")) from None
        except LookupError:  # an unknown charset in the Content-Type
            raise ParseError(_("JSON parse error - unknown charset.")) from None
