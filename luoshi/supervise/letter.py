"""The 催办通知单 (a 警示 is sent as a 警示通知单): one notice to the unit as an official document in the
GB/T 9704 layout (`luoshi.lib.gbt9704`), composed from the data — its number, the unit, the work and its
due day, what is overdue, what the unit is to do and the day to reply by, the issuing office and the day.

The number counts the deploying unit's notices of the year that have a 通知单 (催 and 警 separately), in the
order they were made: notices are never deleted, so a 通知单 keeps its number whenever it is printed."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from luoshi.lib.cndates import cn_period
from luoshi.lib.gbt9704 import write_docx
from luoshi.lib.official import OfficialDocument, arabic_date
from luoshi.plans.models import Assignment, Plan

from .models import Notice

Kind = Notice.Kind
# Steps that are a message to the unit to act (a reminder only informs; 约谈/通报建议 goes to the office).
LETTER_KINDS = (Kind.CHASE, Kind.WARNING, Kind.MANUAL, Kind.MISSING_REPORT, Kind.SILENCE, Kind.ACKNOWLEDGE)


def has_letter(notice: Notice) -> bool:
    return notice.kind in LETTER_KINDS


def issued_on(notice: Notice) -> date:
    return timezone.localdate(notice.created_at)


def letter_title(notice: Notice) -> str:
    return "警示通知单" if notice.kind == Kind.WARNING else "催办通知单"


def letter_number(notice: Notice) -> str:
    """催〔2025〕3号 / 警〔2025〕1号: the notice's place among the deploying unit's 通知单 of the year."""
    year = issued_on(notice).year
    warning = notice.kind == Kind.WARNING
    kinds = [Kind.WARNING] if warning else [k for k in LETTER_KINDS if k != Kind.WARNING]
    start = timezone.make_aware(timezone.datetime(year, 1, 1))
    serial = Notice.objects.filter(
        kind__in=kinds,
        assignment__task__plan__deploying_unit_id=notice.assignment.task.plan.deploying_unit_id,
        created_at__gte=start,
        created_at__lt=timezone.make_aware(timezone.datetime(year + 1, 1, 1)),
        id__lte=notice.id,
    ).count()
    return f"{'警' if warning else '催'}〔{year}〕{serial}号"


def _work(a: Assignment) -> str:
    plan, task = a.task.plan, a.task
    role = "牵头" if a.role == Assignment.Role.LEAD else "配合"
    if plan.kind == Plan.Kind.ANNUAL:
        return f"你单位{role}承办的《{plan.title}》任务{task.code}“{task.title}”"
    return f"你单位{role}承办的{plan.get_kind_display()}“{plan.title}”"


def _what_is_late(notice: Notice, a: Assignment, on: date, calendar) -> str:
    due = f"办结时限为{arabic_date(a.due_on)}" if a.due_on else "未定办结时限"
    if notice.kind == Kind.ACKNOWLEDGE:
        return f"{due}，应于{arabic_date(notice.due_on)}前签收，截至{arabic_date(on)}仍未签收。"
    if notice.kind == Kind.MISSING_REPORT:
        return (
            f"{due}。{cn_period(notice.period)}的办理进展应于{arabic_date(notice.due_on)}前报送，"
            f"截至{arabic_date(on)}仍未报送。"
        )
    if notice.kind == Kind.SILENCE:
        days = calendar.days_between(notice.due_on, on)
        return f"{due}，自{arabic_date(notice.due_on)}以来已{days}个工作日未报送办理进展。"
    if a.due_on and a.due_on < on:
        days = calendar.days_between(a.due_on, on)
        late = f"截至{arabic_date(on)}已逾期{days}个工作日，仍未办结"
        if notice.kind == Kind.WARNING:
            late += "，经催办仍未办结"
        return f"{due}，{late}。"
    return f"{due}，目前完成进度为{a.progress.normalize():f}%，办理进展滞后。"


def letter(notice: Notice, calendar) -> OfficialDocument:
    """The 通知单 of `notice` (one of `LETTER_KINDS`) as an official document."""
    a = notice.assignment
    office = a.task.plan.deploying_unit.name
    on = issued_on(notice)
    reply_by = arabic_date(calendar.add(on, settings.CHASE_REPLY_DAYS))
    if notice.kind == Kind.ACKNOWLEDGE:
        asked = f"请你单位接此通知后立即签收，明确责任人和联系电话，并于{reply_by}前将办理计划报送{office}。"
    else:
        asked = (
            f"请你单位接此通知后抓紧办理，于{reply_by}前将办理进展、存在问题及下步措施书面报送{office}；"
            "确因客观原因不能按期办结的，应在时限届满前提出延期申请。"
        )
    if notice.kind == Kind.WARNING:
        asked += "请单位分管领导亲自督促落实。"
    opening = [f"{_work(a)}，{_what_is_late(notice, a, on, calendar)}", asked]
    if notice.note:
        opening.append(f"督办意见：{notice.note}")
    opening.append("特此通知。")
    return OfficialDocument(
        title=letter_title(notice),
        number=letter_number(notice),
        addressee=f"{a.unit.name}：",
        opening=opening,
        issuer=office,
        issued_on=on,
    )


def letter_file(notice: Notice, calendar) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the notice's 通知单."""
    document = letter(notice, calendar)
    name = f"{document.title}（{document.number}）{notice.assignment.unit.display_name}.docx"
    return name, write_docx(document)
