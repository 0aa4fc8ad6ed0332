"""Django's PostgreSQL backend, with a health check that costs no round trip, and prepared statements
for the statements the app sends again and again (`statement_cursor`).

With CONN_HEALTH_CHECKS, Django checks a persistent connection before a request's first query by
running `SELECT 1`: one more round trip for every request that uses the database (0.14 ms of a 4 ms
write, bench/PROFILE.md). A connection at rest has nothing to read: the server sends nothing unasked
except to end the connection (an error message, then end of file: a restart, pg_terminate_backend, an
idle timeout) or a notice. So a zero-timeout poll of its socket tells a closed connection from a usable
one, and anything waiting to be read counts as unusable: Django opens a new connection, as after a
failed `SELECT 1`. Over TLS the socket may carry records that hold no message, so those connections
keep Django's own check. Django documents `is_usable` as the backend's hook for this check; no
maintained backend offers a cheaper one.
"""

import select

import psycopg
from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        """The statement as it ran, with its values: as Django shows it, also for a statement whose values
        were bound on the server (`statement_cursor`)."""
        if isinstance(cursor, psycopg.ClientCursor):
            return super().last_executed_query(cursor, sql, params)
        try:
            return self.compose_sql(sql, params)
        except psycopg.DataError:
            return None


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.pgconn.ssl_in_use:
            return super().is_usable()
        poll = select.poll()  # not select(): no limit on the descriptor's number
        try:
            poll.register(connection.fileno(), select.POLLIN)
            return not poll.poll(0)
        except (OSError, ValueError):
            return False

    @property
    def keeps_prepared_statements(self) -> bool:
        """Whether this connection may keep prepared statements: `prepare_threshold` is set (config.settings:
        PostgreSQL reached directly, not through PgBouncer in transaction mode)."""
        return self.settings_dict["OPTIONS"].get("prepare_threshold") is not None

    binds_on_server = False  # set while `statement_cursor` asks Django's cursor path for its cursor

    def statement_cursor(self):
        """A cursor for a statement this process sends again and again (api.compiled, menapp.services).

        Django's cursors bind values on the client, so PostgreSQL parses and plans each statement anew.
        Where the connection may keep prepared statements, this one binds them on the server, and psycopg
        prepares a statement once it has run `prepare_threshold` times on the connection. It comes through
        Django's own `cursor()` (health check, error mapping, query logging); only the driver's cursor
        class differs (`create_cursor`).
        """
        if not self.keeps_prepared_statements:
            return self.cursor()
        self.binds_on_server = True
        try:
            return self.cursor()
        finally:
            self.binds_on_server = False

    def create_cursor(self, name=None):
        if name is not None or not self.binds_on_server:
            return super().create_cursor(name)
        cursor = psycopg.Cursor(self.connection)
        # As Django's: the connection's time zone, if its loader has another one.
        loader = self.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
        if self.timezone != loader.timezone:
            register_tzloader(self.timezone, cursor)
        return cursor
