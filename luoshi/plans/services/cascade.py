"""逐级分解 (cascade): a unit turns its assignment on an upper plan's task into its own sub-plan for the
units below it; the sub-plan's progress rolls up into that assignment (`progress.recompute`), and the
upper plan's supervisor may set the assignment's figure by hand with a note, as for any task."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action

from ..models import Assignment, Plan, Target, Task
from ..progress.locks import lock_plan
from .common import _check_supervisor, _recompute, _user


def chain_of(plan: Plan) -> tuple[list[int], list[int]]:
    """The plan ids and deploying unit ids of `plan`'s cascade chain, top first, `plan` included."""
    plans = [int(p) for p in plan.cascade_plans.strip("/").split("/") if p]
    units = [int(u) for u in plan.cascade_units.strip("/").split("/") if u]
    return [*plans, plan.pk], [*units, plan.deploying_unit_id]


def _path(ids: list[int]) -> str:
    return "/" + "".join(f"{i}/" for i in ids)


def cascade_assignment(actor: Actor, assignment: Assignment, *, title: str = "") -> Plan:
    """The unit's sub-plan (draft) for `assignment`: deployed by the assigned unit, with the task (title,
    content, deadline, targets) as its first line, ready to be broken down and assigned to the units below.
    Refused when the assignment is already cascaded, the plan is not published, the task is cancelled, or
    the unit already deploys a plan above in the chain (a loop)."""
    access.require(actor, Action.CASCADE_ASSIGNMENT, assignment)
    with transaction.atomic():
        lock_plan(Assignment.objects.values_list("task__plan_id", flat=True).get(pk=assignment.pk))
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("task__plan", "unit")
            .get(pk=assignment.pk)
        )
        task, upper = assignment.task, assignment.task.plan
        if Plan.objects.filter(cascaded_from=assignment).exists():
            raise ServiceError(f"{assignment.unit.display_name}已将任务 {task.code} 分解，不能重复分解。")
        if upper.status != Plan.Status.PUBLISHED:
            raise ServiceError("上级工作部署未发布或已归档，不能分解。")
        if task.status == Task.Status.CANCELLED:
            raise ServiceError("该任务已取消，不能分解。")
        if task.is_guidance:
            raise ServiceError("工作要求类条目只作指导，不能分解。")
        plans, units = chain_of(upper)
        if assignment.unit_id in units:
            raise ServiceError(
                f"{assignment.unit.display_name}已是本任务上级部署链中的部署单位，"
                "再分解将形成循环，不能分解。"
            )
        title = clean_text(title).strip() or f"{task.title}（{assignment.unit.display_name}分解）"
        plan = Plan.objects.create(
            kind=Plan.Kind.ASSIGNED,
            year=upper.year,
            title=title[:200],
            deploying_unit=assignment.unit,
            source_text=task.description,
            period=upper.period,
            rollup=upper.rollup if upper.rollup != Plan.Rollup.MANUAL else Plan.Rollup.WEIGHTED,
            starts_on=upper.starts_on,
            due_on_previous_workday=upper.due_on_previous_workday,
            created_by=_user(actor),
            is_demo=upper.is_demo,
            cascaded_from=assignment,
            cascade_plans=_path(plans),
            cascade_units=_path(units),
        )
        line = Task.objects.create(
            plan=plan,
            code="1",
            position=1,
            title=task.title,
            description=task.description,
            tier=task.tier,
            deadline=assignment.due_on or task.deadline,
            deadline_text=task.deadline_text,
        )
        Target.objects.bulk_create(
            Target(task=line, metric=t.metric, target_value=t.target_value, unit=t.unit, position=t.position)
            for t in task.targets.all()
        )
        record(
            actor,
            "cascade_assignment",
            assignment,
            after={"plan": plan.pk, "title": plan.title},
            summary=f"{assignment.unit.display_name}将任务 {task.code} 分解为《{plan.title}》",
        )
    return plan


def override_assignment_progress(
    actor: Actor, assignment: Assignment, *, progress: Decimal | None, note: str
) -> Assignment:
    """The upper plan's supervisor sets a cascaded assignment's progress by hand (a note is required), shown
    beside the sub-plan's computed figure; None returns it to the computed figure."""
    _check_supervisor(actor, assignment.task.plan)
    note = clean_text(note).strip()
    if progress is not None:
        progress = parse_decimal(progress, "进度", low=Decimal(0), high=Decimal(100)).quantize(
            Decimal("0.01")
        )
        if not note:
            raise ServiceError("人工调整进度时请填写调整说明。")
    with transaction.atomic():
        lock_plan(assignment.task.plan_id)
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("task__plan", "unit")
            .get(pk=assignment.pk)
        )
        if assignment.cascade_progress is None:
            raise ServiceError("只有已分解并发布的任务才按下级进度汇总，其他单位的进度以报送为准。")
        before = snapshot(assignment)
        assignment.progress_override = progress
        assignment.progress_override_note = note[:300] if progress is not None else ""
        assignment.save(update_fields=["progress_override", "progress_override_note"])
        summary = (
            f"将{assignment.unit.display_name}在任务 {assignment.task.code} 的进度调整为{progress}%：{note}"
            if progress is not None
            else f"撤销{assignment.unit.display_name}在任务 {assignment.task.code} 的人工调整进度"
        )
        record(
            actor,
            "override_assignment_progress",
            assignment,
            before=before,
            after=snapshot(assignment),
            summary=summary,
        )
        _recompute(assignment.task)
    assignment.refresh_from_db()
    return assignment
