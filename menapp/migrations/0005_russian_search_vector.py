"""PostgreSQL: a stored, GIN-indexed `search_vector` for Russian full-text search (menapp.search).

A generated column, so every write path (ORM, admin, COPY in load_demo) keeps it current. Title
weighs A, content B; the content is indexed up to its first 100,000 characters, which keeps any
record's vector under PostgreSQL's 1 MB tsvector limit (a longer one would make the write fail).
`search` no longer reads content by substring on PostgreSQL, so its trigram index only slowed writes:
it goes (the title's stays, for the substring fallback). The model does not name the column: SQLite
has none, and nothing but the search reads it. SQLite: the migration does nothing.
"""

from django.db import migrations

VECTOR = """
    setweight(to_tsvector('russian'::regconfig, title), 'A')
    || setweight(to_tsvector('russian'::regconfig, left(content, 100000)), 'B')
"""


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE menapp_men ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute("CREATE INDEX IF NOT EXISTS men_search_vector ON menapp_men USING gin (search_vector)")
    schema_editor.execute("DROP INDEX IF EXISTS men_content_trgm")


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE menapp_men DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS men_content_trgm ON menapp_men USING gin (UPPER((content)::text) gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("menapp", "0004_trigram_search_indexes")]

    operations = [migrations.RunPython(add_search_vector, drop_search_vector)]
