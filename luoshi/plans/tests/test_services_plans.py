"""Plan life: create, edit, publish, archive — who may, when, and the audit entry each writes."""

from datetime import date

import pytest

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.plans import services
from luoshi.plans.models import Plan
from luoshi.plans.services import ServiceError
from luoshi.tests import factories as f


@pytest.fixture
def draft(city):
    return f.PlanFactory(deploying_unit=city, status=Plan.Status.DRAFT, published_at=None)


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_supervisor_creates_a_draft_plan(supervisor, city):
    plan = services.create_plan(
        Actor(supervisor, "10.0.0.1"), title=" 2026年工作要点 ", year=2026, deploying_unit=city
    )
    assert plan.status == Plan.Status.DRAFT
    assert plan.title == "2026年工作要点"
    [entry] = entries("create_plan")
    assert entry.actor == supervisor and entry.ip == "10.0.0.1"
    assert entry.after["title"] == "2026年工作要点" and entry.before is None


def test_it_refuses_to_create_for_another_unit(supervisor, other_city):
    with pytest.raises(ServiceError, match="无权"):
        services.create_plan(Actor(supervisor), title="x", year=2026, deploying_unit=other_city)


def test_liaison_cannot_create_a_plan(liaison, own_unit):
    with pytest.raises(ServiceError, match="无权"):
        services.create_plan(Actor(liaison), title="x", year=2026, deploying_unit=own_unit)


def test_it_requires_a_title(supervisor, city):
    with pytest.raises(ServiceError, match="标题"):
        services.create_plan(Actor(supervisor), title="  ", year=2026, deploying_unit=city)
    assert not Plan.objects.exists()


def test_update_plan_records_before_and_after(supervisor, draft):
    services.update_plan(Actor(supervisor), draft, title="新标题", period=Plan.Period.QUARTERLY)
    draft.refresh_from_db()
    assert draft.title == "新标题"
    [entry] = entries("update_plan")
    assert entry.before["period"] == "monthly" and entry.after["period"] == "quarterly"


def test_update_plan_refuses_status(supervisor, draft):
    with pytest.raises(ServiceError):
        services.update_plan(Actor(supervisor), draft, status=Plan.Status.PUBLISHED)


def test_other_supervisor_cannot_edit(other_supervisor, draft):
    with pytest.raises(ServiceError, match="无权"):
        services.update_plan(Actor(other_supervisor), draft, title="改")


def test_publish_refuses_an_empty_plan(supervisor, draft):
    with pytest.raises(ServiceError, match="没有任务"):
        services.publish_plan(Actor(supervisor), draft)


def test_publish_refuses_leaf_without_lead_unit(supervisor, draft, own_unit):
    t1 = f.TaskFactory(plan=draft, code="1")
    f.TaskFactory(plan=draft, code="2", is_guidance=True)  # guidance needs no unit
    f.AssignmentFactory(task=f.TaskFactory(plan=draft, code="3"), unit=own_unit, role="co")
    with pytest.raises(ServiceError, match="1、3"):
        services.publish_plan(Actor(supervisor), draft)
    f.AssignmentFactory(task=t1, unit=own_unit)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT


def test_publish_sets_status_time_and_lights(supervisor, draft, own_unit):
    task = f.TaskFactory(plan=draft, code="1", deadline=date(2020, 1, 1))
    f.AssignmentFactory(task=task, unit=own_unit)
    services.publish_plan(Actor(supervisor), draft)
    draft.refresh_from_db()
    task.refresh_from_db()
    assert draft.status == Plan.Status.PUBLISHED and draft.published_at
    assert task.light == "red"  # deadline long past: lights computed at publication
    [entry] = entries("publish_plan")
    assert entry.before["status"] == "draft" and entry.after["status"] == "published"


def test_publish_twice_is_refused(supervisor, plan):
    with pytest.raises(ServiceError, match="只有草稿"):
        services.publish_plan(Actor(supervisor), plan)


def test_archive_then_nothing_changes(supervisor, plan, task):
    services.archive_plan(Actor(supervisor), plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ARCHIVED
    assert entries("archive_plan")
    with pytest.raises(ServiceError, match="归档"):
        services.add_task(Actor(supervisor), plan, title="新任务")
    with pytest.raises(ServiceError, match="只有已发布"):
        services.archive_plan(Actor(supervisor), plan)


def test_archive_refuses_a_draft(supervisor, draft):
    with pytest.raises(ServiceError):
        services.archive_plan(Actor(supervisor), draft)


def test_system_actor_may_act(draft):
    f.AssignmentFactory(task=f.TaskFactory(plan=draft))
    services.publish_plan(Actor.system(), draft)
    assert entries("publish_plan")[0].actor_name == "系统"
