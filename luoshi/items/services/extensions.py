"""延期申请: the lead unit's liaison asks, before the due day, for a later one (reason, new date, progress so
far); the supervisor decides, and for an item a leader dispatched the leader decides after the supervisor.
An approved date becomes the assignments' `due_on` (the first original is kept in `original_due_on`), and
the lights and overdue days follow it through the ordinary recompute."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.cndates import cn_date
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import User
from luoshi.plans.models import Assignment, Task
from luoshi.plans.progress.recompute import recompute_task

from ..models import Extension
from .common import item_of, locked_assignment, user_of

CO_REFUSED = "配合单位不能申请延期：延期由牵头单位（主办单位）提出。"


def request_extension(
    actor: Actor,
    assignment: Assignment,
    *,
    new_due_on: date | None,
    reason: str,
    progress_note: str,
    today: date | None = None,
) -> Extension:
    """Ask for `new_due_on`. Refused after the due day, for a co unit, or while another request waits."""
    access.require(actor, Action.WORK_ASSIGNMENT, assignment)
    today = today or timezone.localdate()
    reason, progress_note = (reason or "").strip(), (progress_note or "").strip()
    if not reason or not progress_note:
        raise ServiceError("请填写延期理由和目前进展。")
    if new_due_on is None:
        raise ServiceError("请填写申请延至的日期。")
    with transaction.atomic():
        a = locked_assignment(assignment)
        if a.role != Assignment.Role.LEAD:
            raise ServiceError(CO_REFUSED, code="co_unit")
        if a.task.status == Task.Status.COMPLETED:
            raise ServiceError("该任务已办结，无需延期。")
        if a.due_on is None:
            raise ServiceError("该任务不设完成时限，无需申请延期。")
        if today > a.due_on:
            raise ServiceError(
                f"已超过完成时限（{cn_date(a.due_on)}），不能再申请延期。延期须在时限届满前提出，"
                "请抓紧办理，并在报送中说明逾期原因。",
                code="past_due",
            )
        if new_due_on <= a.due_on:
            raise ServiceError(f"申请延至的日期应晚于目前的完成时限（{cn_date(a.due_on)}）。")
        if Extension.objects.filter(
            assignment=a, status__in=[Extension.Status.REQUESTED, Extension.Status.PENDING_LEADER]
        ).exists():
            raise ServiceError("已有一份延期申请正在审批，请等待审批结果。")
        extension = Extension.objects.create(
            assignment=a,
            reason=reason,
            progress_note=progress_note,
            previous_due_on=a.due_on,
            new_due_on=new_due_on,
            requested_by=user_of(actor),
        )
        record(
            actor,
            "request_extension",
            extension,
            after=snapshot(extension),
            summary=f"{a.unit.display_name}申请将任务 {a.task.code} 的时限由{cn_date(a.due_on)}延至"
            f"{cn_date(new_due_on)}：{reason[:80]}",
        )
    return extension


def needs_leader(extension: Extension) -> bool:
    """Whether the leader decides after the supervisor: the task is an item a leader approved."""
    item = item_of(extension.assignment.task)
    return bool(item and item.reviewed_by_id and item.reviewed_by.role == User.Role.LEADER)


def decide_extension(actor: Actor, extension: Extension, *, approve: bool, note: str = "") -> Extension:
    """The supervisor's decision (待督办员审核), then — for an item a leader dispatched — the leader's
    (待领导审批). Approving the last step moves the due day; refusing needs a reason."""
    extension = Extension.objects.select_related("assignment__task__plan").get(pk=extension.pk)
    stage = extension.status
    if stage == Extension.Status.PENDING_LEADER:
        access.require(actor, Action.APPROVE_ITEM, item_of(extension.assignment.task))
    else:
        access.require(actor, Action.REVIEW_REPORT, extension.assignment)
    note = (note or "").strip()
    if not approve and not note:
        raise ServiceError("不批准延期时请填写理由。")
    with transaction.atomic():
        a = locked_assignment(extension.assignment)
        extension = Extension.objects.select_for_update().get(pk=extension.pk)
        if extension.status != stage or not extension.is_open:
            raise ServiceError(f"该延期申请{extension.get_status_display()}，不能重复审批。", code="decided")
        before = snapshot(extension)
        extension.decided_by, extension.decided_at = user_of(actor), timezone.now()
        extension.decision_note = note[:500]
        if not approve:
            extension.status = Extension.Status.REFUSED
            summary = f"不批准任务 {a.task.code} 延期至{cn_date(extension.new_due_on)}：{note[:80]}"
        elif stage == Extension.Status.REQUESTED and needs_leader(extension):
            extension.status = Extension.Status.PENDING_LEADER
            summary = f"督办员同意任务 {a.task.code} 延期至{cn_date(extension.new_due_on)}，报领导审批"
        else:
            extension.status = Extension.Status.APPROVED
            _move_due_day(a.task, extension)
            summary = f"批准任务 {a.task.code} 延期至{cn_date(extension.new_due_on)}"
        extension.save()
        record(
            actor, "decide_extension", extension, before=before, after=snapshot(extension), summary=summary
        )
        if extension.status == Extension.Status.APPROVED:
            recompute_task(a.task)
    return extension


def _move_due_day(task: Task, extension: Extension) -> None:
    """The unit that asked and the co-operating units (who work to the lead's schedule) are due on the new
    day; the first due day is kept once as `original_due_on` for assessment. When every lead unit is now
    due later than the task's deadline, the deadline follows (the task's own overdue count reads it)."""
    units = Assignment.objects.select_for_update(of=("self",)).filter(task=task)
    for a in units.filter(Q(pk=extension.assignment_id) | Q(role=Assignment.Role.CO)):
        if a.original_due_on is None:
            a.original_due_on = a.due_on
        a.due_on = extension.new_due_on
        a.save(update_fields=["original_due_on", "due_on"])
    leads = [d for d in units.filter(role=Assignment.Role.LEAD).values_list("due_on", flat=True)]
    if leads and all(d is not None for d in leads) and (task.deadline is None or min(leads) > task.deadline):
        Task.objects.filter(pk=task.pk).update(deadline=max(leads))
