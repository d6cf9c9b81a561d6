"""Database triggers that refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on the audit table.

Created by migration 0005; kept here, in one place, because the test suite's flush needs the same
statements (luoshi/conftest.py). A change to them needs a new migration that drops and recreates them.

Django's `flush`, which the test suite runs after each transactional test, empties every table: PostgreSQL
by TRUNCATE, SQLite by DELETE. Both are refused here, so the test suite alone drops and recreates the
triggers around its flush; nothing in the application can turn them off.
"""

MESSAGE = "审计记录只能追加，不能修改或删除"
TABLE = "audit_auditentry"

CREATE = {
    "postgresql": [
        f"""
        CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}';
        END;
        $$ LANGUAGE plpgsql
        """,
        f"""
        CREATE TRIGGER audit_refuse_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()
        """,
        f"""
        CREATE TRIGGER audit_refuse_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()
        """,
    ],
    "sqlite": [
        f"""
        CREATE TRIGGER audit_refuse_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
        """,
        f"""
        CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
        """,
    ],
}

DROP = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS audit_refuse_update_delete ON {TABLE}",
        f"DROP TRIGGER IF EXISTS audit_refuse_truncate ON {TABLE}",
        "DROP FUNCTION IF EXISTS audit_refuse_change()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_refuse_update",
        "DROP TRIGGER IF EXISTS audit_refuse_delete",
    ],
}


def statements(kind: dict, vendor: str) -> list[str]:
    """The statements for `vendor`; other databases get none (and no protection: say so in the docs)."""
    return kind.get(vendor, [])
