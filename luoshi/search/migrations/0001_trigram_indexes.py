"""Trigram indexes for the search box on PostgreSQL (pg_trgm): a term is matched as a substring
(`icontains`, which Django writes as UPPER(col::text) LIKE UPPER('%term%')), and a GIN trigram index on
that very expression lets PostgreSQL answer it from the index instead of reading every row. Chinese text
gets trigrams too (pg_trgm hashes non-ASCII characters). SQLite has no such index: there the same query
scans, with the same results (luoshi/search/tests/test_search_index.py proves both).

The migration does nothing on other databases, so the SQLite default keeps working unchanged.
"""

from django.db import migrations

from luoshi.search.indexes import TRIGRAM_INDEXES


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_recurrence_and_tier_weights"),
        ("reports", "0002_alter_reportvalue_target"),
        ("org", "0002_password_and_session_policy"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
