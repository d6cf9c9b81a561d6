"""Each rule has one home, and every page agrees with it: what counts as a task, what is overdue, which
assignments make a task's progress and light, when a unit's schedule starts, and the light history.

Each test here reproduces a finding where two copies of a rule disagreed on screen."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.audit.services import Actor
from luoshi.conftest import login
from luoshi.plans import services
from luoshi.plans.models import Assignment, LightChange, Plan, Task
from luoshi.plans.progress.lights import Light
from luoshi.plans.progress.recompute import recompute_plan
from luoshi.plans.services import ServiceError
from luoshi.plans.views.figures import with_figures
from luoshi.reports.queries import my_task_rows
from luoshi.supervise import queries
from luoshi.tests import factories as f

TODAY = datetime.date(2025, 7, 2)
PAST = datetime.date(2025, 6, 30)


def test_a_task_whose_only_child_is_cancelled_counts_once_everywhere(plan, own_unit):
    parent = f.TaskFactory(plan=plan, code="1")
    f.TaskFactory(plan=plan, parent=parent, code="1.1", depth=2, status=Task.Status.CANCELLED)
    f.AssignmentFactory(task=f.TaskFactory(plan=plan, code="2"), unit=own_unit)
    recompute_plan(plan, TODAY)
    listed = with_figures(Plan.objects.filter(pk=plan.pk)).get()
    board = queries.dashboard(plan, TODAY)
    assert listed.task_count == board.totals["tasks"] == Task.objects.counted().filter(plan=plan).count() == 2


def test_a_completed_task_is_overdue_on_no_page(client, supervisor, liaison, plan):
    task = f.TaskFactory(plan=plan, code="1", deadline=PAST, status=Task.Status.COMPLETED)
    f.AssignmentFactory(task=task, unit=liaison.unit, progress=50, acknowledged=True)
    live = f.TaskFactory(plan=plan, code="2", deadline=PAST)
    f.AssignmentFactory(task=live, unit=liaison.unit, progress=50, acknowledged=True)
    recompute_plan(plan, TODAY)
    mine = my_task_rows(liaison, TODAY)
    assert mine.counts["overdue"] == 1
    listed = with_figures(Plan.objects.filter(pk=plan.pk)).get()
    assert listed.overdue_count == 1
    page = login(client, supervisor).get(reverse("plans:detail", args=[plan.pk]), {"overdue": "on"})
    assert [t.code for t in page.context["rows"]] == ["2"]
    assert queries.overdue(plan)[1] == 1


def test_overdue_days_are_stored_with_the_light(plan, own_unit):
    task = f.TaskFactory(plan=plan, deadline=PAST)
    a = f.AssignmentFactory(task=task, unit=own_unit, progress=40)
    recompute_plan(plan, TODAY)
    a.refresh_from_db()
    task.refresh_from_db()
    assert (a.is_overdue, a.days_overdue, a.light) == (True, 2, Light.RED)
    assert (task.is_overdue, task.days_overdue) == (True, 2)
    recompute_plan(plan, PAST)  # on the due day itself nothing is overdue
    a.refresh_from_db()
    assert (a.is_overdue, a.days_overdue) == (False, 0)


def test_the_co_unit_does_not_hold_a_finished_task_yellow(plan, own_unit, other_unit):
    task = f.TaskFactory(plan=plan, deadline=datetime.date(2025, 12, 31))
    f.AssignmentFactory(task=task, unit=own_unit, progress=100)
    f.AssignmentFactory(task=task, unit=other_unit, role=Assignment.Role.CO, progress=5)
    recompute_plan(plan, datetime.date(2025, 12, 28))  # due within a week: an unfinished unit is yellow
    task.refresh_from_db()
    assert (task.progress, task.light) == (Decimal("100.00"), Light.GREEN)
    co = task.assignments.get(role=Assignment.Role.CO)
    assert co.light != Light.GREEN  # the co unit's own light still tells it where it stands


def test_a_unit_assigned_late_starts_its_schedule_when_assigned(plan, own_unit, other_unit):
    task = f.TaskFactory(plan=plan, deadline=datetime.date(2025, 12, 31))
    early = f.AssignmentFactory(task=task, unit=own_unit, progress=0)
    late = f.AssignmentFactory(task=task, unit=other_unit, progress=0, assigned_on=TODAY)
    recompute_plan(plan, TODAY)
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.light == Light.RED  # half the year gone, nothing done
    assert late.light == Light.GREEN  # assigned today: nothing was expected yet


def test_a_new_assignment_is_due_with_its_task_and_follows_its_deadline(supervisor, plan, task, own_unit):
    services.assign(Actor(supervisor), task, lead_units=[own_unit], co_units=[])
    a = task.assignments.get()
    assert a.due_on == task.deadline and a.assigned_on is not None
    services.update_task(Actor(supervisor), task, deadline=datetime.date(2025, 9, 30))
    a.refresh_from_db()
    assert a.due_on == datetime.date(2025, 9, 30)


def test_a_child_cannot_be_added_under_an_assigned_task(supervisor, plan, own_assignment):
    task = own_assignment.task
    with pytest.raises(ServiceError, match="已交办给1个单位"):
        services.add_task(Actor(supervisor), plan, title="细化任务", parent=task)
    assert not task.children.exists()


def test_a_childs_deadline_stays_within_its_parents(supervisor, plan):
    parent = services.add_task(Actor(supervisor), plan, title="上级", deadline=datetime.date(2025, 6, 30))
    with pytest.raises(ServiceError, match="不能晚于上级任务"):
        services.add_task(
            Actor(supervisor), plan, title="下级", parent=parent, deadline=datetime.date(2025, 7, 31)
        )
    child = services.add_task(
        Actor(supervisor), plan, title="下级", parent=parent, deadline=datetime.date(2025, 5, 31)
    )
    with pytest.raises(ServiceError, match="不能晚于上级任务"):
        services.update_task(Actor(supervisor), child, deadline=datetime.date(2025, 8, 31))
    with pytest.raises(ServiceError, match="晚于新的时限"):
        services.update_task(Actor(supervisor), parent, deadline=datetime.date(2025, 5, 1))


def test_manual_rollup_shows_that_a_parent_awaits_its_figure(client, supervisor, plan, own_unit):
    parent = f.TaskFactory(plan=plan, code="1")
    leaf = f.TaskFactory(plan=plan, parent=parent, code="1.1", depth=2)
    f.AssignmentFactory(task=leaf, unit=own_unit, progress=80)
    recompute_plan(plan, TODAY)
    parent.refresh_from_db()
    assert parent.progress == Decimal("80.00")
    services.update_plan(Actor(supervisor), plan, rollup=Plan.Rollup.MANUAL)
    parent.refresh_from_db()
    assert parent.progress == 0
    html = login(client, supervisor).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "待手工填报" in html
    assert "80%" in html  # the leaf still shows its own figure


def test_the_supervisor_sees_who_is_responsible(client, supervisor, plan, task, own_unit):
    f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True, responsible_person="李文华")
    html = login(client, supervisor).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "责任人：李文华" in html


def test_each_light_change_is_kept_with_its_day_and_reason(plan, own_unit):
    task = f.TaskFactory(plan=plan, deadline=PAST)
    a = f.AssignmentFactory(task=task, unit=own_unit, progress=60)
    recompute_plan(plan, datetime.date(2025, 6, 1))
    recompute_plan(plan, datetime.date(2025, 6, 1))  # the same day again: nothing new to keep
    recompute_plan(plan, TODAY)
    changes = list(LightChange.objects.filter(assignment=a).values_list("on", "previous", "light", "reason"))
    assert changes == [
        (datetime.date(2025, 6, 1), "green", "yellow", "落后时间进度23.9个百分点"),
        (TODAY, "yellow", "red", "已逾期2天"),
    ]
    assert LightChange.objects.filter(task=task, assignment=None).count() == 2


def test_a_refusal_names_each_unit_once(supervisor, plan, task, own_unit):
    a = f.AssignmentFactory(task=task, unit=own_unit)
    for period in ("2025-01", "2025-02", "2025-03"):
        f.ReportFactory(assignment=a, period=period, status="accepted")
    with pytest.raises(ServiceError) as refused:
        services.assign(Actor(supervisor), task, lead_units=[], co_units=[])
    assert str(refused.value).count(own_unit.short_name or own_unit.name) == 1
