"""SQLite gets planner statistics (`PRAGMA optimize`) after the light refresh and the demo load; other
databases are left alone."""

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.demo.management.commands import demo
from luoshi.org.dbstats import optimize_sqlite


def _pragmas(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].upper().startswith("PRAGMA OPTIMIZE")]


ON_SQLITE = connection.vendor == "sqlite"  # the suite runs on SQLite and again on PostgreSQL


def test_it_runs_pragma_optimize_on_sqlite_only(db):
    with CaptureQueriesContext(connection) as ctx:
        assert optimize_sqlite() is ON_SQLITE
    assert _pragmas(ctx.captured_queries) == (["PRAGMA optimize"] if ON_SQLITE else [])


def test_it_does_nothing_on_another_database(db, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    with CaptureQueriesContext(connection) as ctx:
        assert optimize_sqlite() is False
    assert ctx.captured_queries == []


def test_refresh_lights_optimizes_after_refreshing(own_assignment):
    with CaptureQueriesContext(connection) as ctx:
        call_command("refresh_lights", "--date", "2026-01-05", stdout=StringIO())
    sql = [q["sql"] for q in ctx.captured_queries]
    if ON_SQLITE:
        assert _pragmas(ctx.captured_queries) == ["PRAGMA optimize"]
        assert sql[-1] == "PRAGMA optimize"  # after the refresh's own queries
    else:
        assert _pragmas(ctx.captured_queries) == []


def test_the_demo_optimizes_after_loading(monkeypatch, tmp_path):
    steps = []
    command = demo.Command(stdout=StringIO())
    monkeypatch.setattr(command, "database_path", lambda db: tmp_path / "luoshi.sqlite3")
    monkeypatch.setattr(command, "check_safe_to_reset", lambda path: None)
    monkeypatch.setattr(command, "reset_database", lambda path: None)
    monkeypatch.setattr(command, "load", lambda: steps.append("load"))
    monkeypatch.setattr(command, "print_accounts", lambda loaded: steps.append("accounts"))
    monkeypatch.setattr(demo, "call_command", lambda *a, **k: steps.append("migrate"))
    monkeypatch.setattr(demo, "optimize_sqlite", lambda: steps.append("optimize"))
    command.handle(port=8000, no_serve=True)
    assert steps == ["migrate", "load", "optimize", "accounts"]
