"""`python -m bench <command>`: the benchmark's commands (the Makefile's bench targets call these).

    full        1k, 100k and 1M records, 3 rounds, mixed runs at 100k and 1M (`make bench`)
    quick       1k and 100k records, 1 round, mixed runs at 100k (`make bench-quick`)
    embedded    `make run`'s embedded default under gunicorn: list ÷ ceiling (`make bench-embedded`)
    profile     pyinstrument profile of the list and retrieve paths (`make bench-profile`)
    inprocess   each request timed through Django's WSGI handler (`make bench-inprocess`)
    report      re-render bench/REPORT.md and the chart from a results JSON

`--database` / `--redis-url` (or BENCH_DATABASE / BENCH_REDIS_URL) pick the PostgreSQL database the
run recreates and the Redis database it uses (men_bench and redis://127.0.0.1:6379/7 by default).
"""

import argparse
import json
import re
import sys
from pathlib import Path

from .options import DEFAULT_DATABASE, DEFAULT_REDIS_URL, MODES, Options

DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def database_name(value: str) -> str:
    if not DATABASE_NAME.match(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a plain PostgreSQL name (lower case, digits, _)")
    return value


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = main.add_subparsers(dest="command", required=True)
    for name in (*MODES, "profile", "inprocess"):
        command = commands.add_parser(name, help=f"see `python -m bench --help` ({name})")
        command.add_argument("--database", type=database_name, default=None, help=f"default {DEFAULT_DATABASE}")
        command.add_argument("--redis-url", default=None, help=f"default {DEFAULT_REDIS_URL}")
    embedded = commands.add_parser("embedded", help="`make run`'s embedded default: list ÷ ceiling")
    embedded.add_argument("--duration", type=int, default=6, help="seconds per wrk run (default 6)")
    embedded.add_argument("--repeats", type=int, default=3, help="rounds (default 3)")
    embedded.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    report = commands.add_parser("report", help="re-render bench/REPORT.md and bench/chart.png from a results JSON")
    report.add_argument("results", type=Path)
    return main


def options_from(args: argparse.Namespace) -> Options:
    """Flags first, then the BENCH_* environment variables (Options' defaults)."""
    chosen = {"mode": args.command if args.command in MODES else "full"}
    if getattr(args, "database", None):
        chosen["database"] = args.database
    if getattr(args, "redis_url", None):
        chosen["redis_url"] = args.redis_url
    return Options(**chosen)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command in MODES:
        from .suite import run_suite

        run_suite(options_from(args))
    elif args.command == "embedded":
        from .embedded import main as embedded
        from .suite import log

        embedded(args.duration, args.repeats, args.connections, log)
    elif args.command in ("profile", "inprocess"):
        from .server import setup_django_in_process

        setup_django_in_process(options_from(args))
        if args.command == "profile":
            from .profile import main as run
        else:
            from .inprocess import main as run
        run()
    else:
        from .report import write_report

        path = args.results.resolve()
        write_report(json.loads(path.read_text()), path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
