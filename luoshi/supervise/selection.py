"""Which ladder steps are due today and not yet taken: one query per kind of step, each comparing stored
dates with the cut-off days of `ladder.cutoffs`, and leaving out steps already recorded (NOT EXISTS on the
notice's unique key). `bench/bench_supervise.py` times `due_steps` against hand-written SQL."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from django.db.models import DateField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest, TruncDate

from luoshi.lib import periods
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.plans.urgency import acknowledge_limit, urgencies
from luoshi.reports.models import Report

from . import ladder
from .models import Notice

Kind = Notice.Kind


class Step(NamedTuple):
    """One step to take: the notice's unique key. A tuple, so that making and sorting tens of thousands of
    them is the C tuple code's work, not Python's (the province-scale run selects ~80,000)."""

    assignment_id: int
    kind: str
    due_on: date
    period: str = ""


def live_work() -> QuerySet:
    """Assignments still to be chased: in a published plan, on a task still being done (not completed,
    cancelled or guidance), and the unit's work below 100."""
    return Assignment.objects.filter(
        task__plan__status=Plan.Status.PUBLISHED,
        task__status=Task.Status.ACTIVE,
        task__is_guidance=False,
        progress__lt=100,
    )


def _noticed(kind: str, due_on, period: str = "", *, lookup: str = "due_on") -> Exists:
    return Exists(
        Notice.objects.filter(assignment=OuterRef("pk"), kind=kind, period=period, **{lookup: due_on})
    )


def _major(c: ladder.Cutoffs) -> set[int]:
    """Overdue work not yet at the top step whose urgency starts the ladder higher (`ladder.MAJOR_URGENCIES`)."""
    ids = live_work().filter(due_on__gt=c.escalation, due_on__lte=c.chase).values_list("pk", flat=True)
    return {pk for pk, u in urgencies(ids.order_by()).items() if u in ladder.MAJOR_URGENCIES}


def _ladder_rows(kind: str, where: Q, *, only: set[int] | None = None, leave_out: set[int] = frozenset()):
    rows = live_work().filter(where)
    if only is not None:
        rows = rows.filter(pk__in=only)
    if leave_out:
        rows = rows.exclude(pk__in=leave_out)
    rows = rows.filter(~_noticed(kind, OuterRef("due_on"))).values_list("pk", "due_on").order_by()
    return [Step(pk, kind, due_on) for pk, due_on in rows]


def ladder_steps(c: ladder.Cutoffs) -> list[Step]:
    """提醒, 催办, 警示 and 约谈/通报建议: at most one (the highest due) per assignment; major work one step
    higher once overdue."""
    major = _major(c)
    steps = _ladder_rows(Kind.REMINDER, Q(due_on__gte=c.today, due_on__lte=c.remind_until))
    steps += _ladder_rows(Kind.CHASE, Q(due_on__gt=c.warning, due_on__lte=c.chase), leave_out=major)
    steps += _ladder_rows(Kind.WARNING, Q(due_on__gt=c.escalation, due_on__lte=c.warning), leave_out=major)
    steps += _ladder_rows(Kind.ESCALATION, Q(due_on__lte=c.escalation))
    if major:
        steps += _ladder_rows(Kind.WARNING, Q(due_on__gt=c.major_escalation, due_on__lte=c.chase), only=major)
        steps += _ladder_rows(
            Kind.ESCALATION, Q(due_on__gt=c.escalation, due_on__lte=c.major_escalation), only=major
        )
    return steps


def acknowledge_steps(c: ladder.Cutoffs, calendar) -> list[Step]:
    """签收催办: work not acknowledged by its 签收 day (counted from the later of the assignment day and the
    plan's publication), once per assignment."""
    latest = max(c.acknowledge.values())
    rows = (
        live_work()
        .filter(acknowledged_at__isnull=True)
        .annotate(
            start=Greatest("assigned_on", Coalesce(TruncDate("task__plan__published_at"), "assigned_on"))
        )
        .filter(start__lte=latest)
        .filter(~Exists(Notice.objects.filter(assignment=OuterRef("pk"), kind=Kind.ACKNOWLEDGE)))
        .values_list("pk", "start")
        .order_by()
    )
    rows = list(rows)
    urgency_of = urgencies([pk for pk, _ in rows])
    due: dict[tuple, date] = {}  # work is assigned on few distinct days: count each day's working days once
    steps = []
    for pk, start in rows:
        urgency = urgency_of[pk]
        if start <= c.acknowledge[acknowledge_limit(urgency)]:
            if (start, urgency) not in due:
                due[start, urgency] = ladder.acknowledge_due(start, urgency, calendar)
            steps.append(Step(pk, Kind.ACKNOWLEDGE, due[start, urgency]))
    return steps


def missing_report_steps(today: date, calendar, s: ladder.LadderSettings) -> list[Step]:
    """漏报: for monthly and quarterly plans, the latest period whose report is due has none (a draft does
    not count) from a unit assigned before that period ended."""
    steps = []
    for kind in (Plan.Period.MONTHLY, Plan.Period.QUARTERLY):
        period, due = ladder.latest_due_period(today, kind, calendar, s)
        reported = Report.objects.filter(assignment=OuterRef("pk"), period=period).exclude(
            status=Report.Status.DRAFT
        )
        rows = (
            live_work()
            .filter(task__plan__period=kind, assigned_on__lte=periods.bounds(period)[1])
            .filter(~Exists(reported))
            .filter(~_noticed(Kind.MISSING_REPORT, due, period))
            .values_list("pk", flat=True)
            .order_by()
        )
        steps += [Step(pk, Kind.MISSING_REPORT, due, period) for pk in rows]
    return steps


def silence_steps(c: ladder.Cutoffs) -> list[Step]:
    """Silence: no report since `silence_days` working days, counted from the last report (or from the
    assignment when there is none); one notice per silence (a new report starts a new one)."""
    rows = (
        live_work()
        .annotate(last=Coalesce(TruncDate("last_reported_at"), "assigned_on", output_field=DateField()))
        .filter(last__lte=c.silence)
        # Earlier silences of the same assignment ended on or before its last report: a notice keyed on or
        # after that day is this silence's.
        .filter(~_noticed(Kind.SILENCE, OuterRef("last"), lookup="due_on__gte"))
        .values_list("pk", "last")
        .order_by()
    )
    return [Step(pk, Kind.SILENCE, last) for pk, last in rows]


def due_steps(today: date, calendar, s: ladder.LadderSettings) -> list[Step]:
    """Every step due today that no notice records yet, in a stable order."""
    c = ladder.cutoffs(today, calendar, s)
    return sorted(
        ladder_steps(c)
        + missing_report_steps(today, calendar, s)
        + silence_steps(c)
        + acknowledge_steps(c, calendar)
    )
