"""Task acts: add, change, delete (in a draft) and cancel; a child stays within its parent's deadline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.cndates import cn_date
from luoshi.lib.codes import code_sort_key
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.lib.text import clean_text

from ..due import due_on_for
from ..models import Plan, Target, Task
from ..progress.locks import lock_plan
from .common import (
    TASK_FIELDS,
    _check_supervisor,
    _choice,
    _clean_targets,
    _locked_live_task,
    _not_archived,
    _recompute,
    _renumber,
    _subtree_ids,
    _task_snapshot,
)


def add_task(
    actor: Actor,
    plan: Plan,
    *,
    title: str,
    parent: Task | None = None,
    description: str = "",
    tier: str = Task.Tier.ROUTINE,
    weight: Decimal = Decimal(1),
    deadline: date | None = None,
    deadline_text: str = "",
    is_guidance: bool = False,
    targets: list[dict] | None = None,
    source_start: int | None = None,
    source_end: int | None = None,
) -> Task:
    """Append a task under `parent` (or at the top); its code (1, 1.2, 1.2.3) follows its position.
    `targets` is a list of {"metric", "target_value", "unit"}."""
    _check_supervisor(actor, plan)
    title = clean_text(title).strip()
    if not title:
        raise ServiceError("请填写任务名称。")
    weight = parse_decimal(weight, "权重", low=Decimal(0), high=Decimal(9999))
    _choice(tier, Task.Tier, "层级")
    cleaned_targets = _clean_targets(targets or [])
    with transaction.atomic():
        lock_plan(plan.pk)
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _not_archived(plan)
        if parent is not None:
            parent = Task.objects.get(pk=parent.pk)
            if parent.plan_id != plan.pk:
                raise ServiceError("上级任务不属于该工作部署。")
            if parent.status == Task.Status.CANCELLED:
                raise ServiceError("上级任务已取消，不能在其下添加任务。")
            assigned = parent.assignments.count()
            if assigned:
                # Its units' accepted reports would stop counting: a parent's progress comes from children.
                raise ServiceError(
                    f"任务 {parent.code} 已交办给{assigned}个单位，不能再在其下添加子任务，否则这些单位的报送"
                    "将不再计入进度。请先撤销交办，或把新任务加在其他位置。"
                )
            _check_deadline_within(deadline, parent)
        siblings = Task.objects.filter(plan=plan, parent=parent)
        last_position = siblings.aggregate(m=Max("position"))["m"]
        numbers = [
            int(c.rsplit(".", 1)[-1])
            for c in siblings.values_list("code", flat=True)
            if c.rsplit(".", 1)[-1].isdigit()
        ]
        number = max(numbers, default=0) + 1
        task = Task.objects.create(
            plan=plan,
            parent=parent,
            title=title[:300],
            description=clean_text(description),
            tier=tier,
            weight=weight,
            deadline=deadline,
            deadline_text=clean_text(deadline_text)[:50],
            is_guidance=is_guidance,
            source_start=source_start,
            source_end=source_end,
            code=f"{parent.code}.{number}" if parent else str(number),
            depth=parent.depth + 1 if parent else 1,
            position=0 if last_position is None else last_position + 1,
        )
        Target.objects.bulk_create(
            [
                Target(
                    task=task, metric=t["metric"], target_value=t["target_value"], unit=t["unit"], position=i
                )
                for i, t in enumerate(cleaned_targets)
            ]
        )
        record(
            actor,
            "add_task",
            task,
            after=_task_snapshot(task),
            summary=f"在《{plan.title}》中添加任务 {task.code} {task.title}",
        )
        _recompute(task)
    return task


def _check_deadline_within(deadline: date | None, parent: Task | None) -> None:
    """A child is due no later than its parent."""
    if (
        deadline is not None
        and parent is not None
        and parent.deadline is not None
        and deadline > parent.deadline
    ):
        raise ServiceError(f"完成时限不能晚于上级任务 {parent.code} 的时限（{cn_date(parent.deadline)}）。")


def _check_children_within(task: Task) -> None:
    if task.deadline is None:
        return
    late = (
        Task.objects.filter(parent=task, deadline__gt=task.deadline)
        .exclude(status=Task.Status.CANCELLED)
        .values_list("code", flat=True)
    )
    if late:
        raise ServiceError(
            f"下级任务 {'、'.join(sorted(late, key=code_sort_key))} 的时限晚于新的时限，请先调整下级任务。"
        )


def update_task(actor: Actor, task: Task, *, targets: list[dict] | None = None, **fields) -> Task:
    """Change a task's wording, tier, weight, deadline or status (推进中/已办结; cancel with `cancel_task`).
    `targets`, when given, is the whole new list: items with an "id" update that target, items without
    one are added, and targets left out are removed — unless a report already gives a value for them."""
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise ServiceError(f"不能在此修改：{'、'.join(sorted(unknown))}。")
    _check_supervisor(actor, task.plan)
    if "title" in fields:
        fields["title"] = clean_text(fields["title"]).strip()[:300]
        if not fields["title"]:
            raise ServiceError("请填写任务名称。")
    for name in ("description", "deadline_text"):
        if name in fields:
            fields[name] = clean_text(fields[name])
    if "weight" in fields:
        fields["weight"] = parse_decimal(fields["weight"], "权重", low=Decimal(0), high=Decimal(9999))
    if "tier" in fields:
        _choice(fields["tier"], Task.Tier, "层级")
    if "status" in fields:
        if fields["status"] == Task.Status.CANCELLED:
            raise ServiceError("取消任务请使用“取消任务”。")
        _choice(fields["status"], Task.Status, "状态")
    cleaned_targets = None if targets is None else _clean_targets(targets)
    with transaction.atomic():
        task = _locked_live_task(task, "该任务已取消，不能再修改。")
        before = _task_snapshot(task)
        for name, value in fields.items():
            setattr(task, name, value)
        if "deadline" in fields:
            _check_deadline_within(task.deadline, task.parent)
            _check_children_within(task)
        task.save()
        task.refresh_from_db()  # the audit shows values as stored (2 → 2.00)
        if "deadline" in fields:
            _follow_deadline(task)
        if cleaned_targets is not None:
            _replace_targets(task, cleaned_targets)
        record(
            actor,
            "update_task",
            task,
            before=before,
            after=_task_snapshot(task),
            summary=f"修改任务 {task.code} {task.title}",
        )
        _recompute(task)
    return task


def _follow_deadline(task: Task) -> None:
    """The units' work is due when the task is, except where an approved extension moved a unit's due day
    (`original_due_on` kept): that unit keeps its extended day unless the new deadline is later still."""
    due_on = due_on_for(task.deadline, task.plan)
    task.assignments.filter(original_due_on__isnull=True).update(due_on=due_on)
    if due_on is not None:
        task.assignments.filter(original_due_on__isnull=False, due_on__lt=due_on).update(due_on=due_on)


def _replace_targets(task: Task, cleaned: list[dict]) -> None:
    existing = {t.pk: t for t in task.targets.all()}
    keep = {int(t["id"]) for t in cleaned if t["id"]}
    if keep - set(existing):
        raise ServiceError("量化指标不属于该任务。")
    dropped = set(existing) - keep
    if dropped and Target.objects.filter(pk__in=dropped, report_values__isnull=False).exists():
        raise ServiceError("已有报送数据的量化指标不能删除。")
    Target.objects.filter(pk__in=dropped).delete()
    for position, item in enumerate(cleaned):
        if item["id"]:
            target = existing[int(item["id"])]
            target.metric, target.target_value, target.unit = (
                item["metric"],
                item["target_value"],
                item["unit"],
            )
            target.position = position
            target.save()
        else:
            Target.objects.create(
                task=task,
                metric=item["metric"],
                target_value=item["target_value"],
                unit=item["unit"],
                position=position,
            )


def delete_task(actor: Actor, task: Task) -> None:
    """Delete a task and its subtree from a draft plan; in a published plan a task is cancelled instead."""
    _check_supervisor(actor, task.plan)
    with transaction.atomic():
        lock_plan(task.plan_id)
        plan = Plan.objects.select_for_update().get(pk=task.plan_id)
        if plan.status != Plan.Status.DRAFT:
            raise ServiceError("已发布的工作部署不能删除任务，如不再推进请取消该任务。")
        task = Task.objects.get(pk=task.pk)
        ids = _subtree_ids(task)
        before = _task_snapshot(task)
        before["subtree"] = list(Task.objects.filter(pk__in=ids).values_list("code", flat=True))
        record(
            actor,
            "delete_task",
            task,
            before=before,
            summary=f"删除任务 {task.code} {task.title}（含下级共{len(ids)}项）",
        )
        parent_id = task.parent_id
        Task.objects.filter(pk__in=ids).delete()
        _renumber(plan, parent_id)


def cancel_task(actor: Actor, task: Task, *, note: str = "") -> Task:
    """取消 a task and everything under it: kept for the record, dropped from roll-up and lights."""
    _check_supervisor(actor, task.plan)
    note = clean_text(note).strip()
    with transaction.atomic():
        task = _locked_live_task(task, "该任务已经取消。")
        before = snapshot(task)
        ids = _subtree_ids(task)
        Task.objects.filter(pk__in=ids).exclude(status=Task.Status.CANCELLED).update(
            status=Task.Status.CANCELLED
        )
        task.refresh_from_db()
        after = snapshot(task)
        after["note"] = note
        record(
            actor,
            "cancel_task",
            task,
            before=before,
            after=after,
            summary=f"取消任务 {task.code} {task.title}" + (f"：{note}" if note else ""),
        )
        if task.parent_id:
            _recompute(task.parent)
    return task
