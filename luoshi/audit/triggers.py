"""Database triggers that refuse UPDATE and DELETE on the audit table, per database vendor.

Created by migration 0005; kept here, in one place, because the test suite's SQLite flush needs the same
statements (luoshi/conftest.py). A change to them needs a new migration that drops and recreates them.

TRUNCATE is not refused: row triggers do not fire on it, and Django's `flush` (used between the test
suite's transactional tests) truncates on PostgreSQL. In production the application's database role needs
no TRUNCATE privilege on this table; granting only INSERT and SELECT closes that path as well.
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
