"""`?search=`: Russian full-text search on PostgreSQL, a linear substring search on SQLite; both bounded.

PostgreSQL matches the stored `search_vector` (migration 0005: the `russian` configuration, title
weighted above content, GIN-indexed). «Пушкина» and «Пушкин» share the stem «пушкин», but the
stemmer keeps a fleeting vowel: «певец» stays «певец» while «певцы», «певца» become «певц». Each
single-word term therefore also matches its stem with that vowel dropped or put back («певец» ↔
«певц», «отец» ↔ «отц», «кусок» ↔ «куск»), computed by PostgreSQL's own stemmer in the query, and a
record whose title holds every term as a substring matches too (the trigram index of migration 0004),
ranked below word matches. SQLite has no stemmer: a record matches when its title or content holds
every term, in any case and alphabet, «ё» read as «е».

Every cost is bounded: at most `MAX_TERMS` words of at most `MAX_TERM_LENGTH` characters (more is a
400 naming `search`), no backtracking pattern anywhere, and relevance ranking only for at most
`RANKED_MATCHES` matches (a broader search lists newest first, see `menapp.pagination`).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorExact, SearchVectorField
from django.db import connections, models
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import search_smart_split

MAX_TERMS = 10
MAX_TERM_LENGTH = 100
# Ranking needs every match's rank: past this many matches it would cost more than the page itself.
RANKED_MATCHES = 1000
# Terms shorter than a trigram cannot use the title's trigram index: they match by words only.
MIN_SUBSTRING_LENGTH = 3

# The limits count words: what lies between whitespace and commas. (DRF's split then keeps a "quoted
# phrase" as one term, which holds at most the limit's words.) The same rule as a pattern, for the schema.
# Whitespace is spelled out: Python's `\s`, ECMA 262's and Rust's (schema validators) differ at the edges.
SEPARATORS = r"\t\n\u000b\u000c\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff,"
WORD = re.compile(rf"[^{SEPARATORS}]+")
_WORD = rf"[^{SEPARATORS}\u0000]{{1,{MAX_TERM_LENGTH}}}"
SEARCH_PATTERN = rf"^[{SEPARATORS}]*(?:{_WORD}(?:[{SEPARATORS}]+{_WORD}){{0,{MAX_TERMS - 1}}})?[{SEPARATORS}]*$"

TOO_MANY_TERMS = _("At most {limit} words in a search.")
TERM_TOO_LONG = _("Each search word is at most {limit} characters.")

SEPARATOR = "\x00"  # between terms and between title and content: no term can hold one (a 400 before)
CYRILLIC_WORD = re.compile(r"[а-яё]+")
CONSONANT = "[бвгджзклмнпрстфхцчшщ]"
# «певец» → «певц»: a stem ending in consonant, е/о, consonant loses that vowel in the other forms.
DROP_VOWEL = (f"^(.+{CONSONANT})[ео]({CONSONANT})$", r"\1\2")
# «певц» → «певец», «куск» → «кусок»: a stem ending in two consonants may have one between them.
INSERT_E = (f"^(.+{CONSONANT})({CONSONANT})$", r"\1е\2")
INSERT_O = (f"^(.+{CONSONANT})({CONSONANT})$", r"\1о\2")


def fold(text: str) -> str:
    """The form both sides of a substring match are compared in: case folded, «ё» as «е»."""
    return text.casefold().replace("ё", "е")


def search_terms(value: str, parameter: str = "search") -> list[str]:
    """The terms of a `search` value (DRF's split: spaces and commas, "quoted phrases"), within the limits.

    The words are counted before anything else, and only up to one past the limit. Terms that differ
    only in case (or «ё») count once.
    """
    for count, word in enumerate(WORD.finditer(value), start=1):
        if count > MAX_TERMS:
            raise ValidationError({parameter: [TOO_MANY_TERMS.format(limit=MAX_TERMS)]})
        if len(word.group()) > MAX_TERM_LENGTH:
            raise ValidationError({parameter: [TERM_TOO_LONG.format(limit=MAX_TERM_LENGTH)]})
    # A repeated term changes no answer, but would mislead PostgreSQL's row estimates (and so its plan).
    terms = {}
    for term in search_smart_split(value):
        if term:  # `""` is an empty phrase: no term
            terms.setdefault(fold(term), term)
    return list(terms.values())


def search(queryset: models.QuerySet, terms: list[str], *, ranked: bool) -> models.QuerySet:
    """`queryset` narrowed to the records matching every term; by relevance first if `ranked` (PostgreSQL)."""
    if not terms:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(SubstringMatch(terms))
    query = words_query(terms)
    matches = SearchVectorExact(SearchVectorColumn(), query)
    substrings = [models.Q(title__icontains=term) for term in terms if len(term) >= MIN_SUBSTRING_LENGTH]
    if len(substrings) == len(terms):
        queryset = queryset.filter(models.Q(matches) | models.Q(*substrings))
    else:
        queryset = queryset.filter(matches)
    if ranked:
        queryset = queryset.order_by(Relevance(SearchRank(SearchVectorColumn(), query)), "-time_create", "-id")
    return queryset


def is_ranked(queryset: models.QuerySet) -> bool:
    """Whether the queryset is ordered by search relevance (and not by a client's `ordering`)."""
    ordering = queryset.query.order_by
    return bool(ordering) and isinstance(ordering[0], Relevance)


def newest_first(queryset: models.QuerySet) -> models.QuerySet:
    return queryset.order_by("-time_create", "-id")


class Relevance(OrderBy):
    """`ORDER BY ts_rank(…) DESC`, recognisable so that pagination can tell a ranked list (`is_ranked`)."""

    def __init__(self, rank):
        super().__init__(rank, descending=True)


class SearchVectorColumn(models.Expression):
    """The `search_vector` column, which only PostgreSQL has (migration 0005), so the model does not name it."""

    def __init__(self):
        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name('search_vector')}", []


def words_query(terms: list[str]) -> SearchQuery:
    """`plainto_tsquery('russian', term)` for each term, AND-ed; a single Cyrillic word also matches its variants."""
    query = None
    for term in terms:
        term_query = SearchQuery(term, config="russian")
        word = fold(term)
        if CYRILLIC_WORD.fullmatch(word):
            for pattern, replacement in (DROP_VOWEL, INSERT_E, INSERT_O):
                term_query = term_query | SearchQuery(StemVariant(word, pattern, replacement), config="simple")
        query = term_query if query is None else query & term_query
    return query


class StemVariant(models.Func):
    """The word's stem by PostgreSQL's own Russian stemmer, rewritten by a pattern; '' if it does not apply.

    ('' is an empty tsquery, which `||` leaves out; so is a stop word's.)
    """

    template = "COALESCE(NULLIF(regexp_replace(%(stem)s, %(expressions)s), %(stem)s), '')"
    output_field = models.TextField()

    def __init__(self, word: str, pattern: str, replacement: str):
        super().__init__(models.Value(pattern), models.Value(replacement))
        self.word = word

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, stem="(ts_lexize('russian_stem', %s))[1]", **extra_context)
        # The stem appears twice in the template, before and after the pattern's own parameters.
        return sql, [self.word, *params, self.word]


class SubstringMatch(models.Func):
    """SQLite: `men_search(title, content, terms)`, the linear substring match in menapp.sqlite."""

    function = "men_search"
    output_field = models.BooleanField()

    def __init__(self, terms: list[str]):
        folded = SEPARATOR.join(fold(term) for term in terms)
        super().__init__(models.F("title"), models.F("content"), models.Value(folded))


def contains_every_term(title: str | None, content: str | None, terms: str | None) -> bool | None:
    """Whether title or content holds each term (already folded, joined by SEPARATOR).

    Python's `in` is linear (two-way search for long needles, short ones are cheap), so the cost is
    bounded by the record's length times the number of terms: no backtracking pattern.
    """
    if title is None or content is None or terms is None:
        return None
    text = f"{fold(title)}{SEPARATOR}{fold(content)}"
    return all(term in text for term in terms.split(SEPARATOR))
