"""Recurring work (每月25日前, 每季度末): its occurrences, and the one it answers for now (plans.due)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from luoshi.plans.due import current_occurrence, last_occurrence, occurrences
from luoshi.plans.progress.recompute import recompute_plan
from luoshi.tests import factories as f
from luoshi.workdays.calendar import WorkingDays

CAL = WorkingDays()


def test_quarter_ends_are_the_last_days_of_march_june_september_december():
    assert occurrences("quarterly", None, date(2025, 1, 1), date(2025, 12, 31)) == [
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
    ]


def test_a_quarterly_day_falls_in_the_quarters_last_month_and_a_late_start_skips_what_is_past():
    assert occurrences("quarterly", 20, date(2025, 4, 1), date(2025, 12, 31)) == [
        date(2025, 6, 20),
        date(2025, 9, 20),
        date(2025, 12, 20),
    ]


def test_month_ends_follow_the_months_length_and_a_day_past_it_is_the_last_day():
    ends = occurrences("monthly", None, date(2024, 1, 1), date(2024, 4, 30))
    assert ends == [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]
    assert occurrences("monthly", 31, date(2025, 2, 1), date(2025, 3, 31)) == [
        date(2025, 2, 28),
        date(2025, 3, 31),
    ]
    assert occurrences("monthly", 25, date(2025, 1, 26), date(2025, 3, 31)) == [
        date(2025, 2, 25),
        date(2025, 3, 25),
    ]


def test_the_years_last_occurrence_is_the_tasks_deadline():
    assert last_occurrence("monthly", 25, 2025) == date(2025, 12, 25)
    assert last_occurrence("quarterly", None, 2025) == date(2025, 12, 31)


def _current(recurrence, day, reported_on, moves=True, started=date(2024, 1, 1)):
    return current_occurrence(
        recurrence,
        day,
        started=started,
        final=last_occurrence(recurrence, day, started.year),
        reported_on=reported_on,
        moves=moves,
        calendar=CAL,
    )


def test_an_occurrence_on_a_day_off_moves_back_to_the_last_working_day_as_any_deadline():
    # 2024-03-31 is a Sunday: the first quarter's work is due on Friday 29 March.
    assert _current("quarterly", None, None) == date(2024, 3, 29)
    assert _current("quarterly", None, None, moves=False) == date(2024, 3, 31)
    # 2025-05-25 is a Sunday: May's report is due on Friday 23 May.
    assert _current("monthly", 25, date(2025, 4, 20), started=date(2025, 4, 1)) == date(2025, 5, 23)


def test_a_report_covers_the_first_occurrence_due_on_or_after_it_and_the_next_one_becomes_due():
    assert _current("quarterly", None, date(2024, 3, 20)) == date(2024, 6, 28)  # 30 June 2024: Sunday
    assert _current("quarterly", None, date(2024, 3, 29)) == date(2024, 6, 28)  # on the day itself
    assert _current("monthly", 25, date(2025, 1, 10), started=date(2025, 1, 1)) == date(2025, 2, 25)


def test_with_no_report_the_first_occurrence_stays_due_so_the_work_falls_overdue():
    assert _current("monthly", 25, None, started=date(2025, 1, 1)) == date(
        2025, 1, 24
    )  # 25 Jan 2025: Saturday


def test_after_the_last_occurrence_is_covered_the_last_one_stays():
    assert _current("quarterly", None, date(2024, 12, 30)) == date(2024, 12, 31)


@pytest.fixture
def recurring(db):
    """每月25日前报送, in a plan starting 1 January 2025 that moves deadlines to working days."""
    task = f.TaskFactory(recurrence="monthly", recurrence_day=25, deadline=date(2025, 12, 25))
    return f.AssignmentFactory(task=task, progress=Decimal("30"))


def _refreshed(assignment, today):
    recompute_plan(assignment.task.plan, today=today)
    assignment.refresh_from_db()
    return assignment


def test_the_refresh_keeps_due_on_at_the_current_occurrence_and_the_light_judges_it(recurring):
    a = _refreshed(recurring, date(2025, 1, 10))
    assert a.due_on == date(2025, 1, 24)  # 25 January 2025 is a Saturday
    assert (a.is_overdue, a.light) == (False, "green")
    a = _refreshed(a, date(2025, 1, 22))
    assert a.light == "yellow" and not a.is_overdue  # this month's report is near
    a = _refreshed(a, date(2025, 2, 3))
    assert a.due_on == date(2025, 1, 24) and a.is_overdue and a.light == "red"  # missed: never left undue
    assert a.days_overdue > 0


def test_a_report_moves_the_work_on_to_the_next_occurrence(recurring):
    recurring.last_reported_at = datetime(2025, 1, 20, 10, tzinfo=UTC)
    recurring.save(update_fields=["last_reported_at"])
    a = _refreshed(recurring, date(2025, 2, 3))
    assert a.due_on == date(2025, 2, 25)
    assert not a.is_overdue
