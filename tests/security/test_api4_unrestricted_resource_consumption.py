"""OWASP API4:2023, unrestricted resource consumption: what one request may make the service do is bounded.

Search (issue 9, "Quadratic search"): at most 10 words of at most 100 characters, refused with a 400
naming `search` before any query runs; no backtracking pattern on either database, so a long term
against a long record costs work linear in the record. The bounds are asserted on the SQL and on
the limits, not on wall time.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from menapp import search, sqlite
from menapp.models import Men

LIST = "/api/v1/men/"
DATABASE = connection.vendor  # the suite runs on SQLite and again on PostgreSQL (.ci/run)


def spy_on_like_patterns(monkeypatch) -> list:
    """The regular expressions SQLite's LIKE builds from here on (only patterns with `_` need one)."""
    compiled, build = [], sqlite.piece_pattern
    monkeypatch.setattr(sqlite, "piece_pattern", lambda piece: compiled.append(piece) or build(piece))
    return compiled


@pytest.fixture
def long_record(owner, category):
    """A record as long as a request body allows, made of the letter a search term repeats."""
    return Men.objects.create(title="а" * 255, content="а" * 1_000_000, cat=category, user=owner)


@pytest.mark.parametrize("terms", [11, 1000], ids=["eleven", "a thousand"])
def test_a_search_with_more_than_ten_words_is_a_400_naming_search_before_any_query(
    api_client, men, count_queries, terms
):
    with count_queries() as queries:
        response = api_client.get(LIST, {"search": " ".join(f"t{n}" for n in range(terms))})
    assert response.status_code == 400
    assert list(response.json()) == ["search"]
    assert queries.count == 0


def test_ten_words_are_still_a_search(api_client, men):
    assert api_client.get(LIST, {"search": " ".join(["Никулин"] * 10)}).json()["count"] == 1


@pytest.mark.parametrize(("length", "status"), [(100, 200), (101, 400)])
def test_a_search_word_over_100_characters_is_a_400_naming_search(api_client, men, length, status):
    response = api_client.get(LIST, {"search": "я" * length})
    assert response.status_code == status
    if status == 400:
        assert response.json() == {"search": ["Каждое слово поиска — не длиннее 100 символов."]}


def test_a_megabyte_of_search_is_refused_before_it_is_even_split(api_client, men, monkeypatch):
    def must_not_split(value):
        raise AssertionError("split a search over the limits")

    monkeypatch.setattr(search, "search_smart_split", must_not_split)
    response = api_client.get(LIST, {"search": '"а ' * 350_000})
    assert response.status_code == 400
    assert list(response.json()) == ["search"]


@pytest.mark.parametrize(
    "term",
    ["а" * 99 + "б", "%" * 50 + "_" * 50, "а%а%а%а%а%а%а%а%а%а%б"],
    ids=["long near-miss", "wildcards", "many wildcards"],
)
def test_long_terms_against_a_long_record_are_matched_without_a_backtracking_pattern(
    api_client, long_record, monkeypatch, term
):
    compiled = spy_on_like_patterns(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(LIST, {"search": " ".join([term] * 10)})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    sql = " ".join(query["sql"] for query in queries.captured_queries).upper()
    if DATABASE == "postgresql":
        # Words are matched in the stored vector; a LIKE reads the title only, at most 255 characters.
        assert "SEARCH_VECTOR" in sql and '"CONTENT"::TEXT) LIKE' not in sql
        assert Men._meta.get_field("title").max_length == 255
    else:
        # One linear function per row (Python's substring search), no LIKE, no regular expression.
        assert "MEN_SEARCH(" in sql and " LIKE " not in sql and "REGEXP" not in sql
    assert compiled == []


def test_the_sqlite_like_function_matches_a_plain_pattern_without_a_regular_expression(monkeypatch):
    # The admin's search uses LIKE on SQLite (menapp.sqlite replaces it for Unicode case folding).
    compiled = spy_on_like_patterns(monkeypatch)
    assert sqlite.unicode_like("%" + "а" * 5000 + "б%", "А" * 1_000_000) is False
    assert sqlite.unicode_like("%пав%", "Жил-был ПАВЕЛ") is True
    assert compiled == []


def test_a_record_too_long_for_a_text_search_vector_is_still_saved_and_found(api_client, owner, category):
    # 200,000 distinct words make a tsvector over PostgreSQL's 1 MB limit: only the start is indexed.
    content = "Начало " + " ".join(f"слово{n}" for n in range(200_000))
    Men.objects.create(title="Длинная запись", content=content, cat=category, user=owner)
    assert api_client.get(LIST, {"search": "Начало"}).json()["count"] == 1
