"""The benchmark's PostgreSQL database: recreate it, settle its statistics, undo the create runs' rows."""

import psycopg

from .options import ADMIN_DSN, Options


def recreate_database(options: Options) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{options.database}"')


def vacuum_analyze(options: Options) -> None:
    """Fresh statistics and visibility map, as autovacuum would leave them on a settled table."""
    with psycopg.connect(options.psycopg_dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def delete_created_records(options: Options, ids: dict) -> None:
    """Create runs add rows: remove them so every round measures the same table size."""
    with psycopg.connect(options.psycopg_dsn, autocommit=True) as conn:
        conn.execute(
            "DELETE FROM menapp_men WHERE user_id = %s AND id <> ALL(%s)", (ids["user_id"], ids["own_record_ids"])
        )
