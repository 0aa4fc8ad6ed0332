"""api.postgresql: a persistent connection's health check polls its socket, with no query."""

import select
import socket

import psycopg
import pytest
from django.db import connection

from api.postgresql.base import DatabaseWrapper


class PeerSocket:
    """What is_usable sees of a psycopg connection: its socket, with the server's end in our hands."""

    def __init__(self):
        self.ours, self.server = socket.socketpair()
        self.closed = False
        self.pgconn = type("PGconn", (), {"ssl_in_use": False})()

    def fileno(self):
        return self.ours.fileno()


@pytest.fixture
def wrapper():
    backend = DatabaseWrapper({**connection.settings_dict, "ENGINE": "api.postgresql"}, alias="health-check")
    backend.connection = PeerSocket()
    yield backend
    backend.connection.ours.close()
    backend.connection.server.close()


def test_a_connection_with_nothing_to_read_is_usable(wrapper):
    assert wrapper.is_usable() is True


def test_a_connection_the_server_ended_is_unusable(wrapper):
    wrapper.connection.server.sendall(b"E\x00\x00\x00\x05S")  # an ErrorResponse ("terminating connection") ...
    wrapper.connection.server.close()  # ... then end of file
    assert wrapper.is_usable() is False


def test_a_connection_with_anything_unasked_to_read_is_unusable(wrapper):
    wrapper.connection.server.sendall(b"N")  # a notice: not worth keeping the connection for
    assert wrapper.is_usable() is False


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_ended_is_found_unusable_and_opened_again():
    """On the PostgreSQL pass, the real connection, ended by the server; SQLite has no health check."""
    connection.ensure_connection()
    if connection.vendor != "postgresql":
        assert connection.is_usable() is True  # a file: nothing can end it from the outside
        return
    assert connection.is_usable() is True
    backend_pid = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    poll = select.poll()
    poll.register(connection.connection.fileno(), select.POLLIN)
    assert poll.poll(5000), "the server's goodbye arrives"
    assert connection.is_usable() is False
    connection.health_check_done = False  # a new request: Django checks before its first query
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != backend_pid
