"""Who sees and edits which plans, tasks and assignments: the scoping every view starts from."""

import pytest
from django.contrib.auth.models import AnonymousUser

from luoshi.plans.models import Assignment, Plan, Task
from luoshi.tests import factories as f


@pytest.fixture
def foreign_plan(other_city):
    """A plan of another deploying unit, with one assignment to a unit of its own."""
    plan = f.PlanFactory(deploying_unit=other_city)
    f.AssignmentFactory(task=f.TaskFactory(plan=plan), unit=f.UnitFactory(parent=other_city))
    return plan


@pytest.fixture
def cast(own_assignment, other_assignment, foreign_plan):
    return own_assignment, other_assignment, foreign_plan


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_liaison_sees_only_own_units_assignments(liaison, cast):
    own, _other, _ = cast
    assert ids(Assignment.objects.visible_to(liaison)) == {own.pk}
    assert ids(Assignment.objects.workable_by(liaison)) == {own.pk}
    assert ids(Task.objects.visible_to(liaison)) == {own.task_id}
    assert ids(Plan.objects.visible_to(liaison)) == {own.task.plan_id}
    assert not Plan.objects.editable_by(liaison).exists()


def test_liaison_sees_nothing_of_draft_plans(liaison, own_assignment):
    Plan.objects.filter(pk=own_assignment.task.plan_id).update(status=Plan.Status.DRAFT)
    assert not Assignment.objects.visible_to(liaison).exists()
    assert not Plan.objects.visible_to(liaison).exists()


def test_supervisor_sees_only_own_deploying_unit(supervisor, cast):
    own, other, _foreign = cast
    assert ids(Plan.objects.visible_to(supervisor)) == {own.task.plan_id}
    assert ids(Plan.objects.editable_by(supervisor)) == {own.task.plan_id}
    assert ids(Assignment.objects.managed_by(supervisor)) == {own.pk, other.pk}
    assert not Assignment.objects.workable_by(supervisor).exists()
    assert set(Task.objects.visible_to(supervisor).values_list("plan_id", flat=True)) == {own.task.plan_id}


def test_other_supervisor_sees_only_theirs(other_supervisor, cast):
    own, _other, foreign = cast
    assert ids(Plan.objects.visible_to(other_supervisor)) == {foreign.pk}
    assert own.pk not in ids(Assignment.objects.managed_by(other_supervisor))


def test_leader_reads_in_scope_and_edits_nothing(leader, cast):
    own, other, _foreign = cast
    assert ids(Plan.objects.visible_to(leader)) == {own.task.plan_id}
    assert ids(Assignment.objects.visible_to(leader)) == {own.pk, other.pk}
    assert not Plan.objects.editable_by(leader).exists()
    assert not Task.objects.editable_by(leader).exists()
    assert not Assignment.objects.workable_by(leader).exists()
    assert not Assignment.objects.managed_by(leader).exists()


def test_administrators_see_no_business_data(sysadmin, cast):
    for qs in (
        Plan.objects.visible_to(sysadmin),
        Task.objects.visible_to(sysadmin),
        Assignment.objects.visible_to(sysadmin),
        Plan.objects.editable_by(sysadmin),
    ):
        assert not qs.exists()


def test_anonymous_sees_nothing(cast):
    anon = AnonymousUser()
    assert not Plan.objects.visible_to(anon).exists()
    assert not Assignment.objects.workable_by(anon).exists()
