"""Chinese working days: the package's holidays and 调休, the office's own entries first, weekdays for years
nobody covers yet; and the light rule counting with them when the deployment says so."""

from datetime import date

import pytest
from django.contrib.admin.sites import site

from luoshi.plans.progress.lights import LightPolicy, Situation, judge, overdue_days
from luoshi.plans.progress.recompute import current_policy, recompute_plan
from luoshi.tests import factories as f
from luoshi.workdays.calendar import WorkingDays
from luoshi.workdays.models import DayOverride, working_days


def test_national_day_week_is_off_and_the_make_up_saturday_is_on():
    cal = WorkingDays()
    assert not cal.is_workday(date(2025, 10, 1))  # 国庆节
    assert cal.is_workday(date(2025, 9, 28))  # a Sunday worked for the long holiday (调休)
    assert cal.is_workday(date(2025, 10, 11))  # and a Saturday
    assert not cal.is_workday(date(2025, 9, 27))  # an ordinary Saturday


def test_days_between_counts_working_days_after_the_start():
    cal = WorkingDays()
    # Mon 2025-03-03 → Mon 2025-03-10: five working days (Tue–Fri and the next Monday)
    assert cal.days_between(date(2025, 3, 3), date(2025, 3, 10)) == 5
    assert cal.days_between(date(2025, 3, 10), date(2025, 3, 3)) == -5
    # Across 国庆: 9-30 (Tue) → 10-9 (Thu): 10-1..10-8 off, 10-9 on → 1
    assert cal.days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1


def test_counting_agrees_with_walking_day_by_day():
    cal = WorkingDays()
    start, end = date(2024, 12, 20), date(2026, 2, 28)
    walked, day = 0, start
    while day < end:
        day = date.fromordinal(day.toordinal() + 1)
        walked += cal.is_workday(day)
    assert cal.days_between(start, end) == walked


def test_a_time_limit_of_n_working_days():
    cal = WorkingDays()
    assert cal.add(date(2025, 9, 30), 1) == date(2025, 10, 9)  # a 1-working-day limit over the holiday
    assert cal.add(date(2025, 3, 7), 5) == date(2025, 3, 14)  # Fri + 5 = next Fri


def test_the_offices_entries_win_and_uncovered_years_fall_back_to_weekdays():
    cal = WorkingDays({date(2027, 1, 1): False, date(2027, 1, 4): False})
    assert not cal.is_workday(date(2027, 1, 1)) and not cal.is_workday(date(2027, 1, 4))
    assert cal.is_workday(date(2027, 1, 5))  # a Tuesday, no entry: weekdays count
    assert not cal.is_workday(date(2027, 1, 9))  # a Saturday
    assert 2027 in cal.uncovered_years


def test_the_light_rule_counts_overdue_in_working_days():
    cal = WorkingDays()
    policy = LightPolicy(calendar=cal)
    # Due Tue 9-30; on Thu 10-9 only one working day has passed, though nine calendar days have.
    assert overdue_days(date(2025, 9, 30), 50, date(2025, 10, 9), policy) == 1
    assert overdue_days(date(2025, 9, 30), 50, date(2025, 10, 9)) == 9
    verdict = judge(Situation(today=date(2025, 10, 9), progress=50, deadline=date(2025, 9, 30)), policy)
    assert verdict.reason == "已逾期1天"


@pytest.mark.django_db
def test_the_deployment_chooses_the_calendar(settings, plan, own_unit):
    assert current_policy().calendar.__class__.__name__ == "CalendarDays"
    settings.LIGHT_CALENDAR = "workdays"
    DayOverride.objects.create(day=date(2025, 10, 9), is_workday=False, name="本地假日")
    policy = current_policy()
    assert isinstance(policy.calendar, WorkingDays) and not policy.calendar.is_workday(date(2025, 10, 9))
    task = f.TaskFactory(plan=plan, deadline=date(2025, 9, 30))
    a = f.AssignmentFactory(task=task, unit=own_unit, progress=50)
    recompute_plan(plan, date(2025, 10, 10))
    a.refresh_from_db()
    assert (a.is_overdue, a.days_overdue) == (True, 1)  # 10-9 is the office's holiday; only 10-10 counts


@pytest.mark.django_db
def test_the_system_administrator_keeps_the_entries():
    admin_roles = site._registry[DayOverride].add_roles
    assert list(admin_roles) == ["sysadmin"]
    assert working_days().overrides == {}


def test_counting_in_a_covered_year_warns_about_no_other_year():
    # Counting builds running totals from 2000 on; the years before the package's first (2004) are only
    # guessed Monday to Friday, but no deadline asked about them, so no page should warn about them.
    cal = WorkingDays()
    assert cal.days_between(date(2025, 1, 1), date(2025, 2, 1)) > 0
    assert cal.uncovered_years == set()
