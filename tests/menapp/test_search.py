"""`?search=` with real Russian word forms: the expected records on each database, side by side.

Every test runs on both databases and expects that database's answer (CI runs the suite on SQLite and
again on PostgreSQL, `.ci/run`): SQLite matches substrings, PostgreSQL matches word forms (the
`russian` stemmer, fleeting vowels) and title substrings. Nothing is skipped on either.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from menapp import search
from menapp.models import Men

from ..conftest import jwt_login

DATABASE = connection.vendor  # "sqlite" or "postgresql", from DATABASE_URL

RECORDS = {
    # key: (title, content), oldest first
    "pushkin": ("Александр Пушкин", "Русский поэт и писатель."),
    "monument": ("Памятник Пушкину", "Бронзовый памятник поэту в Москве."),
    "chaliapin": ("Фёдор Шаляпин", "Русский оперный певец, бас."),
    "choir": ("Хор Турецкого", "Певцы хора поют а капелла."),
    "magomaev": ("Муслим Магомаев", "Голос советского певца."),
    "nikulin": ("Юрий Никулин", "Советский актёр и клоун."),
    "mkhat": ("Актеры МХАТ", "Труппа Художественного театра."),
}


@pytest.fixture
def records(owner, category):
    """The records above, a minute apart (newest last), and a draft that matches «певец» too."""
    now = timezone.now()
    created = {}
    for age, (key, (title, content)) in enumerate(reversed(RECORDS.items()), start=1):
        record = Men.objects.create(title=title, content=content, cat=category, user=owner)
        Men.objects.filter(pk=record.pk).update(time_create=now - timedelta(minutes=age))
        created[record.pk] = key
    Men.objects.create(title="Черновик", content="Певец без имени.", cat=category, user=owner, is_published=False)
    return created


def found(client, records, query: str) -> list[str]:
    body = client.get("/api/v1/men/", {"search": query, "page_size": 100}).json()
    return [records.get(record["id"], "draft") for record in body["results"]]


EXPECTED = [
    # term, SQLite (substring of title or content), PostgreSQL (word forms, title substrings)
    ("Пушкин", {"pushkin", "monument"}, {"pushkin", "monument"}),
    ("Пушкина", set(), {"pushkin", "monument"}),
    ("Пушкину", {"monument"}, {"pushkin", "monument"}),
    ("певец", {"chaliapin"}, {"chaliapin", "choir", "magomaev"}),
    ("певцы", {"choir"}, {"chaliapin", "choir", "magomaev"}),
    ("певца", {"magomaev"}, {"chaliapin", "choir", "magomaev"}),
    ("актёр", {"nikulin", "mkhat"}, {"nikulin", "mkhat"}),
    ("актеры", {"mkhat"}, {"nikulin", "mkhat"}),
    ("АКТЁРЫ", {"mkhat"}, {"nikulin", "mkhat"}),
    ("Федор", {"chaliapin"}, {"chaliapin"}),  # «ё» read as «е» on both
    ("поэт Пушкин", {"pushkin", "monument"}, {"pushkin", "monument"}),  # every term must match
    ("поэт Москве", {"monument"}, {"monument"}),
    ("Никул", {"nikulin"}, {"nikulin"}),  # part of a title word: a substring on both
    ("клоу", {"nikulin"}, set()),  # part of a content word: PostgreSQL matches whole words there
    ("ноль", set(), set()),
]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        pytest.param(term, {"sqlite": sqlite, "postgresql": postgresql}[DATABASE], id=term)
        for term, sqlite, postgresql in EXPECTED
    ],
)
def test_search_finds_the_records_this_database_promises(api_client, records, term, expected):
    assert set(found(api_client, records, term)) == expected


def test_search_never_shows_a_draft_to_anonymous_readers_but_shows_it_to_its_owner(api_client, client_for, records):
    assert "Черновик" not in [r["title"] for r in api_client.get("/api/v1/men/?search=Певец").json()["results"]]
    owner_titles = [r["title"] for r in client_for("owner").get("/api/v1/men/?search=Певец").json()["results"]]
    assert "Черновик" in owner_titles


@pytest.fixture
def singer(records, owner, category):
    """An older record with «Певцы» in its title: the best match for «певцы» on PostgreSQL."""
    record = Men.objects.create(title="Певцы Большого театра", content="Оперная труппа.", cat=category, user=owner)
    Men.objects.filter(pk=record.pk).update(time_create=timezone.now() - timedelta(days=1))
    records[record.pk] = "singer"
    return records


ORDERS = {
    # (query, SQLite's order, PostgreSQL's order)
    "ranked by relevance on PostgreSQL (title above content, then newest), newest first on SQLite": (
        "?search=певцы",
        ["choir", "singer"],
        ["singer", "magomaev", "choir", "chaliapin"],
    ),
    "a cursor scrolls newest first": (
        "?search=певцы&cursor=",
        ["choir", "singer"],
        ["magomaev", "choir", "chaliapin", "singer"],
    ),
    "an ordering given wins": (
        "?search=певцы&ordering=title",
        ["singer", "choir"],
        ["magomaev", "singer", "chaliapin", "choir"],
    ),
    "an invalid ordering is no ordering": (
        "?search=певцы&ordering=password",
        ["choir", "singer"],
        ["singer", "magomaev", "choir", "chaliapin"],
    ),
}


@pytest.mark.parametrize(("query", "sqlite", "postgresql"), ORDERS.values(), ids=ORDERS.keys())
def test_search_results_come_in_the_order_this_database_promises(api_client, singer, query, sqlite, postgresql):
    body = api_client.get(f"/api/v1/men/{query}&page_size=100").json()
    assert [singer[record["id"]] for record in body["results"]] == {"sqlite": sqlite, "postgresql": postgresql}[
        DATABASE
    ]


def test_a_search_matching_more_records_than_are_ranked_lists_newest_first(api_client, singer, monkeypatch):
    monkeypatch.setattr(search, "RANKED_MATCHES", 3)
    body = api_client.get("/api/v1/men/?search=певцы&page_size=100").json()
    expected = {"sqlite": ["choir", "singer"], "postgresql": ["magomaev", "choir", "chaliapin", "singer"]}
    assert [singer[record["id"]] for record in body["results"]] == expected[DATABASE]
    assert body["count"] == len(expected[DATABASE])


def test_pages_of_a_ranked_search_do_not_overlap_and_cover_every_match(api_client, singer):
    body = api_client.get("/api/v1/men/", {"search": "певцы", "page_size": 1}).json()
    ids = [record["id"] for record in body["results"]]
    while url := body["next"]:
        body = api_client.get(url).json()
        ids += [record["id"] for record in body["results"]]
    assert len(ids) == len(set(ids)) == body["count"]


def test_an_edited_record_is_found_by_its_new_words(records):
    pk = next(pk for pk, key in records.items() if key == "nikulin")
    client, _ = jwt_login("owner")
    assert client.patch(f"/api/v1/men/{pk}/", {"content": "Советский певец."}).status_code == 200
    assert "nikulin" in found(client, records, "певцы" if DATABASE == "postgresql" else "певец")
    assert "nikulin" not in found(client, records, "клоун")


@pytest.mark.parametrize("pagination", ["", "&cursor="])
def test_a_search_costs_two_queries_by_page_number_and_one_by_cursor(api_client, records, count_queries, pagination):
    with count_queries() as queries:
        assert api_client.get(f"/api/v1/men/?search=поэт Пушкин{pagination}").status_code == 200
    assert queries.count == (1 if pagination else 2)


def test_search_reads_the_indexed_search_vector_on_postgresql_and_a_linear_function_on_sqlite(api_client, records):
    with CaptureQueriesContext(connection) as queries:
        api_client.get("/api/v1/men/?search=певцы Пушкин")
    count_sql = queries.captured_queries[0]["sql"]
    if DATABASE == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: show that the index serves it
            cursor.execute(f"EXPLAIN {count_sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Bitmap Index Scan on men_search_vector" in plan and "Seq Scan" not in plan
        assert "content" not in plan  # no LIKE over content: the title's is bounded by its 255 characters
    else:
        assert "men_search(" in count_sql
        assert " LIKE " not in count_sql.upper() and "REGEXP" not in count_sql.upper()


SINGERS = {"Фёдор Шаляпин", "Хор Турецкого", "Муслим Магомаев"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("певцы", {"sqlite": {"Хор Турецкого"}, "postgresql": {*SINGERS, "Черновик"}}),  # staff see the draft
        (" ".join(["певец"] * 11), {"sqlite": set(), "postgresql": set()}),
    ],
    ids=["word forms", "over the limit"],
)
def test_the_admin_searches_records_as_the_api_does(client, staff, records, query, expected):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    response = client.get("/admin/menapp/men/", {"q": query})
    assert response.status_code == 200
    assert {str(record) for record in response.context["cl"].result_list} == expected[DATABASE]


def test_terms_are_split_like_drf_and_a_repeated_term_counts_once():
    terms = search.search_terms('Пушкин, пушкин "Юрий Никулин" "" ПУШКИН Фёдор федор')
    assert terms == ["Пушкин", "Юрий Никулин", "Фёдор"]


@pytest.mark.parametrize("separator", [" ", ",", "\t", "\x85", "\x1f", "\ufeff", "\u3000"])
@pytest.mark.parametrize(("words", "length"), [(10, 100), (11, 1), (1, 101)])
def test_the_schema_pattern_accepts_exactly_the_searches_the_server_accepts(api_client, db, separator, words, length):
    # Schema validators read `\s` differently (Python, ECMA 262, Rust): the pattern spells whitespace out.
    value = separator.join(["я" * length] * words) + separator
    accepted = api_client.get("/api/v1/men/", {"search": value}).status_code == 200
    assert accepted == bool(re.fullmatch(search.SEARCH_PATTERN, value)) == (words <= 10 and length <= 100)
