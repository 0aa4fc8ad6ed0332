"""The process helpers shared by the tests and the bench (devtools/processes.py)."""

import os
import socket

import pytest

from devtools.processes import CommandFailed, free_port, manage, served_by


def test_a_failing_manage_command_raises_with_its_error_output():
    with pytest.raises(CommandFailed) as failed:
        manage({**os.environ}, "no_such_command")
    assert "Unknown command: 'no_such_command'" in str(failed.value)


def test_a_manage_command_returns_its_output():
    assert "check" in manage({**os.environ}, "help", "--commands").split()


def test_served_by_names_the_workers_that_answered_matching_requests(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("101 200 GET /api/v1/ HTTP/1.1\n102 429 GET /api/v1/ HTTP/1.1\n103 201 POST /api/v1/men/ HTTP/1.1\n")
    assert served_by(log, "GET /api/v1/") == {"101", "102"}


def test_free_port_gives_a_port_that_can_be_bound_on_loopback():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", free_port()))
