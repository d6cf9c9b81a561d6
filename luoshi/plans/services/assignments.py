"""Assignment acts: assign lead and co units, 签收 (acknowledge), and the supervisor's progress override."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit

from ..models import Assignment, Task
from ..progress.locks import lock_plan
from .common import (
    _assignments_snapshot,
    _check_supervisor,
    _locked_live_task,
    _recompute,
    _user,
)


def refuse_deploying_unit(deploying_unit, unit_ids) -> None:
    """The deploying unit supervises the work and has no liaison; it is never assigned its own plan's tasks
    (they would stay 未签收 for ever). Intake drafts apply the same rule when units are chosen."""
    if deploying_unit.pk in unit_ids:
        raise ServiceError(
            f"{deploying_unit.display_name}是本工作部署的部署单位，负责督办，不能交办给本单位。"
        )


def assign(actor: Actor, task: Task, *, lead_units: list, co_units: list) -> list[Assignment]:
    """Set the task's lead and co-operating units (replacing the previous set; acknowledged assignments
    that stay keep their acknowledgement)."""
    _check_supervisor(actor, task.plan)
    lead_ids = list(dict.fromkeys(u.pk for u in lead_units))
    co_ids = list(dict.fromkeys(u.pk for u in co_units))
    both = set(lead_ids) & set(co_ids)
    if both:
        names = "、".join(u.display_name for u in Unit.objects.filter(pk__in=both))
        raise ServiceError(f"{names}不能既是牵头单位又是配合单位。")
    with transaction.atomic():
        task = _locked_live_task(task, "该任务已取消，不能交办。")
        # A plan reaches only the units under its deploying unit (the units it supervises).
        in_scope = set(
            Unit.objects.subtree(task.plan.deploying_unit)
            .filter(pk__in=lead_ids + co_ids)
            .values_list("pk", flat=True)
        )
        outside = [pk for pk in lead_ids + co_ids if pk not in in_scope]
        if outside:
            names = "、".join(u.display_name for u in Unit.objects.filter(pk__in=outside))
            raise ServiceError(f"{names}不在本部署单位的督办范围内，不能交办。")
        refuse_deploying_unit(task.plan.deploying_unit, lead_ids + co_ids)
        if task.is_guidance and (lead_ids or co_ids):
            raise ServiceError("工作要求类条目只作指导，不单独交办。")
        before = _assignments_snapshot(task)
        wanted = {
            **{pk: Assignment.Role.LEAD for pk in lead_ids},
            **{pk: Assignment.Role.CO for pk in co_ids},
        }
        existing = {a.unit_id: a for a in task.assignments.all()}
        dropped = [a for unit_id, a in existing.items() if unit_id not in wanted]
        if dropped:
            reported = (
                Assignment.objects.filter(pk__in=[a.pk for a in dropped], reports__isnull=False)
                .order_by("unit__order", "unit_id")
                .values_list("unit__short_name", flat=True)
                .distinct()
            )
            if reported:
                raise ServiceError(f"{'、'.join(reported)}已有报送记录，不能取消交办。")
            cascaded = (
                Assignment.objects.filter(pk__in=[a.pk for a in dropped], sub_plan__isnull=False)
                .order_by("unit__order", "unit_id")
                .values_list("unit__short_name", flat=True)
            )
            if cascaded:
                raise ServiceError(f"{'、'.join(cascaded)}已将该任务逐级分解到下级单位，不能取消交办。")
            Assignment.objects.filter(pk__in=[a.pk for a in dropped]).delete()
        for unit_id, role in wanted.items():
            if unit_id in existing:
                if existing[unit_id].role != role:
                    existing[unit_id].role = role
                    existing[unit_id].save(update_fields=["role"])
            else:
                Assignment.objects.create(task=task, unit_id=unit_id, role=role)
        after = _assignments_snapshot(task)
        record(
            actor,
            "assign",
            task,
            before=before,
            after=after,
            summary=f"交办任务 {task.code}：牵头{len(lead_ids)}家，配合{len(co_ids)}家",
        )
        _recompute(task)
    return list(task.assignments.select_related("unit").order_by("role", "unit__order", "id"))


def acknowledge(
    actor: Actor, assignment: Assignment, *, responsible_person: str, responsible_phone: str = ""
) -> Assignment:
    """签收: the liaison confirms receipt and names the responsible person. Acknowledging again only
    changes the person and phone; the first acknowledgement's time and signer stay."""
    access.require(actor, Action.WORK_ASSIGNMENT, assignment)
    person = clean_text(responsible_person).strip()
    phone = clean_text(responsible_phone).strip()
    if not person:
        raise ServiceError("签收时请填写责任人。")
    if len(person) > 50 or len(phone) > 30:
        raise ServiceError("责任人或联系电话过长。")
    with transaction.atomic():
        lock_plan(assignment.task.plan_id)
        assignment = (
            Assignment.objects.select_for_update(of=("self",)).select_related("task").get(pk=assignment.pk)
        )
        if assignment.task.status == Task.Status.CANCELLED:
            raise ServiceError("该任务已取消，无需签收。")
        before = snapshot(assignment)
        first = not assignment.is_acknowledged
        if first:
            assignment.acknowledged_at = timezone.now()
            assignment.acknowledged_by = _user(actor)
        assignment.responsible_person = person
        assignment.responsible_phone = phone
        assignment.save(
            update_fields=["acknowledged_at", "acknowledged_by", "responsible_person", "responsible_phone"]
        )
        what = "签收" if first else "更新签收信息"
        record(
            actor,
            "acknowledge",
            assignment,
            before=before,
            after=snapshot(assignment),
            summary=f"{what}：任务 {assignment.task.code}，责任人{person}",
        )
    return assignment


def override_progress(actor: Actor, task: Task, *, progress: Decimal | None, note: str) -> Task:
    """A supervisor's hand-set progress for a task, shown beside the computed one; None clears it.
    A note is required when setting."""
    _check_supervisor(actor, task.plan)
    note = clean_text(note).strip()
    if progress is not None:
        progress = parse_decimal(progress, "进度", low=Decimal(0), high=Decimal(100)).quantize(
            Decimal("0.01")
        )
        if not note:
            raise ServiceError("人工调整进度时请填写调整说明。")
    with transaction.atomic():
        task = _locked_live_task(task, "该任务已取消，不能调整进度。")
        before = snapshot(task)
        task.progress_override = progress
        task.progress_override_note = note[:300] if progress is not None else ""
        task.progress = progress if progress is not None else task.computed_progress
        task.save(update_fields=["progress_override", "progress_override_note", "progress"])
        summary = (
            f"将任务 {task.code} 进度调整为{progress}%：{note}"
            if progress is not None
            else f"撤销任务 {task.code} 的人工调整进度"
        )
        record(actor, "override_progress", task, before=before, after=snapshot(task), summary=summary)
        _recompute(task)
    return task
