"""办结 → 复核 → 销号 → 归档, and reopening. The lead unit asks to close with its materials; the supervisor
verifies (how, with evidence) and signs off — the task becomes 已办结 with progress 100 through the plan
services — or returns it with a reason. A signed-off task can be reopened with a reason; an item's own
plan is archived once its task is signed off."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.plans import services as plans
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.plans.progress.locks import lock_plan
from luoshi.reports import evidence_files

from ..models import CloseOut, Item, ItemFile
from .common import locked_assignment, user_of
from .files import attach, check_files

CO_REFUSED = "配合单位不能申请办结：办结由牵头单位（主办单位）提出，配合单位承担的工作请通过进度报送反映。"
SIGN_OFF_NOTE = "复核通过，已销号，进度计为100%"


def request_close_out(actor: Actor, assignment: Assignment, *, summary: str, files=()) -> CloseOut:
    """办结申请 by the lead unit, with at least one file of materials."""
    access.require(actor, Action.WORK_ASSIGNMENT, assignment)
    summary = (summary or "").strip()
    if not summary:
        raise ServiceError("请填写办结情况。")
    if not files:
        raise ServiceError("申请办结须上传办结材料（文件、照片或数据表）。")
    check_files(files)
    with evidence_files.atomic():
        a = locked_assignment(assignment)
        if a.role != Assignment.Role.LEAD:
            raise ServiceError(CO_REFUSED, code="co_unit")
        if a.task.status == Task.Status.COMPLETED:
            raise ServiceError("该任务已销号。")
        if CloseOut.objects.filter(assignment__task=a.task, status=CloseOut.Status.REQUESTED).exists():
            raise ServiceError("已有办结申请正在复核，请等待复核结果。")
        close_out = CloseOut.objects.create(assignment=a, summary=summary, requested_by=user_of(actor))
        names = [
            attach(actor, f, ItemFile.Purpose.MATERIALS, close_out=close_out).original_name for f in files
        ]
        after = snapshot(close_out)
        after["files"] = names
        record(
            actor,
            "request_close_out",
            close_out,
            after=after,
            summary=f"{a.unit.display_name}申请任务 {a.task.code} 办结，附材料{len(names)}份",
        )
    return close_out


def verify_close_out(
    actor: Actor,
    close_out: CloseOut,
    *,
    approve: bool,
    method: str = "",
    verification: str = "",
    reason: str = "",
    files=(),
) -> CloseOut:
    """复核: sign off (销号: the task 已办结, progress 100) or return with a reason. Signing off says how it
    was verified; a site visit or a check of figures brings its own evidence."""
    close_out = CloseOut.objects.select_related("assignment__task__plan").get(pk=close_out.pk)
    access.require(actor, Action.REVIEW_REPORT, close_out.assignment)
    verification, reason = (verification or "").strip(), (reason or "").strip()
    if approve:
        if method not in CloseOut.Method.values:
            raise ServiceError("请选择复核方式：查阅材料、实地核查或核对数据。")
        if not verification:
            raise ServiceError("请填写复核意见。")
        if method != CloseOut.Method.DOCUMENTS and not files:
            raise ServiceError("实地核查或核对数据须上传复核佐证（照片、记录或数据表）。")
        check_files(files)
    elif not reason:
        raise ServiceError("退回办结申请时请填写理由。")
    with evidence_files.atomic():
        a = locked_assignment(close_out.assignment)
        close_out = CloseOut.objects.select_for_update().get(pk=close_out.pk)
        if close_out.status != CloseOut.Status.REQUESTED:
            raise ServiceError(f"该办结申请{close_out.get_status_display()}，不能重复复核。", code="decided")
        before = snapshot(close_out)
        close_out.verified_by, close_out.verified_at = user_of(actor), timezone.now()
        if approve:
            task = a.task
            close_out.status = CloseOut.Status.CLOSED
            close_out.method, close_out.verification = method, verification
            close_out.previous_override = task.progress_override
            close_out.previous_override_note = task.progress_override_note
            for f in files:
                attach(actor, f, ItemFile.Purpose.VERIFICATION, close_out=close_out)
            plans.override_progress(actor, task, progress=Decimal(100), note=SIGN_OFF_NOTE)
            plans.update_task(actor, task, status=Task.Status.COMPLETED)
            summary = f"复核任务 {task.code}（{close_out.get_method_display()}）：{SIGN_OFF_NOTE}"
        else:
            close_out.status = CloseOut.Status.RETURNED
            close_out.return_reason = reason[:500]
            summary = f"退回任务 {a.task.code} 的办结申请：{reason[:80]}"
        close_out.save()
        record(
            actor, "verify_close_out", close_out, before=before, after=snapshot(close_out), summary=summary
        )
    return close_out


def reopen_task(actor: Actor, task: Task, *, reason: str) -> CloseOut:
    """重新启动 a signed-off task: 推进中 again, the supervisor's earlier progress setting put back."""
    access.require(actor, Action.EDIT_PLAN, task.plan)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("重新启动时请填写理由。")
    with evidence_files.atomic():
        lock_plan(task.plan_id)
        close_out = (
            CloseOut.objects.select_for_update()
            .filter(assignment__task=task, status=CloseOut.Status.CLOSED)
            .order_by("-id")
            .first()
        )
        if close_out is None:
            raise ServiceError("该任务尚未销号，无需重新启动。")
        if Plan.objects.filter(pk=task.plan_id, status=Plan.Status.ARCHIVED).exists():
            raise ServiceError("该事项已归档，不能重新启动。")
        before = snapshot(close_out)
        plans.update_task(actor, task, status=Task.Status.ACTIVE)
        plans.override_progress(
            actor,
            task,
            progress=close_out.previous_override,
            note=close_out.previous_override_note or "重新启动，恢复原进度设置",
        )
        close_out.status = CloseOut.Status.REOPENED
        close_out.reopen_reason = reason[:500]
        close_out.reopened_at = timezone.now()
        close_out.save(update_fields=["status", "reopen_reason", "reopened_at"])
        record(
            actor,
            "reopen_task",
            close_out,
            before=before,
            after=snapshot(close_out),
            summary=f"重新启动任务 {task.code}：{reason[:80]}",
        )
    return close_out


def archive_item(actor: Actor, item: Item) -> Plan:
    """归档 an item once its task is signed off: its own plan is archived (read-only from then on)."""
    if item.task_id is None or item.plan_id is None:
        raise ServiceError("该督办事项尚未交办，不能归档。")
    if item.task.status != Task.Status.COMPLETED:
        raise ServiceError("该督办事项尚未销号，不能归档。")
    return plans.archive_plan(actor, item.plan)
