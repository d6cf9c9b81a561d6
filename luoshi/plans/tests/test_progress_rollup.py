"""Roll-up: weighted, mean and manual rules; cancelled tasks drop out; overrides carry upwards; the
whole-plan recompute is bulk."""

from datetime import date
from decimal import Decimal

import pytest

from luoshi.plans.models import Plan, Task
from luoshi.plans.progress.lights import Light
from luoshi.plans.progress.recompute import recompute_plan, recompute_task, refresh_lights
from luoshi.plans.progress.rollup import AssignmentRow, TaskRow, computed_progress
from luoshi.tests import factories as f

TODAY = date(2025, 7, 2)


def row(pk, weight=1, progress=0, status="active", override=None, parent=None):
    return TaskRow(
        id=pk,
        parent_id=parent,
        weight=Decimal(weight),
        status=status,
        deadline=None,
        computed_progress=Decimal(0),
        progress_override=override,
        progress=Decimal(progress),
        light="green",
    )


def parent_with(*children):
    p = row(1)
    p.children = list(children)
    return p


def test_weighted_rule_weighs_children():
    p = parent_with(row(2, weight=3, progress=100), row(3, weight=1, progress=0))
    assert computed_progress(p, "weighted") == Decimal("75.00")


def test_mean_rule_ignores_weights():
    p = parent_with(row(2, weight=3, progress=100), row(3, weight=1, progress=0))
    assert computed_progress(p, "mean") == Decimal("50.00")


def test_weighted_rule_with_zero_weights_falls_back_to_mean():
    p = parent_with(row(2, weight=0, progress=80), row(3, weight=0, progress=20))
    assert computed_progress(p, "weighted") == Decimal("50.00")


def test_manual_rule_leaves_no_stale_computed_figure():
    """Switched to manual, a parent shows what is entered by hand, not the last computed figure."""
    p = parent_with(row(2, progress=100))
    p.computed_progress = Decimal("12.00")
    assert computed_progress(p, "manual") == Decimal(0)


def test_cancelled_children_drop_out():
    p = parent_with(row(2, progress=100), row(3, progress=0, status="cancelled"))
    assert computed_progress(p, "weighted") == Decimal("100.00")


def test_leaf_uses_lead_assignments_only():
    leaf = row(1)
    leaf.assignments = [
        AssignmentRow(1, "lead", Decimal(60), 0, "green"),
        AssignmentRow(2, "co", Decimal(0), 0, "green"),
    ]
    assert computed_progress(leaf, "weighted") == Decimal("60.00")


def test_leaf_without_lead_uses_all_assignments():
    leaf = row(1)
    leaf.assignments = [
        AssignmentRow(1, "co", Decimal(60), 0, "green"),
        AssignmentRow(2, "co", Decimal(20), 0, "green"),
    ]
    assert computed_progress(leaf, "weighted") == Decimal("40.00")


@pytest.fixture
def tree(city):
    """1 (weight 1) with 1.1 (weight 3, 江岸 at 80%) and 1.2 (weight 1, 江汉 at 40%); 2 a lone leaf."""
    plan = f.PlanFactory(deploying_unit=city, starts_on=date(2025, 1, 1))
    root = f.TaskFactory(plan=plan, code="1", deadline=date(2025, 12, 31))
    a = f.TaskFactory(
        plan=plan, parent=root, code="1.1", depth=2, weight=Decimal(3), deadline=date(2025, 12, 31)
    )
    b = f.TaskFactory(
        plan=plan, parent=root, code="1.2", depth=2, weight=Decimal(1), deadline=date(2025, 12, 31)
    )
    lone = f.TaskFactory(plan=plan, code="2", deadline=None)
    f.AssignmentFactory(task=a, progress=Decimal(80))
    f.AssignmentFactory(task=b, progress=Decimal(40))
    return plan, root, a, b, lone


def _fresh(*objs):
    for o in objs:
        o.refresh_from_db()


def test_recompute_plan_rolls_up_by_weight(tree):
    plan, root, a, b, _lone = tree
    recompute_plan(plan, TODAY)
    _fresh(root, a, b)
    assert (a.progress, b.progress) == (Decimal("80.00"), Decimal("40.00"))
    assert root.computed_progress == root.progress == Decimal("70.00")


def test_recompute_plan_by_mean(tree):
    plan, root, *_ = tree
    plan.rollup = Plan.Rollup.MEAN
    plan.save()
    recompute_plan(plan, TODAY)
    _fresh(root)
    assert root.progress == Decimal("60.00")


def test_cancelled_child_drops_out_of_the_parent(tree):
    plan, root, _a, b, _ = tree
    Task.objects.filter(pk=b.pk).update(status=Task.Status.CANCELLED)
    recompute_plan(plan, TODAY)
    _fresh(root)
    assert root.progress == Decimal("80.00")


def test_override_is_shown_beside_computed_and_carries_up(tree):
    plan, root, _a, b, _ = tree
    Task.objects.filter(pk=b.pk).update(progress_override=Decimal(100))
    recompute_plan(plan, TODAY)
    _fresh(root, b)
    assert b.computed_progress == Decimal("40.00")
    assert b.progress == Decimal("100.00")
    assert root.progress == Decimal("85.00")  # (3×80 + 1×100) / 4


def test_parent_light_is_the_worst_child_and_leaf_the_worst_assignment(tree):
    plan, root, a, b, lone = tree
    # By 2025-07-02 about 50% is expected: 江汉 at 40% is yellow-free (10 points), push it to red.
    b.assignments.update(progress=Decimal(10))
    recompute_plan(plan, TODAY)
    _fresh(root, a, b, lone)
    assert a.light == Light.GREEN
    assert b.assignments.get().light == Light.RED
    assert b.light == Light.RED
    assert root.light == Light.RED
    assert lone.light == Light.GREEN  # no deadline, no assignment: never red from time


def test_completed_task_is_green(tree):
    plan, root, _a, b, _ = tree
    b.assignments.update(progress=Decimal(0))
    Task.objects.filter(pk=b.pk).update(status=Task.Status.COMPLETED)
    recompute_plan(plan, TODAY)
    _fresh(b, root)
    assert b.light == Light.GREEN
    assert root.light == Light.GREEN


def test_recompute_task_walks_up_to_the_root(tree):
    plan, root, a, _b, _ = tree
    recompute_plan(plan, TODAY)
    a.assignments.update(progress=Decimal(100))
    recompute_task(a, TODAY)
    _fresh(root)
    assert root.progress == Decimal("85.00")  # (3×100 + 1×40) / 4


def test_recompute_plan_is_bulk(city, django_assert_max_num_queries):
    plan = f.PlanFactory(deploying_unit=city)
    roots = [f.TaskFactory(plan=plan) for _ in range(5)]
    for r in roots:
        for _ in range(6):
            leaf = f.TaskFactory(plan=plan, parent=r, depth=2)
            f.AssignmentFactory(task=leaf, progress=Decimal(50))
    # Independent of the 35 tasks: the plan lock (the cascade chain, then the lock itself), the plan, its
    # tasks, their open milestones, their assignments and the calendar's entered days; at most 2 bulk updates
    # and the light history's one insert; a savepoint around it all.
    with django_assert_max_num_queries(12):
        recompute_plan(plan, date(2026, 6, 1))
    assert set(Task.objects.filter(plan=plan).values_list("light", flat=True)) == {Light.RED}


def test_refresh_lights_is_idempotent(tree):
    _plan, *_ = tree
    assert refresh_lights(TODAY) > 0
    assert refresh_lights(TODAY) == 0


def test_refresh_lights_skips_drafts(tree):
    plan, _root, *_ = tree
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    assert refresh_lights(TODAY) == 0
