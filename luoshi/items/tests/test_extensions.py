import datetime

import pytest

from luoshi.audit.services import Actor
from luoshi.items import services
from luoshi.items.models import Extension
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.plans.models import Assignment
from luoshi.plans.progress.recompute import recompute_plan

TODAY = datetime.date.today()


def _lead(task):
    return task.assignments.get(role="lead")


def _lead_of(task, liaison):
    return task.assignments.get(role="lead", unit=liaison.unit)


def _ask(liaison, assignment, days=30, **extra):
    return services.request_extension(
        Actor(liaison),
        assignment,
        new_due_on=assignment.due_on + datetime.timedelta(days=days),
        reason="需等待省里政策出台",
        progress_note="已完成调研，正在起草方案",
        **extra,
    )


def test_an_approved_extension_becomes_the_due_day_and_keeps_the_original(future_task, liaison, supervisor):
    lead = _lead(future_task)
    original = lead.due_on
    extension = _ask(liaison, lead)
    services.decide_extension(Actor(supervisor), extension, approve=True)
    for a in future_task.assignments.all():
        assert (a.due_on, a.original_due_on) == (extension.new_due_on, original)
    future_task.refresh_from_db()
    assert future_task.deadline == extension.new_due_on  # the task's own overdue count follows


def test_another_lead_keeps_its_own_due_day(future_task, liaison, supervisor, city):
    from luoshi.tests import factories as f

    third = f.AssignmentFactory(task=future_task, unit=f.UnitFactory(parent=city, order=3), acknowledged=True)
    extension = _ask(liaison, _lead_of(future_task, liaison))
    services.decide_extension(Actor(supervisor), extension, approve=True)
    third.refresh_from_db()
    future_task.refresh_from_db()
    assert (third.due_on, third.original_due_on) == (extension.previous_due_on, None)
    assert future_task.deadline == extension.previous_due_on


def test_the_light_follows_the_new_due_day(future_task, liaison, supervisor):
    """Eight days before the due day the lead is yellow (due soon); extended, it is green again."""
    lead = _lead(future_task)
    Assignment.objects.filter(task=future_task).update(due_on=TODAY + datetime.timedelta(days=3))
    future_task.deadline = TODAY + datetime.timedelta(days=3)
    future_task.save()
    Assignment.objects.filter(pk=lead.pk).update(progress=90)
    recompute_plan(future_task.plan)
    lead.refresh_from_db()
    assert lead.light == "yellow"
    services.decide_extension(Actor(supervisor), _ask(liaison, lead, days=60), approve=True)
    lead.refresh_from_db()
    assert lead.light == "green"


def test_after_the_due_day_the_request_is_refused(future_task, liaison):
    lead = _lead(future_task)
    with pytest.raises(ServiceError, match="已超过完成时限") as e:
        _ask(liaison, lead, today=lead.due_on + datetime.timedelta(days=1))
    assert e.value.code == "past_due"
    assert not Extension.objects.exists()


def test_a_co_unit_cannot_ask(future_task, other_liaison):
    co = future_task.assignments.get(role="co")
    with pytest.raises(ServiceError, match="配合单位不能申请延期"):
        _ask(other_liaison, co)


def test_a_refusal_needs_a_reason_and_moves_nothing(future_task, liaison, supervisor):
    lead = _lead(future_task)
    due = lead.due_on
    extension = _ask(liaison, lead)
    with pytest.raises(ServiceError, match="理由"):
        services.decide_extension(Actor(supervisor), extension, approve=False)
    services.decide_extension(Actor(supervisor), extension, approve=False, note="时限不宜再延")
    lead.refresh_from_db()
    assert (lead.due_on, lead.original_due_on) == (due, None)
    assert Extension.objects.get().status == Extension.Status.REFUSED


def test_one_open_request_at_a_time_and_one_decision(future_task, liaison, supervisor):
    lead = _lead(future_task)
    extension = _ask(liaison, lead)
    with pytest.raises(ServiceError, match="正在审批"):
        _ask(liaison, lead)
    services.decide_extension(Actor(supervisor), extension, approve=True)
    with pytest.raises(ServiceError, match="不能重复审批"):
        services.decide_extension(Actor(supervisor), extension, approve=True)


def test_a_liaison_cannot_decide(future_task, liaison):
    extension = _ask(liaison, _lead(future_task))
    with pytest.raises(AccessDenied):
        services.decide_extension(Actor(liaison), extension, approve=True)


def test_a_leader_dispatched_item_waits_for_the_leader(item, liaison, supervisor, leader):
    lead = _lead(item.task)
    due = lead.due_on
    extension = _ask(liaison, lead)
    extension = services.decide_extension(Actor(supervisor), extension, approve=True)
    assert extension.status == Extension.Status.PENDING_LEADER
    lead.refresh_from_db()
    assert lead.due_on == due
    with pytest.raises(AccessDenied):
        services.decide_extension(Actor(supervisor), extension, approve=True)
    extension = services.decide_extension(Actor(leader), extension, approve=True)
    lead.refresh_from_db()
    assert (extension.status, lead.due_on, lead.original_due_on) == ("approved", extension.new_due_on, due)


def test_editing_the_task_keeps_an_approved_extension(future_task, liaison, supervisor):
    """Issue 9 finding: `update_task` reset every `due_on` to the task's deadline, so an approved extension
    vanished when the supervisor edited the deadline. The extended unit keeps its day; the others follow."""
    from luoshi.plans.services import update_task
    from luoshi.tests import factories as f

    third = f.AssignmentFactory(task=future_task, unit=f.UnitFactory(order=3), acknowledged=True)
    extension = _ask(liaison, _lead_of(future_task, liaison), days=40)
    services.decide_extension(Actor(supervisor), extension, approve=True)
    earlier = future_task.deadline + datetime.timedelta(days=10)
    update_task(Actor(supervisor), future_task, deadline=earlier)
    lead = _lead_of(future_task, liaison)
    third.refresh_from_db()
    assert lead.due_on == extension.new_due_on
    assert third.due_on <= earlier and third.original_due_on is None
    later = extension.new_due_on + datetime.timedelta(days=30)
    update_task(Actor(supervisor), future_task, deadline=later)
    lead.refresh_from_db()
    assert lead.due_on > extension.new_due_on  # a later deadline still applies to everyone
