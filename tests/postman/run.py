"""`make newman`: the Postman collection (postman/) run by newman against a live server.

    python -m tests.postman.run [newman options…]

Starts the same live server as the contract and browser tests (production settings over plain
HTTP, the demo catalog loaded, so category 1 exists, access tokens living 5 minutes), runs newman on the collection with
`baseUrl` pointing at it, and exits with newman's code.
"""

import subprocess
import sys

from devtools.processes import ROOT as BASE_DIR
from tests.live_server import live_server

COLLECTION = BASE_DIR / "postman" / "men-api.postman_collection.json"
NEWMAN = BASE_DIR / "node_modules" / ".bin" / "newman"


def main(argv: list[str]) -> int:
    if not NEWMAN.exists():
        print(f"{NEWMAN} is missing: run `npm ci` first (make newman does)", file=sys.stderr)
        return 2
    # The notes' 5-minute access tokens (the live server's default is longer, for the fuzzer).
    with live_server(JWT_ACCESS_TOKEN_LIFETIME_MINUTES="5") as server:
        command = [str(NEWMAN), "run", str(COLLECTION), "--env-var", f"baseUrl={server.url}", "--bail", *argv]
        return subprocess.run(command, cwd=BASE_DIR).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
