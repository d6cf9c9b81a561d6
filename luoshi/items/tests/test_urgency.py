"""An item's urgency is the one the rest of the system sees (签收 limits, statistics), through plans.urgency."""

from luoshi.plans import urgency
from luoshi.plans.models import Assignment
from luoshi.tests import factories as f


def test_an_items_assignments_carry_its_urgency_and_a_plans_are_normal(item, plan, own_unit):
    other = f.AssignmentFactory(task=f.TaskFactory(plan=plan, code="8"), unit=own_unit)
    mine = list(Assignment.objects.filter(task__plan=item.plan).values_list("pk", flat=True))
    assert mine
    found = urgency.urgencies([*mine, other.pk])
    assert {found[pk] for pk in mine} == {item.urgency} == {"urgent"}
    assert found[other.pk] == "normal"


def test_only_extra_urgent_work_is_acknowledged_the_same_day():
    assert urgency.acknowledge_limit(urgency.Urgency.EXTRA_URGENT) == 0
    assert urgency.acknowledge_limit(urgency.Urgency.URGENT) == 1
    assert urgency.acknowledge_limit(urgency.Urgency.NORMAL) == 1


def test_a_long_list_of_ids_gets_the_same_answer(item, plan, own_unit):
    """The supervise job asks about thousands of assignments at once; the provider answers those from the
    items' own assignments instead of a long IN list, with the same result."""
    from luoshi.items.apps import LONG_ID_LIST, item_urgencies

    other = f.AssignmentFactory(task=f.TaskFactory(plan=plan, code="8"), unit=own_unit)
    mine = list(Assignment.objects.filter(task__plan=item.plan).values_list("pk", flat=True))
    short = item_urgencies([*mine, other.pk])
    padding = list(range(10**9, 10**9 + LONG_ID_LIST + 1))  # ids no row has
    assert item_urgencies([*mine, other.pk, *padding]) == short == dict.fromkeys(mine, "urgent")
    assert item_urgencies([other.pk, *padding]) == {}
