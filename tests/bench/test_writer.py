"""The mixed scenario's writer keeps an honest pace and picks records uniformly (bench/writer.py)."""

import random
from collections import Counter

from bench.writer import Pacer, pick_record, summarize_writes


def sends_in_one_second(pacer: Pacer, write_seconds: float) -> list[float]:
    """Drive the pacer with a fake clock: each write takes `write_seconds`; returns the send times."""
    now, sends = 0.0, []
    while True:
        now += pacer.wait(now)
        if now >= 1.0:
            return sends
        sends.append(now)
        now += write_seconds
        pacer.sent(now)


def test_a_paced_writer_with_quick_writes_sends_exactly_its_rate_on_the_schedule():
    sends = sends_in_one_second(Pacer(20, start=0.0), write_seconds=0.002)
    assert len(sends) == 20
    assert [round(t, 6) for t in sends] == [round(k / 20, 6) for k in range(20)]


def test_slots_missed_during_a_slow_write_are_dropped_not_caught_up_in_a_burst():
    pacer = Pacer(20, start=0.0)
    assert pacer.wait(0.0) == 0.0
    pacer.sent(0.12)  # the first write took 120 ms: slots at 50 and 100 ms have passed
    assert pacer.slot == 3
    assert round(pacer.wait(0.12), 6) == 0.03  # waits for the 150 ms slot instead of sending twice at once


def test_a_writer_slower_than_its_rate_never_sends_two_writes_closer_than_one_interval():
    sends = sends_in_one_second(Pacer(20, start=0.0), write_seconds=0.07)
    gaps = [later - earlier for earlier, later in zip(sends, sends[1:], strict=False)]
    assert min(gaps) >= 0.05 - 1e-9
    assert len(sends) == 10  # every write spans two slots, so it achieves half the rate


def test_an_unpaced_writer_never_waits():
    pacer = Pacer(None, start=0.0)
    pacer.sent(0.001)
    assert pacer.wait(0.001) == 0.0
    assert len(sends_in_one_second(Pacer(None, start=0.0), write_seconds=0.01)) == 100


def test_records_are_picked_uniformly_across_every_run_of_ids_and_never_from_a_gap():
    ranges = [(1, 10), (20, 29), (100, 100)]
    rng = random.Random(7)
    picks = Counter(pick_record(ranges, rng) for _ in range(21_000))
    valid = {*range(1, 11), *range(20, 30), 100}
    assert set(picks) == valid
    assert all(800 < count < 1200 for count in picks.values()), picks


def test_the_write_summary_counts_only_successful_patches_as_throughput():
    summary = summarize_writes([5.0] * 99 + [50.0], Counter({200: 90, 404: 6, 0: 4}), elapsed=5.0, rate=20.0)
    assert summary["rps"] == 18.0
    assert summary["writes"] == 100
    assert summary["errors"] == 10
    assert summary["statuses"] == {"0": 4, "200": 90, "404": 6}
    assert summary["p50_ms"] == 5.0
    assert summary["p99_ms"] == 50.0
