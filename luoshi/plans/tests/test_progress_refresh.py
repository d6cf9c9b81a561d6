"""The `refresh_lights` command, tested by calling it."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from luoshi.plans.progress.lights import Light


def run(*args):
    out = StringIO()
    call_command("refresh_lights", *args, stdout=out)
    return out.getvalue()


def test_it_turns_an_overdue_assignment_red(own_assignment):
    own_assignment.progress = Decimal(50)
    own_assignment.save()
    output = run("--date", "2026-01-05")
    own_assignment.refresh_from_db()
    own_assignment.task.refresh_from_db()
    assert own_assignment.light == Light.RED
    assert own_assignment.task.light == Light.RED
    assert "有变化" in output


def test_it_is_safe_to_run_twice(own_assignment):
    run("--date", "2026-01-05")
    assert "0 行有变化" in run("--date", "2026-01-05")


def test_it_rejects_a_bad_date(db):
    with pytest.raises(CommandError):
        run("--date", "2025-13-01")


def test_it_loops_until_interrupted(own_assignment, monkeypatch):
    calls = []

    def sleep(seconds):
        calls.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr("luoshi.plans.management.commands.refresh_lights.time.sleep", sleep)
    with pytest.raises(KeyboardInterrupt):
        run("--loop", "--interval", "5", "--date", str(date(2025, 3, 1)))
    assert calls == [5]
