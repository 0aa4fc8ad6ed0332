"""Schemathesis against a live server, once per role: anonymous, a regular user and staff (both with a JWT).

Each role gets a fresh server and database, so one role's deletions do not starve the next.
Run it with `make contract` (bounded, for CI) or `make contract-long`; extra arguments go to `st run`:

    .venv/bin/python -m tests.contract.run --max-examples 50 [--role staff] [-- --seed 1234]
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.live_server import STAFF_PASSWORD, STAFF_USERNAME, USER_PASSWORD, USER_USERNAME, live_server

ROLES = {"anonymous": None, "user": (USER_USERNAME, USER_PASSWORD), "staff": (STAFF_USERNAME, STAFF_PASSWORD)}
ST = Path(sys.executable).with_name("st")
LOG_DIR = Path(tempfile.gettempdir()) / "men-api-contract"


def run_role(role: str, max_examples: int, extra: list[str]) -> int:
    print(f"\n=== schemathesis as {role} ===", flush=True)
    with live_server(log=LOG_DIR / f"{role}-server.log") as server:
        headers = []
        if ROLES[role] is not None:
            access = server.jwt(*ROLES[role])["access"]
            headers = ["--header", f"Authorization: Bearer {access}"]
        command = [
            str(ST),
            "run",
            f"{server.url}/api/v1/schema/",
            "--checks",
            "all",
            "--mode",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            str(max_examples),
            "--request-timeout",
            "30",
            *headers,
            *extra,
        ]
        code = subprocess.run(command).returncode
        if code:
            print(f"The server's log (tracebacks of any 500): {server.log}", flush=True)
        return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--role", choices=ROLES, action="append", help="default: every role")
    parser.add_argument("extra", nargs="*", help="more `st run` options, after `--`")
    args = parser.parse_args()
    failed = [role for role in args.role or ROLES if run_role(role, args.max_examples, args.extra)]
    if failed:
        print(f"\nschemathesis failed for: {', '.join(failed)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
