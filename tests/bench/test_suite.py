"""One round of the mixed scenario compares readers beside a writer with the same readers alone (bench/suite.py)."""

from bench.scenarios import deep_page
from bench.suite import mixed_round, summarize_mixed


class FakeDriver:
    """Readers at a given rate alone, and at other rates beside a writer; records the writer rates asked for."""

    def __init__(self, alone: float, paced: float, unpaced: float):
        self.alone, self.beside = alone, {20.0: paced, None: unpaced}
        self.rates = []

    def run(self, scenario, connections=None):
        assert scenario.name == "list"
        return {"rps": self.alone, "p50_ms": 2.0, "p99_ms": 8.0, "errors": 0, "requests": 1}

    def with_writer(self, writer_token, rate, seed):
        self.rates.append(rate)
        readers = {"rps": self.beside[rate], "p50_ms": 5.0, "p99_ms": 60.0, "errors": 0, "requests": 1}
        writer = {"target_rps": rate, "rps": 19.9 if rate else 150.0, "p50_ms": 7.0, "p99_ms": 30.0, "errors": 1}
        return {"readers": readers, "writer": writer}


def test_a_mixed_round_divides_by_the_readers_alone_of_the_same_round():
    driver = FakeDriver(alone=1600, paced=1200, unpaced=320)
    measured = mixed_round(driver, "token", round_number=0, ceiling_rps=2500)
    assert driver.rates == [20.0, None]
    assert measured["readers_only"]["ratio"] == 1.0
    assert measured["paced"]["ratio"] == 0.75
    assert measured["unpaced"]["ratio"] == 0.2
    assert measured["paced"]["ceiling_ratio"] == 0.48


def test_the_mixed_summary_takes_medians_over_rounds_and_sums_errors():
    rounds = [mixed_round(FakeDriver(1600, paced, 320), "token", n, 2500) for n, paced in enumerate((1200, 400, 1280))]
    summary = summarize_mixed(rounds)
    assert summary["paced"]["ratio"] == 0.75
    assert summary["paced"]["writer"] == {"target_rps": 20.0, "rps": 19.9, "p50_ms": 7.0, "p99_ms": 30.0, "errors": 3}
    assert "writer" not in summary["readers_only"]
    assert len(summary["runs"]) == 3


def test_the_deep_page_is_nine_tenths_of_the_way_through_and_never_page_zero():
    assert deep_page(visible=953, page_size=10) == 85
    assert deep_page(visible=950_004, page_size=10) == 85_500
    assert deep_page(visible=5, page_size=10) == 1
