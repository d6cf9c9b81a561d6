"""The ladder's dates on the Chinese calendar: 2025's National Day holiday (1–8 October off, Sunday 28
September and Saturday 11 October worked)."""

from datetime import date

import pytest

from luoshi.supervise import ladder
from luoshi.workdays.calendar import WorkingDays

S = ladder.LadderSettings()


@pytest.fixture(scope="module")
def cal():
    return WorkingDays()


def test_a_reminder_window_counts_the_make_up_sunday(cal):
    # From Friday 26 September, three working days are Sunday 28 (调休), Monday 29 and Tuesday 30.
    assert ladder.cutoffs(date(2025, 9, 26), cal, S).remind_until == date(2025, 9, 30)
    assert ladder.cutoffs(date(2025, 9, 25), cal, S).remind_until == date(2025, 9, 29)


def test_the_chase_waits_for_the_working_day_after_the_holiday(cal):
    due = date(2025, 9, 30)
    assert ladder.cutoffs(date(2025, 10, 8), cal, S).chase < due
    assert ladder.cutoffs(date(2025, 10, 9), cal, S).chase >= due


def test_the_warning_comes_five_more_working_days_later(cal):
    due = date(2025, 9, 30)
    # Chase on 9 October; then 10, 11 (调休 Saturday), 13, 14, 15: the warning is due on the 15th.
    assert ladder.cutoffs(date(2025, 10, 14), cal, S).warning < due
    assert ladder.cutoffs(date(2025, 10, 15), cal, S).warning >= due
    assert ladder.cutoffs(date(2025, 10, 21), cal, S).escalation < due
    assert ladder.cutoffs(date(2025, 10, 22), cal, S).escalation >= due


def test_latest_start_is_the_last_day_that_has_had_its_working_days(cal):
    today = date(2025, 10, 9)
    start = ladder.latest_start(cal, today, 1)
    assert cal.add(start, 1) <= today
    assert cal.add(start + (date(2025, 10, 2) - date(2025, 10, 1)), 1) > today


def test_the_report_due_day_follows_the_period_end(cal):
    assert ladder.report_due_day("2025-09", cal, S) == date(2025, 10, 14)
    assert ladder.latest_due_period(date(2025, 10, 14), "monthly", cal, S) == ("2025-09", date(2025, 10, 14))
    assert ladder.latest_due_period(date(2025, 10, 13), "monthly", cal, S)[0] == "2025-08"
    assert ladder.latest_due_period(date(2025, 10, 15), "quarterly", cal, S)[0] == "2025-Q3"
