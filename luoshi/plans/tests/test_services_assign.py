"""Assigning units (交办) and acknowledging (签收)."""

import pytest

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.plans import services
from luoshi.plans.models import Assignment
from luoshi.plans.services import ServiceError
from luoshi.tests import factories as f


def test_assign_sets_lead_and_co_units(supervisor, task, own_unit, other_unit):
    result = services.assign(Actor(supervisor), task, lead_units=[own_unit], co_units=[other_unit])
    assert {(a.unit_id, a.role) for a in result} == {(own_unit.pk, "lead"), (other_unit.pk, "co")}
    entry = AuditEntry.objects.get(action="assign")
    assert entry.before == [] and len(entry.after) == 2


def test_a_unit_cannot_be_lead_and_co(supervisor, task, own_unit):
    with pytest.raises(ServiceError, match="既是牵头单位又是配合单位"):
        services.assign(Actor(supervisor), task, lead_units=[own_unit], co_units=[own_unit])


def test_replacing_keeps_acknowledged_rows_that_stay(supervisor, liaison, own_assignment, other_unit):
    services.acknowledge(Actor(liaison), own_assignment, responsible_person="张三")
    third = f.UnitFactory(parent=own_assignment.unit.parent)
    services.assign(
        Actor(supervisor), own_assignment.task, lead_units=[third], co_units=[own_assignment.unit]
    )
    kept = Assignment.objects.get(pk=own_assignment.pk)
    assert kept.role == "co" and kept.is_acknowledged and kept.responsible_person == "张三"
    assert Assignment.objects.filter(task=own_assignment.task, unit=third, role="lead").exists()


def test_it_refuses_to_drop_a_unit_that_has_reported(supervisor, own_report, other_unit):
    with pytest.raises(ServiceError, match="已有报送记录"):
        services.assign(Actor(supervisor), own_report.assignment.task, lead_units=[other_unit], co_units=[])
    assert Assignment.objects.filter(pk=own_report.assignment_id).exists()


def test_assign_refuses_guidance(supervisor, plan, own_unit):
    guidance = f.TaskFactory(plan=plan, is_guidance=True)
    with pytest.raises(ServiceError, match="不单独交办"):
        services.assign(Actor(supervisor), guidance, lead_units=[own_unit], co_units=[])


def test_other_supervisor_cannot_assign(other_supervisor, task, own_unit):
    with pytest.raises(ServiceError, match="无权"):
        services.assign(Actor(other_supervisor), task, lead_units=[own_unit], co_units=[])


def test_liaison_acknowledges_new_assignment(liaison, new_assignment):
    services.acknowledge(
        Actor(liaison, "10.1.1.1"), new_assignment, responsible_person=" 张三 ", responsible_phone="027-1234"
    )
    new_assignment.refresh_from_db()
    assert new_assignment.is_acknowledged and new_assignment.acknowledged_by == liaison
    assert new_assignment.responsible_person == "张三"
    entry = AuditEntry.objects.get(action="acknowledge")
    assert entry.before["acknowledged_at"] is None and entry.after["acknowledged_at"]
    assert entry.ip == "10.1.1.1"


def test_reacknowledging_updates_person_and_keeps_first_time(liaison, own_assignment):
    services.acknowledge(Actor(liaison), own_assignment, responsible_person="张三")
    own_assignment.refresh_from_db()
    first = own_assignment.acknowledged_at
    services.acknowledge(Actor(liaison), own_assignment, responsible_person="李四", responsible_phone="139")
    own_assignment.refresh_from_db()
    assert own_assignment.acknowledged_at == first
    assert own_assignment.responsible_person == "李四"
    second = AuditEntry.objects.filter(action="acknowledge").order_by("id").last()
    assert second.before["responsible_person"] == "张三" and second.after["responsible_person"] == "李四"
    assert "更新" in second.summary


def test_acknowledge_requires_a_person(liaison, own_assignment):
    with pytest.raises(ServiceError, match="责任人"):
        services.acknowledge(Actor(liaison), own_assignment, responsible_person=" ")


@pytest.mark.parametrize("who", ["other_liaison", "supervisor", "leader"])
def test_only_the_units_liaison_acknowledges(request, who, new_assignment):
    user = request.getfixturevalue(who)
    with pytest.raises(ServiceError, match="无权"):
        services.acknowledge(Actor(user), new_assignment, responsible_person="张三")
    new_assignment.refresh_from_db()
    assert not new_assignment.is_acknowledged
    # Nothing is acknowledged; the only entry is the refusal itself.
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["access_denied"]


def test_acknowledge_in_a_draft_plan_is_refused(liaison, own_assignment):
    plan = own_assignment.task.plan
    plan.status = "draft"
    plan.save()
    with pytest.raises(ServiceError, match="无权"):
        services.acknowledge(Actor(liaison), own_assignment, responsible_person="张三")


def test_it_refuses_a_unit_outside_the_deploying_units_tree(supervisor, task, own_unit, other_city):
    with pytest.raises(ServiceError, match="不在本部署单位的督办范围内"):
        services.assign(Actor(supervisor), task, lead_units=[own_unit], co_units=[other_city])
    assert not Assignment.objects.filter(task=task).exists()


@pytest.mark.parametrize("role", ["lead", "co"])
def test_the_deploying_unit_is_never_assigned_its_own_plan(supervisor, task, city, own_unit, role):
    """It supervises the work and has no liaison: an assignment to it would stay 未签收 for ever."""
    units = {"lead_units": [own_unit], "co_units": []}
    units[f"{role}_units"] = [city] + units[f"{role}_units"]
    with pytest.raises(
        ServiceError, match="^市委统战部是本工作部署的部署单位，负责督办，不能交办给本单位。$"
    ):
        services.assign(Actor(supervisor), task, **units)
    assert not Assignment.objects.filter(task=task).exists()


def test_a_refusal_names_each_unit_that_has_reported_once(supervisor, own_assignment, liaison, other_unit):
    """Reports are ordered by period and version: a plain distinct() over the unit name repeated it."""
    for period in ("2025-01", "2025-02", "2025-03"):
        f.ReportFactory(assignment=own_assignment, period=period, status="accepted", created_by=liaison)
    with pytest.raises(ServiceError, match="^江岸区已有报送记录，不能取消交办。$"):
        services.assign(Actor(supervisor), own_assignment.task, lead_units=[other_unit], co_units=[])
