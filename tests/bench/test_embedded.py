"""`python -m bench embedded` prints the list's share of the ceiling and the verdict (bench/embedded.py)."""

from bench.embedded import embedded_env, format_embedded

from .results import results


def test_the_printout_ends_with_the_list_to_ceiling_ratio_and_the_target():
    embedded = results(embedded_ratio=0.3)["embedded"]
    printed = format_embedded(embedded).splitlines()
    assert printed[-1] == "anonymous list ÷ ceiling = 0.30 (target ≥ 0.50: not met)"
    assert "0.30 of ceiling" in printed[2]
    assert format_embedded(results(embedded_ratio=0.52)["embedded"]).endswith("(target ≥ 0.50: met)")


def test_the_embedded_server_is_configured_as_make_run_is_with_no_redis(tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.setenv("COUNTERS_REDIS_URL", "redis://127.0.0.1:6379/1")
    env = embedded_env(tmp_path)
    assert "REDIS_URL" not in env and "COUNTERS_REDIS_URL" not in env
    assert env["DATABASE_URL"] == f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert env["CACHE_DIR"] == str(tmp_path / "cache")
    assert (env["DJANGO_DEBUG"], env["BENCH_CEILING"]) == ("false", "true")
