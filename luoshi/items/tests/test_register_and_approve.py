import datetime

import pytest

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.items import services
from luoshi.items.models import Item, Source, TimeLimit, Urgency
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.plans.models import Assignment, Plan
from luoshi.workdays.models import working_days


def _register(supervisor, unit, **extra):
    data = dict(
        deploying_unit=supervisor.unit,
        source=Source.ASSIGNED,
        title="落实省委交办的调研任务",
        origin_author="省委统战部",
        lead_units=[unit],
    )
    data.update(extra)
    return services.register_item(Actor(supervisor), **data)


def test_items_are_numbered_one_by_one_per_year(supervisor, own_unit):
    first = _register(supervisor, own_unit)
    second = _register(supervisor, own_unit)
    year = datetime.date.today().year
    assert (first.number, second.number) == (f"督〔{year}〕1号", f"督〔{year}〕2号")


def test_numbering_restarts_in_a_new_year(supervisor, own_unit):
    _register(supervisor, own_unit, today=datetime.date(2026, 12, 31))
    assert _register(supervisor, own_unit, today=datetime.date(2027, 1, 4)).number == "督〔2027〕1号"


def test_instruction_time_limit_counts_working_days_by_urgency(supervisor, own_unit):
    monday = datetime.date(2026, 9, 28)  # the National Day holiday follows
    urgent = _register(
        supervisor,
        own_unit,
        source=Source.INSTRUCTION,
        urgency=Urgency.EXTRA_URGENT,
        origin_date=monday,
        today=monday,
    )
    normal = _register(
        supervisor,
        own_unit,
        source=Source.INSTRUCTION,
        urgency=Urgency.NORMAL,
        origin_date=monday,
        today=monday,
    )
    assert (urgent.time_limit_days, normal.time_limit_days) == (2, 15)
    assert urgent.due_on == working_days().add(monday, 2)
    assert normal.due_on == working_days().add(monday, 15)
    assert normal.due_on > monday + datetime.timedelta(days=21)  # the holiday does not count


def test_meeting_decision_reports_first_within_five_working_days(supervisor, own_unit):
    items = services.register_meeting_decisions(
        Actor(supervisor),
        deploying_unit=supervisor.unit,
        meeting="部务会",
        meeting_date=None,
        minutes="一、做好换届人选考察工作\n二、筹备民营经济座谈会",
        lead_units=[own_unit],
    )
    assert [i.title for i in items] == ["做好换届人选考察工作", "筹备民营经济座谈会"]
    assert all(i.time_limit_days == 20 and i.first_report_on is not None for i in items)


def test_the_office_edits_the_time_limit(supervisor, own_unit):
    TimeLimit.objects.create(source=Source.ASSIGNED, urgency=Urgency.NORMAL, working_days=7)
    assert _register(supervisor, own_unit).time_limit_days == 7


def test_an_instruction_names_its_author_and_date(supervisor, own_unit):
    with pytest.raises(ServiceError, match="批示的领导和批示日期"):
        _register(supervisor, own_unit, source=Source.INSTRUCTION, origin_author="", origin_date=None)
    assert not Item.objects.exists()


def test_a_liaison_cannot_register(liaison, own_unit, supervisor):
    with pytest.raises(AccessDenied):
        services.register_item(
            Actor(liaison),
            deploying_unit=supervisor.unit,
            source=Source.ASSIGNED,
            title="x",
            lead_units=[own_unit],
        )


def test_approval_dispatches_a_published_plan_with_lead_and_co(item, own_unit, other_unit, leader):
    item.refresh_from_db()
    assert item.status == Item.Status.DISPATCHED and item.reviewed_by == leader
    assert item.plan.kind == Plan.Kind.INSTRUCTION and item.plan.status == Plan.Status.PUBLISHED
    roles = {a.unit_id: a.role for a in item.task.assignments.all()}
    assert roles == {own_unit.pk: Assignment.Role.LEAD, other_unit.pk: Assignment.Role.CO}
    assert {a.due_on for a in item.task.assignments.all()} == {item.due_on}
    assert AuditEntry.objects.filter(action="approve_item", actor_id=leader.pk).exists()


def test_the_leader_edits_before_approving(pending_item, leader, other_unit):
    due = datetime.date.today() + datetime.timedelta(days=30)
    item = services.approve_item(
        Actor(leader),
        pending_item,
        title="改过的事项",
        urgency=Urgency.NORMAL,
        due_on=due,
        lead_units=[other_unit],
        co_units=[],
    )
    assert (item.task.title, item.task.deadline, item.urgency) == ("改过的事项", due, Urgency.NORMAL)
    assert list(item.task.assignments.values_list("unit_id", flat=True)) == [other_unit.pk]


def test_rejection_needs_a_reason_and_dispatches_nothing(pending_item, leader):
    with pytest.raises(ServiceError, match="理由"):
        services.reject_item(Actor(leader), pending_item, reason=" ")
    item = services.reject_item(Actor(leader), pending_item, reason="请先与发改委会商")
    assert item.status == Item.Status.REJECTED and item.plan is None
    assert not Plan.objects.exists()


def test_only_a_leader_approves(pending_item, supervisor):
    with pytest.raises(AccessDenied, match="只有督办单位的领导可以审核"):
        services.approve_item(Actor(supervisor), pending_item)
    pending_item.refresh_from_db()
    assert pending_item.status == Item.Status.PENDING
    assert AuditEntry.objects.filter(action="access_denied").exists()


def test_a_second_approval_is_refused(item, leader):
    with pytest.raises(ServiceError, match="不能重复审核"):
        services.approve_item(Actor(leader), item)
    assert Plan.objects.count() == 1
