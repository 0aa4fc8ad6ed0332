"""The requests the benchmark measures: throughput and latency scenarios, uncached reads, the mixed runs."""

from dataclasses import dataclass

SEARCH_TERM = "Менделеев"  # one catalog entry in 25: a realistic share of the table matches


@dataclass(frozen=True)
class Scenario:
    """One wrk run: a request repeated by every connection. `path` may name ids from the `prepare` step."""

    name: str
    label: str
    path: str
    method: str = "GET"
    auth: bool = False  # sent with the bench user's JWT

    def url_path(self, ids: dict) -> str:
        return self.path.format(**ids)


# Throughput scenarios, run at the mode's connection count; "ceiling" is the denominator.
# Paths may name {deep_page}, {category_id}, {retrieve_id}, {own_record_id}, {search}.
CEILING = Scenario("ceiling", "ceiling (trivial JSON view)", "/bench/ceiling")
SCENARIOS = [
    CEILING,
    Scenario("list", "anonymous list, first page", "/api/v1/men/"),
    Scenario("list_deep", "anonymous list, deep page", "/api/v1/men/?page={deep_page}"),
    Scenario("list_cat", "anonymous list, ?cat=", "/api/v1/men/?cat={category_id}"),
    Scenario("list_search", "anonymous list, ?search=", "/api/v1/men/?search={search}"),
    Scenario("retrieve", "anonymous retrieve", "/api/v1/men/{retrieve_id}/"),
    Scenario("jwt_list", "JWT list, first page", "/api/v1/men/", auth=True),
    Scenario("create", "JWT create (POST)", "/api/v1/men/", method="POST", auth=True),
    Scenario("patch", "JWT PATCH", "/api/v1/men/{own_record_id}/", method="PATCH", auth=True),
]
BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}
# Latency scenarios, run at one connection so that p50 is the cost of one request, not queueing.
LATENCY_SCENARIOS = ["ceiling", "list", "list_deep", "list_search", "retrieve"]

# Reads timed in-process just after a write that a cache must not survive (bench/steps.py,
# `uncached`): a write to a record the page shows, so the page is read again from the database; what
# the first reader after such a write waits for. Page numbers count and skip; a cursor does neither.
# Names starting with `jwt_` are read with the bench user's JWT.
UNCACHED_READS = {
    "list": ("first page", "/api/v1/men/"),
    "list_deep": ("deep page (page number)", "/api/v1/men/?page={deep_page}"),
    "cursor": ("first page (cursor)", "/api/v1/men/?cursor="),
    "cursor_deep": ("deep page (cursor)", "/api/v1/men/?cursor={deep_cursor}"),
    "list_search": ("?search= (page number)", "/api/v1/men/?search={search}"),
    "cursor_search": ("?search= (cursor)", "/api/v1/men/?search={search}&cursor="),
    "retrieve": ("retrieve", "/api/v1/men/{retrieve_id}/"),
    "jwt_list": ("JWT first page", "/api/v1/men/"),
    "jwt_cursor": ("JWT first page (cursor)", "/api/v1/men/?cursor="),
    # Not a miss: the page after a write to a record it does not show, checked against its own records.
    "list_elsewhere": ("first page, after a write elsewhere (revalidated)", "/api/v1/men/"),
}
# Reads in UNCACHED_READS that follow a write to a record they do not show (the others: to one they show).
WRITE_ELSEWHERE = {"list_elsewhere"}

# The mixed scenario (issue 11): anonymous readers of the first list page at the mode's connection
# count, alone and then beside one writer PATCHing uniformly random records, paced or flat out.
MIXED_READERS = BY_NAME["list"]
MIXED_VARIANTS = {
    "readers_only": "readers only",
    "paced": "readers + one writer at {rate:g} PATCH/s",
    "unpaced": "readers + one unpaced writer",
}


def deep_page(visible: int, page_size: int) -> int:
    """A page nine tenths of the way through the visible records."""
    return max(1, (visible // page_size) * 9 // 10)
