"""The benchmark's targets (bench/targets.py) judge a run's figures as issues 10 and 11 ask."""

from bench.targets import evaluate

from .results import results, scale


def row(rows: list[dict], starts: str) -> dict:
    [found] = [r for r in rows if r["target"].startswith(starts)]
    return found


def test_create_and_patch_pass_at_fifteen_hundredths_of_the_ceiling_and_fail_below():
    document = results(scale(1_000), scale(100_000, mixed=0.7))
    rows = evaluate(document)
    assert row(rows, "JWT create (POST) ≥ 0.15")["ok"] is True
    assert row(rows, "JWT PATCH ≥ 0.15")["ok"] is True

    document["scales"][1]["scenarios"]["patch"]["ratio"] = 0.14
    assert row(evaluate(document), "JWT PATCH ≥ 0.15")["ok"] is False


def test_the_list_beside_a_paced_writer_must_keep_sixty_percent_at_100k_and_1m():
    passing = row(evaluate(results(scale(100_000, mixed=0.61), scale(1_000_000, mixed=0.65))), "anonymous list beside")
    assert passing["ok"] is True
    assert passing["measured"] == "0.61 / 0.65 (100k / 1M)"
    failing = row(evaluate(results(scale(100_000, mixed=0.7), scale(1_000_000, mixed=0.035))), "anonymous list beside")
    assert failing["ok"] is False
    assert "0.035" in failing["measured"]


def test_the_mixed_target_does_not_pass_when_the_writer_fell_behind_its_pace():
    document = results(scale(100_000, mixed=0.9), scale(1_000_000, mixed=0.9))
    document["scales"][1]["mixed"]["paced"]["writer"]["rps"] = 6.6
    slow = row(evaluate(document), "anonymous list beside")
    assert slow["ok"] is False
    assert "the writer kept only 19.8 / 6.6 of 20 PATCH/s" in slow["measured"]


def test_a_run_without_the_mixed_scenario_at_1m_does_not_pass_the_mixed_target():
    quick = row(evaluate(results(scale(1_000), scale(100_000, mixed=0.9))), "anonymous list beside")
    assert quick["ok"] is False
    assert "1M not yet measured" in quick["measured"]


def test_targets_a_run_did_not_measure_are_reported_as_not_measured_rather_than_failed():
    rows = evaluate(results(scale(1_000), scale(100_000), embedded_ratio=None))
    assert row(rows, "anonymous list beside")["ok"] is None
    assert row(rows, "embedded default")["ok"] is None


def test_the_embedded_default_needs_half_the_ceiling_for_the_list():
    assert row(evaluate(results(scale(1_000), embedded_ratio=0.5)), "embedded default")["ok"] is True
    below = row(evaluate(results(scale(1_000), embedded_ratio=0.3)), "embedded default")
    assert below["ok"] is False
    assert below["measured"].startswith("0.30")


def test_the_uncached_first_page_with_page_numbers_must_answer_within_ten_milliseconds_at_the_largest_size():
    fast = evaluate(results(scale(1_000, uncached_ms=4.0), scale(1_000_000, uncached_ms=9.0)))
    assert row(fast, "first page at 1,000,000 records, uncached (page number, with `count`), p50 ≤ 10 ms")["ok"]
    slow = evaluate(results(scale(1_000, uncached_ms=4.0), scale(1_000_000, uncached_ms=96.0)))
    assert not row(slow, "first page at 1,000,000 records, uncached (page number, with `count`), p50 ≤ 10 ms")["ok"]
    assert not row(slow, "search at 1,000,000 records, uncached (page number, with `count`), p50 ≤ 20 ms")["ok"]


def test_one_list_request_over_two_queries_fails_the_query_target():
    document = results(scale(1_000), scale(100_000))
    assert row(evaluate(document), "SQL queries per list request")["ok"] is True
    document["scales"][1]["uncached"]["list_search"]["queries"] = 3
    failing = row(evaluate(document), "SQL queries per list request")
    assert failing["ok"] is False
    assert "uncached list_search 3" in failing["measured"]


def test_a_worker_over_120_mb_fails_the_memory_target():
    document = results(scale(1_000))
    document["scales"][0]["worker_peak_rss_mb"]["2"] = 121.0
    assert row(evaluate(document), "worker peak RSS ≤ 120 MB")["ok"] is False
