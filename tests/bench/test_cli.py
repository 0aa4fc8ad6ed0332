"""`python -m bench` parses its commands and picks the database and Redis from flags, then the environment."""

import pytest

from bench.__main__ import options_from, parser


def test_every_makefile_command_is_a_subcommand():
    for command in ("full", "quick", "embedded", "profile", "inprocess"):
        assert parser().parse_args([command]).command == command
    assert parser().parse_args(["report", "bench/results/x.json"]).results.name == "x.json"


def test_the_database_and_redis_come_from_the_environment_unless_a_flag_names_them(monkeypatch):
    monkeypatch.setenv("BENCH_DATABASE", "men_bench_helper")
    monkeypatch.setenv("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    from_env = options_from(parser().parse_args(["quick"]))
    assert (from_env.mode, from_env.database, from_env.redis_url) == (
        "quick",
        "men_bench_helper",
        "redis://127.0.0.1:6379/13",
    )
    assert from_env.database_url == "postgres://postgres@127.0.0.1:5432/men_bench_helper"
    flagged = options_from(parser().parse_args(["full", "--database", "men_other", "--redis-url", "redis://h:1/2"]))
    assert (flagged.mode, flagged.database, flagged.redis_url) == ("full", "men_other", "redis://h:1/2")


def test_without_flags_or_environment_the_bench_keeps_its_historical_database(monkeypatch):
    monkeypatch.delenv("BENCH_DATABASE", raising=False)
    monkeypatch.delenv("BENCH_REDIS_URL", raising=False)
    options = options_from(parser().parse_args(["full"]))
    assert (options.database, options.redis_url) == ("men_bench", "redis://127.0.0.1:6379/7")


@pytest.mark.parametrize("name", ["men-bench", "Men", "x; DROP DATABASE men", ""])
def test_a_database_name_that_is_not_a_plain_identifier_is_refused(name, capsys):
    with pytest.raises(SystemExit):
        parser().parse_args(["full", "--database", name])
    assert "not a plain PostgreSQL name" in capsys.readouterr().err


def test_the_embedded_command_takes_its_run_lengths():
    args = parser().parse_args(["embedded", "--duration", "2", "--repeats", "1"])
    assert (args.duration, args.repeats, args.connections) == (2, 1, 4)
