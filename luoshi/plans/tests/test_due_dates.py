"""A due date on a weekend or holiday moves to the last working day before it (per plan, on by default),
wherever `due_on` comes from a deadline; a calendar edit shows what it would move before it moves; years
the calendar does not cover warn instead of failing."""

from datetime import date

import pytest
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.drafts import services as draft_services
from luoshi.plans import services
from luoshi.plans.due import calendar_moves, derive_due_on
from luoshi.plans.models import Assignment
from luoshi.tests import factories as f
from luoshi.tests.factories import lead_unassigned
from luoshi.workdays.calendar import WorkingDays
from luoshi.workdays.models import DayOverride, uncovered_warning, uncovered_years

NATIONAL_DAY = date(2025, 10, 1)  # Wednesday, 国庆节
LAST_DAY_BEFORE = date(2025, 9, 30)
MAKE_UP_SUNDAY = date(2025, 9, 28)  # 调休: a Sunday worked


def test_a_holiday_moves_back_to_the_last_working_day_and_a_make_up_day_stays():
    cal = WorkingDays()
    assert derive_due_on(NATIONAL_DAY, True, cal) == LAST_DAY_BEFORE
    assert derive_due_on(date(2025, 10, 8), True, cal) == LAST_DAY_BEFORE  # the holiday's last day
    assert derive_due_on(MAKE_UP_SUNDAY, True, cal) == MAKE_UP_SUNDAY
    assert derive_due_on(date(2025, 10, 11), True, cal) == date(2025, 10, 11)  # make-up Saturday
    assert derive_due_on(date(2025, 9, 27), True, cal) == date(2025, 9, 26)  # ordinary Saturday
    assert derive_due_on(NATIONAL_DAY, False, cal) == NATIONAL_DAY
    assert derive_due_on(None, True, cal) is None


def test_a_year_without_data_counts_weekdays_and_is_reported_uncovered(db):
    cal = WorkingDays()
    assert not cal.covers(2099) and cal.covers(2025)
    assert derive_due_on(date(2099, 10, 1), True, cal) == date(2099, 10, 1)  # a Thursday: no holiday known
    assert derive_due_on(date(2099, 10, 3), True, cal) == date(2099, 10, 2)  # Saturday → Friday
    assert uncovered_years([date(2099, 10, 1), date(2025, 1, 1), None]) == [2099]
    assert "2099年的法定节假日和调休安排尚未录入工作日历" in uncovered_warning([date(2099, 10, 1)])
    DayOverride.objects.create(day=date(2099, 10, 1), is_workday=False, name="国庆节")
    assert uncovered_years([date(2099, 10, 1)]) == []
    assert derive_due_on(date(2099, 10, 1), True, WorkingDays({date(2099, 10, 1): False})) == date(
        2099, 9, 30
    )


@pytest.fixture
def actor(supervisor):
    return Actor(user=supervisor, ip="127.0.0.1")


def test_assigning_moves_the_due_date_unless_the_plan_says_not(actor, plan, own_unit, other_unit):
    task = f.TaskFactory(plan=plan, deadline=NATIONAL_DAY)
    services.assign(actor, task, lead_units=[own_unit], co_units=[])
    assert Assignment.objects.get(task=task).due_on == LAST_DAY_BEFORE

    plain = f.PlanFactory(deploying_unit=plan.deploying_unit, due_on_previous_workday=False)
    kept = f.TaskFactory(plan=plain, deadline=NATIONAL_DAY)
    services.assign(actor, kept, lead_units=[other_unit], co_units=[])
    assert Assignment.objects.get(task=kept).due_on == NATIONAL_DAY


def test_changing_the_deadline_derives_the_due_date_again(actor, own_assignment):
    services.update_task(actor, own_assignment.task, deadline=NATIONAL_DAY)
    own_assignment.refresh_from_db()
    assert own_assignment.due_on == LAST_DAY_BEFORE


def test_turning_the_setting_off_and_on_moves_derived_dates_and_leaves_an_extension(
    actor, plan, own_unit, other_unit
):
    task = f.TaskFactory(plan=plan, deadline=NATIONAL_DAY)
    moved = f.AssignmentFactory(task=task, unit=own_unit)
    extended = f.AssignmentFactory(task=task, unit=other_unit, due_on=date(2025, 10, 20))
    assert moved.due_on == LAST_DAY_BEFORE

    services.update_plan(actor, plan, due_on_previous_workday=False)
    moved.refresh_from_db(), extended.refresh_from_db()
    assert (moved.due_on, extended.due_on) == (NATIONAL_DAY, date(2025, 10, 20))
    services.update_plan(actor, plan, due_on_previous_workday=True)
    moved.refresh_from_db()
    assert moved.due_on == LAST_DAY_BEFORE


def test_publishing_a_draft_moves_due_dates(actor, city, own_unit):
    draft = draft_services.create_draft_from_text(
        actor, deploying_unit=city, title="国庆前工作", year=2025, text="一、做好节前检查。10月1日前完成。\n"
    )
    draft = lead_unassigned(actor, draft, own_unit)
    plan = draft_services.publish_draft(actor, draft)
    assignment = Assignment.objects.get(task__plan=plan)
    assert assignment.task.deadline == NATIONAL_DAY
    assert assignment.due_on == LAST_DAY_BEFORE


MONDAY = date(2025, 6, 30)


@pytest.fixture
def due_monday(plan, own_unit):
    return f.AssignmentFactory(task=f.TaskFactory(plan=plan, deadline=MONDAY), unit=own_unit)


def _entry(**extra):
    return {"day": "2025-06-30", "is_workday": "", "name": "地方假日", "_save": "保存", **extra}


def test_a_calendar_entry_shows_what_it_moves_and_moves_it_only_when_confirmed(client, sysadmin, due_monday):
    client.force_login(sysadmin)
    assert calendar_moves({MONDAY: False})[0].after == date(2025, 6, 27)

    preview = client.post("/admin/workdays/dayoverride/add/", _entry())
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "保存前请确认" in page and "2025年6月27日" in page and due_monday.unit.display_name in page
    assert not DayOverride.objects.exists()
    due_monday.refresh_from_db()
    assert due_monday.due_on == MONDAY

    done = client.post("/admin/workdays/dayoverride/add/", _entry(_due_moves_confirmed="1"))
    assert done.status_code == 302
    due_monday.refresh_from_db()
    assert due_monday.due_on == date(2025, 6, 27)
    assert AuditEntry.objects.filter(action="move_due_dates").count() == 1


def test_deleting_an_entry_lists_the_dates_it_moves_back(client, sysadmin, due_monday):
    client.force_login(sysadmin)
    client.post("/admin/workdays/dayoverride/add/", _entry(_due_moves_confirmed="1"))
    entry = DayOverride.objects.get()
    url = f"/admin/workdays/dayoverride/{entry.pk}/delete/"
    assert "2025年6月30日" in client.get(url).content.decode()
    client.post(url, {"post": "yes"})
    due_monday.refresh_from_db()
    assert due_monday.due_on == MONDAY and not DayOverride.objects.exists()


def test_an_entry_that_moves_nothing_saves_at_once(client, sysadmin, due_monday):
    client.force_login(sysadmin)
    response = client.post("/admin/workdays/dayoverride/add/", _entry(day="2025-07-15"))
    assert response.status_code == 302 and DayOverride.objects.count() == 1


def test_pages_warn_about_a_deadline_in_a_year_without_calendar_data(client, liaison, plan, own_unit):
    task = f.TaskFactory(plan=plan, deadline=date(2099, 3, 31))
    assignment = f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True)
    client.force_login(liaison)
    for url in (reverse("reports:my_tasks"), reverse("reports:assignment", args=[assignment.pk])):
        page = client.get(url).content.decode()
        assert "2099年的法定节假日和调休安排尚未录入工作日历" in page, url


def test_a_deadline_before_the_calendars_first_year_is_counted_not_fatal():
    cal = WorkingDays()
    # Friday 1999-12-31 → Monday 2000-01-03: one working day after the start (3 January; 1 January is a
    # Saturday, and the package has no 2000 holidays: weekdays count).
    assert cal.days_between(date(1999, 12, 31), date(2000, 1, 3)) == 1
    assert cal.days_between(date(1999, 12, 27), date(1999, 12, 31)) == 4
    assert 1999 in cal.uncovered_years
