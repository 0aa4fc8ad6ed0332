"""The README's example command blocks run verbatim, in order, against one live server (`make readme-test`).

Every ```sh block counts, except the ones that only run make targets (`make run`, `make test`, `make
bench`…: they set things up, they are not examples) and the ones marked `<!-- readme-test: skip (why) -->`.
The server is started as `make run` would serve (debug on, demo data, the default throttles); the only
change to a block is the documented base URL, replaced by the server's.
"""

import re
import subprocess
from dataclasses import dataclass

import pytest

from devtools.processes import ROOT as BASE_DIR
from tests.live_server import live_server

pytestmark = pytest.mark.readme

README = BASE_DIR / "README.md"
DOCUMENTED_BASE_URL = "http://127.0.0.1:8000"
SKIP_MARK = "<!-- readme-test: skip"
MAKE_ONLY = re.compile(r"^([A-Z_]+=\S+ )*make\b")
BLOCK_TIMEOUT = 300  # seconds; npx downloads its package on a first run

# What each example block must print, in order (a block is known by a phrase in it). A new example
# block with no entry here fails, so every example is checked.
EXPECTED = {
    "/api/v1/auth/users/": [
        '"username":"seconduser"',  # registered
        '"title":"Павел"',  # created with the token, cat_id as in the notes
        '"count":',  # the list, read with the JWT
        "{}",  # verify: the refreshed access token is valid
        "{}",  # blacklist: logged out
        '"detail":',  # the access token is refused once logged out (401)
    ],
    "openapi-typescript": [],
    "examples/notes_flow.py": ["blacklist (logout): POST /api/v1/token/blacklist/ -> 200"],
}
# Files the examples write into the working directory (removed afterwards unless they were there before).
WRITTEN = {"openapi-typescript": "men-api.d.ts"}


@dataclass
class Block:
    line: int
    text: str

    def key(self) -> str:
        matches = [key for key in EXPECTED if key in self.text]
        assert len(matches) == 1, f"README.md:{self.line}: add what this block must print to EXPECTED"
        return matches[0]


def example_blocks() -> list[Block]:
    lines = README.read_text().splitlines()
    blocks, start = [], None
    for number, line in enumerate(lines, start=1):
        if start is None and line.strip() == "```sh":
            start = number
        elif start is not None and line.strip() == "```":
            body = lines[start : number - 1]
            commands = [c for c in body if c.strip() and not c.lstrip().startswith("#")]
            marked = start > 1 and lines[start - 2].startswith(SKIP_MARK)
            if not marked and not all(MAKE_ONLY.match(c) for c in commands):
                blocks.append(Block(start, "\n".join(body)))
            start = None
    return blocks


BLOCKS = example_blocks()


@pytest.fixture(scope="module")
def server():
    # As `make run`: debug (demo accounts), the documented default throttles, not the test server's raised ones.
    defaults = {"THROTTLE_ANON": "300/min", "THROTTLE_USER": "1200/min", "THROTTLE_LOGIN": "10/min"}
    with live_server(DJANGO_DEBUG="true", THROTTLE_CREATE="60/min", **defaults) as running:
        yield running


def test_the_readme_has_the_documented_examples():
    assert {block.key() for block in BLOCKS} == set(EXPECTED)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"README.md:{block.line}" for block in BLOCKS])
def test_a_readme_example_block_runs_verbatim_against_the_server(server, block):
    key = block.key()
    written = BASE_DIR / WRITTEN[key] if key in WRITTEN else None
    existed = written is not None and written.exists()
    script = block.text.replace(DOCUMENTED_BASE_URL, server.url)
    try:
        result = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=BLOCK_TIMEOUT,
        )
        assert result.returncode == 0, f"README.md:{block.line} exited {result.returncode}:\n{result.stderr}"
        assert_in_order(result.stdout, EXPECTED[key], block)
        assert "Traceback" not in result.stdout + result.stderr
        if written is not None:
            assert "/api/v1/men/" in written.read_text()  # the TypeScript client has the record paths
    finally:
        if written is not None and not existed:
            written.unlink(missing_ok=True)


def assert_in_order(output: str, expected: list[str], block: Block) -> None:
    position = 0
    for text in expected:
        found = output.find(text, position)
        assert found >= 0, f"README.md:{block.line}: {text!r} missing after position {position} of:\n{output}"
        position = found + len(text)


def test_blocks_skipped_as_setup_are_make_targets_or_marked():
    text = README.read_text()
    total = text.count("```sh")
    marked = text.count(SKIP_MARK)
    make_only = total - marked - len(BLOCKS)
    assert make_only >= 1 and marked >= 1  # the quick start's make run / make test; the deployment recipe
