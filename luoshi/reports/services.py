"""Writes to progress reports: draft → submitted → returned (with reason) or accepted.

Each function owns its transaction and writes an audit entry. A submitted, returned or accepted version is
never edited; reworking a returned report starts a new version.

Two people saving the same draft: each save names the `revision` its editor loaded, and the row is changed
only by a conditional `UPDATE … WHERE revision = N` (checked for one row updated) under `select_for_update`,
so the second save is refused instead of overwriting the first — on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib import periods
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.plans.models import Assignment, Plan, Target, Task
from luoshi.plans.progress.locks import lock_plan
from luoshi.plans.progress.recompute import recompute_task

from . import evidence_files
from .evidence_types import check_evidence_file
from .models import Evidence, Report, ReportValue

__all__ = [
    "DraftFigures",
    "DraftRefused",
    "ServiceError",
    "accept_report",
    "add_evidence",
    "current_period",
    "remove_evidence",
    "require_work",
    "return_report",
    "save_draft",
    "save_drafts",
    "start_report",
    "submit_report",
]

CONFLICT = "该报告已被他人修改，请刷新后再编辑。您这次的修改尚未保存，请先复制留存。"


def current_period(plan, today=None) -> str:
    """The reporting period a report filed today belongs to: '2025-03' (monthly) or '2025-Q1'.
    `today` is the local (Asia/Shanghai) date unless given."""
    return periods.period_of(today or timezone.localdate(), plan.period)


def _user(actor: Actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def _report_snapshot(report: Report) -> dict:
    data = snapshot(report)
    data["values"] = {str(v.target_id): str(v.actual_value) for v in report.values.all()}
    data["evidence"] = [e.original_name for e in report.evidence.all()]
    return data


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("assignment__task__plan")
        .get(pk=report.pk)
    )


def _lock_plan_of(report: Report) -> None:
    """Take the lock of the report's plan, first thing in an act that recomputes the plan's figures or
    locks its assignments (see luoshi/plans/progress/locks.py for the order of locks)."""
    lock_plan(Report.objects.filter(pk=report.pk).values_list("assignment__task__plan_id", flat=True).get())


def _sync(target: Report, source: Report) -> None:
    """Bring the caller's object up to date with the row it asked us to change."""
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def start_report(actor: Actor, assignment, *, period: str | None = None) -> Report:
    """The draft for the assignment's period: the existing draft, a new version copied from a returned
    report, or a fresh draft. Refused when the period already has a submitted or accepted version."""
    access.require(actor, Action.WORK_ASSIGNMENT, assignment)
    with transaction.atomic():
        lock_plan(Assignment.objects.values_list("task__plan_id", flat=True).get(pk=assignment.pk))
        # Locking the assignment serialises two people starting the same period's report.
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("task__plan", "unit")
            .get(pk=assignment.pk)
        )
        plan = assignment.task.plan
        if plan.status != Plan.Status.PUBLISHED:
            raise ServiceError("工作部署未发布或已归档，不能报送。")
        if assignment.task.status == Task.Status.CANCELLED:
            raise ServiceError("该任务已取消，无需报送。")
        if not assignment.is_acknowledged:
            raise ServiceError("请先签收该任务、明确责任人，再填写进度报告。")
        period = period or current_period(plan)
        if not periods.is_valid(period, plan.period):
            raise ServiceError(f"报送周期“{period}”格式不对。")
        latest = Report.objects.filter(assignment=assignment, period=period).order_by("-version").first()
        if latest is None:
            report = Report.objects.create(
                assignment=assignment,
                period=period,
                version=1,
                created_by=_user(actor),
                # Start from where the work stands, so an untouched field never reports a fall.
                percent=int(assignment.progress),
            )
            summary = f"新建{assignment.unit.display_name}{period}进度报告草稿"
        elif latest.status == Report.Status.DRAFT:
            return latest
        elif latest.status == Report.Status.RETURNED:
            report = _copy_version(latest, actor)
            summary = f"根据退回的第{latest.version}版新建第{report.version}版草稿（{period}）"
        else:
            raise ServiceError(f"{period}的报告{latest.get_status_display()}，不能重复填报。")
        record(actor, "start_report", report, after=_report_snapshot(report), summary=summary)
    return report


def _copy_version(previous: Report, actor: Actor) -> Report:
    """A new draft version with the previous one's text, figures and evidence (same stored files)."""
    report = Report.objects.create(
        assignment_id=previous.assignment_id,
        period=previous.period,
        version=previous.version + 1,
        narrative=previous.narrative,
        percent=previous.percent,
        created_by=_user(actor),
        is_demo=previous.is_demo,
    )
    ReportValue.objects.bulk_create(
        [
            ReportValue(report=report, target_id=v.target_id, actual_value=v.actual_value)
            for v in previous.values.all()
        ]
    )
    copies = []
    for e in previous.evidence.all():
        copy = Evidence(
            report=report,
            original_name=e.original_name,
            content_type=e.content_type,
            size=e.size,
            sha256=e.sha256,
            uploaded_by=e.uploaded_by,
        )
        copy.file.name = e.file.name  # the same stored file; nothing is copied on disk
        copies.append(copy)
    Evidence.objects.bulk_create(copies)
    return report


MAX_VALUE = Decimal("999999999999")  # ReportValue.actual_value: 14 digits, 2 after the point


def _clean_values(report: Report, values: dict) -> dict[int, Decimal | None]:
    targets = {t.pk: t for t in Target.objects.filter(task_id=report.assignment.task_id)}
    cleaned: dict[int, Decimal | None] = {}
    for key, raw in values.items():
        try:
            target = targets[int(key)]
        except (KeyError, ValueError, TypeError):
            raise ServiceError("量化指标不属于该任务。") from None
        if raw is None or str(raw).strip() == "":
            cleaned[target.pk] = None
            continue
        number = parse_decimal(raw, f"“{target.metric}”的完成值", low=Decimal(0), high=MAX_VALUE)
        cleaned[target.pk] = number.quantize(Decimal("0.01"))
    return cleaned


def save_draft(
    actor: Actor, report: Report, *, revision: int, narrative: str, percent: int, values: dict | None = None
) -> Report:
    """Save a draft's fields. `revision` is the one the editor loaded; a mismatch means someone else saved
    in between and raises ServiceError (nothing is overwritten). `values` maps Target id → actual value."""
    access.require(actor, Action.WORK_ASSIGNMENT, report)
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ServiceError("完成进度应为0到100之间的整数。") from None
    if not 0 <= percent <= 100:
        raise ServiceError("完成进度应为0到100之间的整数。")
    with transaction.atomic():
        current = _locked(report)
        if current.status != Report.Status.DRAFT:
            raise ServiceError(f"该报告{current.get_status_display()}，只有草稿可以修改。")
        cleaned = _clean_values(current, values or {})
        before = _report_snapshot(current)
        updated = Report.objects.filter(
            pk=current.pk, status=Report.Status.DRAFT, revision=int(revision)
        ).update(
            narrative=clean_text(narrative),
            percent=percent,
            revision=F("revision") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            raise ServiceError(CONFLICT)
        for target_id, value in cleaned.items():
            if value is None:
                ReportValue.objects.filter(report=current, target_id=target_id).delete()
            else:
                ReportValue.objects.update_or_create(
                    report=current, target_id=target_id, defaults={"actual_value": value}
                )
        current.refresh_from_db()
        record(
            actor,
            "save_draft",
            current,
            before=before,
            after=_report_snapshot(current),
            summary=f"保存{current.period}进度报告草稿（第{current.version}版）",
        )
    _sync(report, current)
    return report


def add_evidence(actor: Actor, report: Report, uploaded_file) -> Evidence:
    """Attach a file to a draft, once its size and type pass `check_evidence_file` (whoever calls this).

    The file is stored under its SHA-256 (hashed while streaming its chunks), so the same file attached
    again to the same assignment's reports is stored once; the original name is kept only as a label.
    A file written for an act that does not commit is removed again (`evidence_files`)."""
    access.require(actor, Action.WORK_ASSIGNMENT, report)
    refused = check_evidence_file(uploaded_file)
    if refused:
        raise ServiceError(refused + "。", code="bad_file")
    digest, size = hashlib.sha256(), 0
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
        size += len(chunk)
    sha256 = digest.hexdigest()
    name = (
        os.path.basename(clean_text(getattr(uploaded_file, "name", "")).replace("\\", "/")).strip()
        or "未命名文件"
    )
    with evidence_files.atomic():
        current = _locked(report)
        if current.status != Report.Status.DRAFT:
            raise ServiceError(f"该报告{current.get_status_display()}，只有草稿可以添加佐证材料。")
        if current.evidence.filter(sha256=sha256).exists():
            raise ServiceError(f"文件“{name}”已经上传过了。")
        evidence = Evidence(
            report=current,
            original_name=name[-255:],
            size=size,
            sha256=sha256,
            uploaded_by=_user(actor),
            content_type=(getattr(uploaded_file, "content_type", "") or "")[:100],
        )
        evidence_files.store(evidence, name, uploaded_file)
        evidence.save()
        record(
            actor,
            "add_evidence",
            evidence,
            after=snapshot(evidence),
            summary=f"为{current.period}进度报告上传佐证材料“{name}”",
        )
    return evidence


def remove_evidence(actor: Actor, evidence: Evidence) -> None:
    """Detach a file from a draft. The stored file goes only when no other row (an earlier version, say)
    still refers to it, and only once the transaction has committed."""
    access.require(actor, Action.WORK_ASSIGNMENT, evidence.report)
    with transaction.atomic():
        current = _locked(evidence.report)
        if current.status != Report.Status.DRAFT:
            raise ServiceError(f"该报告{current.get_status_display()}，不能删除佐证材料。")
        evidence = Evidence.objects.get(pk=evidence.pk)
        before = snapshot(evidence)
        record(
            actor,
            "remove_evidence",
            evidence,
            before=before,
            summary=f"删除{current.period}进度报告的佐证材料“{evidence.original_name}”",
        )
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        if not Evidence.objects.filter(file=name).exists():
            transaction.on_commit(lambda: storage.delete(name))


def submit_report(actor: Actor, report: Report, *, revision: int | None = None) -> Report:
    """报送 a draft. With `revision`, refused if someone saved the draft after the submitter loaded it."""
    access.require(actor, Action.WORK_ASSIGNMENT, report)
    with transaction.atomic():
        _lock_plan_of(report)
        current = _locked(report)
        if current.status != Report.Status.DRAFT:
            raise ServiceError(f"该报告{current.get_status_display()}，不能重复报送。")
        if not current.narrative.strip():
            raise ServiceError("请先填写工作进展再报送。")
        before = _report_snapshot(current)
        now = timezone.now()
        rows = Report.objects.filter(pk=current.pk, status=Report.Status.DRAFT)
        if revision is not None:
            rows = rows.filter(revision=int(revision))
        if (
            rows.update(
                status=Report.Status.SUBMITTED,
                submitted_by=_user(actor),
                submitted_at=now,
                revision=F("revision") + 1,
                updated_at=now,
            )
            != 1
        ):
            raise ServiceError(CONFLICT)
        Assignment.objects.filter(pk=current.assignment_id).update(
            latest_report_status=Report.Status.SUBMITTED, last_reported_at=now
        )
        current.refresh_from_db()
        # A resubmitted report lifts the returns' colour from the light (the count stays for the next review).
        recompute_task(current.assignment.task)
        record(
            actor,
            "submit_report",
            current,
            before=before,
            after=_report_snapshot(current),
            summary=f"报送{current.assignment.unit.display_name}{current.period}进度报告（第{current.version}版，"
            f"{current.percent}%）",
        )
    _sync(report, current)
    return report


def _review(actor: Actor, report: Report, status: str, **fields) -> tuple[Report, dict]:
    """Move a submitted report to `status`; only the review fields change."""
    current = _locked(report)
    if current.status != Report.Status.SUBMITTED:
        raise ServiceError(f"该报告{current.get_status_display()}，只有已报送的报告可以审核。")
    before = _report_snapshot(current)
    now = timezone.now()
    # Conditional on still being submitted, so two reviewers cannot both act on it.
    updated = Report.objects.filter(pk=current.pk, status=Report.Status.SUBMITTED).update(
        status=status, reviewed_by=_user(actor), reviewed_at=now, updated_at=now, **fields
    )
    if updated != 1:
        raise ServiceError("该报告已被他人审核，请刷新。")
    current.refresh_from_db()
    return current, before


def return_report(actor: Actor, report: Report, *, reason: str) -> Report:
    """退回 with a reason (required)."""
    access.require(actor, Action.REVIEW_REPORT, report)
    reason = clean_text(reason).strip()
    if not reason:
        raise ServiceError("退回时请填写退回理由。")
    with transaction.atomic():
        _lock_plan_of(report)
        current, before = _review(actor, report, Report.Status.RETURNED, return_reason=reason)
        Assignment.objects.filter(pk=current.assignment_id).update(
            latest_report_status=Report.Status.RETURNED, returns_in_a_row=F("returns_in_a_row") + 1
        )
        record(
            actor,
            "return_report",
            current,
            before=before,
            after=_report_snapshot(current),
            summary=f"退回{current.assignment.unit.display_name}{current.period}进度报告：{reason}",
        )
        recompute_task(current.assignment.task)
    _sync(report, current)
    return report


def accept_report(actor: Actor, report: Report) -> Report:
    """采纳: the assignment's progress becomes the report's; progress rolls up and lights refresh.
    A late acceptance of an older period does not overwrite progress from a newer accepted period."""
    access.require(actor, Action.REVIEW_REPORT, report)
    with transaction.atomic():
        _lock_plan_of(report)
        current, before = _review(actor, report, Report.Status.ACCEPTED)
        newer = Report.objects.filter(
            assignment_id=current.assignment_id, status=Report.Status.ACCEPTED, period__gt=current.period
        ).exists()
        changes = {
            "latest_report_status": Report.Status.ACCEPTED,
            "returns_in_a_row": 0,
            "last_reported_at": current.submitted_at or timezone.now(),
        }
        if not newer:
            changes["progress"] = Decimal(current.percent)
        Assignment.objects.filter(pk=current.assignment_id).update(**changes)
        record(
            actor,
            "accept_report",
            current,
            before=before,
            after=_report_snapshot(current),
            summary=f"采纳{current.assignment.unit.display_name}{current.period}进度报告（{current.percent}%）",
        )
        recompute_task(current.assignment.task)
    _sync(report, current)
    return report


@dataclass(frozen=True)
class DraftFigures:
    """What one imported row says about an assignment's report for a period: `percent` None keeps the
    report's own, an empty `narrative` keeps its text; `values` maps Target id → checked actual value."""

    assignment_id: int
    period: str
    percent: int | None
    narrative: str
    values: dict[int, Decimal]
    key: object = None  # the caller's handle (a file and row), given back with a refusal


class DraftRefused(ServiceError):
    """One row cannot become a draft; `key` is the caller's handle of that row. Nothing was written."""

    def __init__(self, key, message: str):
        self.key = key
        super().__init__(message)


def save_drafts(actor: Actor, rows: list[DraftFigures]) -> dict[object, Report]:
    """`start_report` + `save_draft` for many assignments at once, in set-based statements: the same
    rules (permission, plan published, task not cancelled, acknowledged, one open version per period, a
    returned version reworked as a new one), the same locks in the same order (plan locks, then the
    assignments and the drafts changed), and nothing written unless every row passes. Runs inside the
    caller's transaction, which records the act's audit entry. Returns each row's draft by `key`."""
    if not rows:
        return {}
    ids = sorted({r.assignment_id for r in rows})
    require_work(actor, [(r.assignment_id, r.key) for r in rows])
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("save_drafts() runs inside the caller's transaction.atomic()")
    plan_ids = Assignment.objects.filter(pk__in=ids).values_list("task__plan_id", flat=True).distinct()
    for plan_id in sorted(set(plan_ids)):
        lock_plan(plan_id)
    assignments = {
        a[0]: _Work(*a[1:])
        for a in Assignment.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .values_list(
            "pk", "task__plan__status", "task__plan__period", "task__status", "acknowledged_at", "progress"
        )
    }
    for row in rows:
        refused = _refusal(assignments.get(row.assignment_id), row.period)
        if refused:
            raise DraftRefused(row.key, refused)
    latest = _latest_versions(rows)
    user = _user(actor)
    now = timezone.now()
    created: list[tuple[DraftFigures, Report, Report | None]] = []
    changed: list[tuple[DraftFigures, Report]] = []
    for row in rows:
        report = latest.get((row.assignment_id, row.period))
        if report is None or report.status == Report.Status.RETURNED:
            base = report
            start = int(assignments[row.assignment_id].progress) if base is None else base.percent
            draft = Report(
                assignment_id=row.assignment_id,
                period=row.period,
                version=1 if base is None else base.version + 1,
                narrative=clean_text(row.narrative) or (base.narrative if base else ""),
                percent=start if row.percent is None else row.percent,
                revision=1,
                created_by=user,
                is_demo=base.is_demo if base else False,
            )
            created.append((row, draft, base))
        elif report.status == Report.Status.DRAFT:
            report.narrative = clean_text(row.narrative) or report.narrative
            if row.percent is not None:
                report.percent = row.percent
            report.revision += 1
            report.updated_at = now
            changed.append((row, report))
        else:
            raise DraftRefused(row.key, f"{row.period}的报告{report.get_status_display()}，不能重复填报。")
    Report.objects.bulk_create([draft for _, draft, _ in created], batch_size=500)
    Report.objects.bulk_update(
        [r for _, r in changed], ["narrative", "percent", "revision", "updated_at"], batch_size=500
    )
    _copy_returned_parts(created)
    _write_values(created, changed)
    return {row.key: report for row, report, *_ in [*created, *changed]}


def require_work(actor: Actor, rows: list[tuple[int, object]]) -> None:
    """`access.require(WORK_ASSIGNMENT)` for many assignments in one query: the first one the actor may
    not work on is refused (and its refusal recorded) as `require` does. Call it before the act's
    transaction so the refusal's entry stays."""
    if actor.user is None:
        return
    ids = {assignment_id for assignment_id, _ in rows}
    allowed = set(
        access.restrict(
            actor.user, Action.WORK_ASSIGNMENT, Assignment.objects.filter(pk__in=ids)
        ).values_list("pk", flat=True)
    )
    denied = next((pk for pk, _ in rows if pk not in allowed), None)
    if denied is not None:
        access.require(actor, Action.WORK_ASSIGNMENT, Assignment(pk=denied))


@dataclass(frozen=True)
class _Work:
    """What the rules of starting a draft read of an assignment."""

    plan_status: str
    plan_period: str
    task_status: str
    acknowledged_at: object
    progress: Decimal


def _refusal(work: _Work | None, period: str) -> str:
    """Why `start_report` would refuse the assignment's report for `period`, or ''."""
    if work is None:
        return "任务不存在或已被删除。"
    if work.plan_status != Plan.Status.PUBLISHED:
        return "工作部署未发布或已归档，不能报送。"
    if work.task_status == Task.Status.CANCELLED:
        return "该任务已取消，无需报送。"
    if work.acknowledged_at is None:
        return "请先签收该任务、明确责任人，再填写进度报告。"
    if not periods.is_valid(period, work.plan_period):
        return f"报送周期“{period}”格式不对。"
    return ""


def _latest_versions(rows: list[DraftFigures]) -> dict[tuple[int, str], Report]:
    """Each (assignment, period)'s latest version; open drafts are locked for the update."""
    wanted = {(r.assignment_id, r.period) for r in rows}
    found = Report.objects.filter(
        assignment_id__in={a for a, _ in wanted}, period__in={p for _, p in wanted}
    ).order_by("assignment_id", "period", "version")
    latest = {(r.assignment_id, r.period): r for r in found if (r.assignment_id, r.period) in wanted}
    drafts = [r.pk for r in latest.values() if r.status == Report.Status.DRAFT]
    if drafts:
        locked = Report.objects.select_for_update(of=("self",)).in_bulk(drafts)
        latest = {k: locked.get(r.pk, r) for k, r in latest.items()}
    return latest


def _copy_returned_parts(created) -> None:
    """A new version started from a returned one keeps its figures (but those the row gives anew) and its
    evidence (the same stored files; nothing is copied on disk)."""
    new_of = {base.pk: (row, draft) for row, draft, base in created if base is not None}
    if not new_of:
        return
    ReportValue.objects.bulk_create(
        [
            ReportValue(report=new_of[v.report_id][1], target_id=v.target_id, actual_value=v.actual_value)
            for v in ReportValue.objects.filter(report_id__in=new_of)
            if v.target_id not in new_of[v.report_id][0].values
        ]
    )
    copies = []
    for e in Evidence.objects.filter(report_id__in=new_of):
        copy = Evidence(
            report=new_of[e.report_id][1],
            original_name=e.original_name,
            content_type=e.content_type,
            size=e.size,
            sha256=e.sha256,
            uploaded_by_id=e.uploaded_by_id,
        )
        copy.file.name = e.file.name
        copies.append(copy)
    Evidence.objects.bulk_create(copies)


def _write_values(created, changed) -> None:
    """The rows' figures: an open draft's earlier value for the same target is replaced."""
    given = {report.pk: row.values for row, report in changed if row.values}
    stale = [
        v.pk
        for v in ReportValue.objects.filter(report_id__in=given).only("pk", "report_id", "target_id")
        if v.target_id in given[v.report_id]
    ]
    if stale:
        ReportValue.objects.filter(pk__in=stale).delete()
    ReportValue.objects.bulk_create(
        [
            ReportValue(report=report, target_id=t, actual_value=v)
            for row, report, *_ in [*created, *changed]
            for t, v in row.values.items()
        ],
        batch_size=500,
    )
