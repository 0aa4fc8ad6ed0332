"""Client suites (`make clients`, a CI extra): the generated Python client against a live server.

Not part of `make test`: the `clients` marker is deselected by default (pyproject addopts).
"""

from pathlib import Path

import pytest

from tests.live_server import live_server


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.clients)


@pytest.fixture(scope="module")
def server():
    """Production settings over plain HTTP, the demo catalog loaded (its first category has id 1)."""
    with live_server() as running:
        yield running
