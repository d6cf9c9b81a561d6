"""Planner statistics for SQLite.

SQLite keeps no statistics until ANALYZE runs, so on a fresh or freshly grown database its planner guesses
index selectivity and can pick a poor index for the dashboard's and lists' joins. `PRAGMA optimize` is the
cheap, SQLite-recommended remedy: it analyzes only the tables this connection used whose statistics are
missing or stale, so it belongs at the end of work that has just written or read most of the data — the
demo load and the light refresh. PostgreSQL's autovacuum keeps its own statistics; nothing to do there.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def optimize_sqlite(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Run `PRAGMA optimize` when the database is SQLite; return whether it ran."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")
    return True
