"""The task tree: codes follow positions, drafts delete, published plans cancel, targets kept safe."""

from datetime import date
from decimal import Decimal

import pytest

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.plans import services
from luoshi.plans.models import Plan, Target, Task
from luoshi.plans.progress.recompute import recompute_plan
from luoshi.plans.services import ServiceError
from luoshi.tests import factories as f


@pytest.fixture
def draft(city):
    return f.PlanFactory(deploying_unit=city, status=Plan.Status.DRAFT)


@pytest.fixture
def actor(supervisor):
    return Actor(supervisor)


def test_codes_follow_the_tree(actor, draft):
    one = services.add_task(actor, draft, title="凝心工程")
    two = services.add_task(actor, draft, title="聚力工程")
    one_one = services.add_task(actor, draft, title="理论学习", parent=one)
    one_two = services.add_task(actor, draft, title="主题教育", parent=one)
    deep = services.add_task(actor, draft, title="专题培训", parent=one_two)
    assert [t.code for t in (one, two, one_one, one_two, deep)] == ["1", "2", "1.1", "1.2", "1.2.1"]
    assert [t.depth for t in (one, one_one, deep)] == [1, 2, 3]
    assert one_two.position > one_one.position
    assert AuditEntry.objects.filter(action="add_task").count() == 5


def test_add_task_with_targets(actor, draft):
    task = services.add_task(
        actor, draft, title="培训", targets=[{"metric": "培训人次", "target_value": "200", "unit": "人次"}]
    )
    assert [(t.metric, t.target_value) for t in task.targets.all()] == [("培训人次", Decimal(200))]
    entry = AuditEntry.objects.get(action="add_task")
    assert entry.after["targets"][0]["metric"] == "培训人次"


def test_add_task_rejects_bad_input(actor, draft):
    with pytest.raises(ServiceError, match="任务名称"):
        services.add_task(actor, draft, title="")
    with pytest.raises(ServiceError, match="权重"):
        services.add_task(actor, draft, title="x", weight="很多")
    with pytest.raises(ServiceError, match="目标值"):
        services.add_task(actor, draft, title="x", targets=[{"metric": "户数", "target_value": "abc"}])
    assert not Task.objects.exists()


def test_add_task_refuses_a_parent_of_another_plan(actor, draft, task):
    with pytest.raises(ServiceError, match="不属于"):
        services.add_task(actor, draft, title="x", parent=task)


def test_liaison_cannot_add_tasks(liaison, draft):
    with pytest.raises(ServiceError, match="无权"):
        services.add_task(Actor(liaison), draft, title="x")


def test_update_task_records_before_and_after(actor, task):
    services.update_task(actor, task, title="深化凝心工程（修订）", weight="2", deadline=date(2025, 6, 30))
    task.refresh_from_db()
    assert task.weight == Decimal(2)
    entry = AuditEntry.objects.get(action="update_task")
    assert entry.before["weight"] == "1.00" and entry.after["weight"] == "2.00"


def test_update_task_replaces_targets_but_keeps_reported_ones(actor, own_report):
    task = own_report.assignment.task
    kept = f.TargetFactory(task=task, metric="培训人次")
    used = f.TargetFactory(task=task, metric="走访户数")
    own_report.values.create(target=used, actual_value=Decimal(3))
    with pytest.raises(ServiceError, match="已有报送数据"):
        services.update_task(
            actor, task, targets=[{"id": kept.pk, "metric": "培训人次", "target_value": 300}]
        )
    services.update_task(
        actor,
        task,
        targets=[
            {"id": used.pk, "metric": "走访户数", "target_value": 50},
            {"metric": "新指标", "target_value": 1},
        ],
    )
    assert list(task.targets.values_list("metric", flat=True)) == ["走访户数", "新指标"]
    assert not Target.objects.filter(pk=kept.pk).exists()


def test_update_task_cannot_cancel(actor, task):
    with pytest.raises(ServiceError, match="取消任务"):
        services.update_task(actor, task, status=Task.Status.CANCELLED)


def test_delete_in_draft_removes_subtree_and_renumbers(actor, draft):
    one = services.add_task(actor, draft, title="一")
    services.add_task(actor, draft, title="一之一", parent=one)
    two = services.add_task(actor, draft, title="二")
    services.add_task(actor, draft, title="二之一", parent=two)
    services.delete_task(actor, one)
    assert list(Task.objects.filter(plan=draft).order_by("code").values_list("code", "title")) == [
        ("1", "二"),
        ("1.1", "二之一"),
    ]
    entry = AuditEntry.objects.get(action="delete_task")
    assert entry.before["subtree"] and entry.after is None


def test_delete_in_published_plan_says_cancel(actor, task):
    with pytest.raises(ServiceError, match="取消"):
        services.delete_task(actor, task)
    assert Task.objects.filter(pk=task.pk).exists()


def test_cancel_task_cancels_the_subtree_and_rolls_up(actor, plan):
    root = f.TaskFactory(plan=plan, code="9")
    keep = f.TaskFactory(plan=plan, parent=root, code="9.1", depth=2)
    drop = f.TaskFactory(plan=plan, parent=root, code="9.2", depth=2)
    below = f.TaskFactory(plan=plan, parent=drop, code="9.2.1", depth=3)
    f.AssignmentFactory(task=keep, progress=Decimal(80))
    f.AssignmentFactory(task=below, progress=Decimal(0))
    recompute_plan(plan)
    root.refresh_from_db()
    assert root.progress == Decimal("40.00")
    services.cancel_task(actor, drop, note="任务调整")
    drop.refresh_from_db()
    below.refresh_from_db()
    root.refresh_from_db()
    assert drop.status == below.status == Task.Status.CANCELLED
    assert root.progress == Decimal("80.00")
    entry = AuditEntry.objects.get(action="cancel_task")
    assert entry.before["status"] == "active" and entry.after["status"] == "cancelled"
    assert "任务调整" in entry.summary
    with pytest.raises(ServiceError, match="已经取消"):
        services.cancel_task(actor, drop)


def test_override_progress_shows_beside_computed(actor, own_assignment):
    task = own_assignment.task
    with pytest.raises(ServiceError, match="说明"):
        services.override_progress(actor, task, progress=Decimal(90), note="")
    services.override_progress(actor, task, progress=Decimal(90), note="据实地核查")
    task.refresh_from_db()
    assert (task.computed_progress, task.progress_override, task.progress) == (0, Decimal(90), Decimal(90))
    entry = AuditEntry.objects.get(action="override_progress")
    assert entry.before["progress_override"] is None and entry.after["progress_override"] == "90.00"
    services.override_progress(actor, task, progress=None, note="")
    task.refresh_from_db()
    assert task.progress_override is None and task.progress == task.computed_progress


def test_override_progress_range(actor, task):
    with pytest.raises(ServiceError, match="不能大于"):
        services.override_progress(actor, task, progress=Decimal(120), note="x")


def test_leader_cannot_override(leader, task):
    with pytest.raises(ServiceError, match="无权"):
        services.override_progress(Actor(leader), task, progress=Decimal(50), note="x")
