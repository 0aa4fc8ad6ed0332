"""Trigram indexes so that `search` (icontains: UPPER(col) LIKE UPPER('%term%')) uses an index on PostgreSQL.

SQLite has no such index type; there the migration does nothing.
"""

from django.db import migrations

INDEXES = {
    "men_title_trgm": "UPPER((title)::text)",
    "men_content_trgm": "UPPER((content)::text)",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON menapp_men USING gin ({expression} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("menapp", "0003_newest_first_index")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
