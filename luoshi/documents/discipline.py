"""The figures of the monthly 通报 on reporting discipline (报送纪律), for one plan and period, per unit.

Nothing here decides what counts or what is overdue: the counted tasks are `Task.objects.counted()`, the
overdue ones `Task.objects.overdue()` and `Assignment.objects.overdue()` (as the last refresh stored them),
and 未达序时 (behind schedule) is the light rule's own verdict (`assignment_judgement`: more than the
policy's yellow threshold behind the progress expected by today). What this module adds is the filing rule:

* a unit owes a report for the period on each assignment of a counted task that was assigned by the
  period's last day, unless the work was already finished and nothing was filed for the period;
* a report is filed when a version of it was submitted (a draft is not filed), on time when its first
  submission was on or before the filing deadline — the one rule `periods.report_due`: `REPORT_DUE_DAYS`
  working days after the period ends (default 5: a June 2025 report by 7 July), as the 漏报 chase and
  assessment's 按时报送 count it;
* 未按要求报送 counts the reports missing, late, or returned and not yet resubmitted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from luoshi.lib import periods
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.plans.progress.recompute import current_policy, plan_start
from luoshi.plans.progress.rollup import AssignmentRow, assignment_judgement
from luoshi.reports.models import Report
from luoshi.workdays.models import working_days


@dataclass(frozen=True)
class Options:
    report_due_days: int | None = None  # working days after the period's end; None: settings.REPORT_DUE_DAYS


@dataclass
class UnitFigures:
    """One unit's record for the period."""

    unit_id: int
    name: str
    order: int
    owed: int = 0  # reports owed for the period
    lead: int = 0
    co: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    returned: int = 0  # latest version returned, not yet resubmitted
    accepted: int = 0
    behind: int = 0  # 未达序时
    overdue: int = 0  # 超期

    @property
    def not_as_required(self) -> int:
        """未按要求报送: missing, late, or returned and not resubmitted."""
        return self.missing + self.late + self.returned

    @property
    def exemplary(self) -> bool:
        """Every report owed filed on time and accepted."""
        return self.owed > 0 and self.on_time == self.owed and self.accepted == self.owed

    @property
    def lagging(self) -> bool:
        return bool(self.behind or self.overdue or self.not_as_required)

    @property
    def on_time_rate(self) -> float | None:
        return 100.0 * self.on_time / self.owed if self.owed else None


@dataclass
class Discipline:
    plan: Plan
    period: str
    as_of: date
    filing_due: date
    tasks: int = 0  # counted tasks
    due_tasks: int = 0  # counted tasks due by the period's end (by today while the period runs)
    completed_due: int = 0  # of those, finished (progress 100)
    overdue_tasks: int = 0
    units: list[UnitFigures] = field(default_factory=list)

    def total(self, attr: str) -> int:
        return sum(getattr(u, attr) for u in self.units)

    @property
    def owed(self) -> int:
        return self.total("owed")

    @property
    def on_time_rate(self) -> float | None:
        owed = self.owed
        return 100.0 * self.total("on_time") / owed if owed else None

    @property
    def completion_rate(self) -> float | None:
        return 100.0 * self.completed_due / self.due_tasks if self.due_tasks else None

    @property
    def exemplary(self) -> list[UnitFigures]:
        return [u for u in self.units if u.exemplary]

    @property
    def laggards(self) -> list[UnitFigures]:
        return laggards(self.units)


def laggards(units: list[UnitFigures]) -> list[UnitFigures]:
    """Units with anything to answer for, the most first (ties in official order)."""
    lagging = [u for u in units if u.lagging]
    return sorted(lagging, key=lambda u: (-(u.behind + u.overdue + u.not_as_required), u.order, u.unit_id))


def report_due_on(period: str, options: Options = Options()) -> date:
    days = settings.REPORT_DUE_DAYS if options.report_due_days is None else options.report_due_days
    return periods.report_due(period, working_days(), days)


def latest_period(plan: Plan) -> str | None:
    """The latest period anyone filed (or drafted) a report for in `plan`."""
    return Report.objects.filter(assignment__task__plan=plan).aggregate(p=Max("period"))["p"]


def compute(
    plan: Plan, period: str, *, today: date | None = None, options: Options = Options()
) -> Discipline:
    """The period's discipline figures for every unit with work in `plan`, units in official order."""
    first, last = periods.bounds(period)
    today = today or timezone.localdate()
    figures = Discipline(plan=plan, period=period, as_of=today, filing_due=report_due_on(period, options))
    counted = Task.objects.filter(plan=plan).counted()
    cutoff = min(last, today)  # a period still running counts what is due by today
    status_of: dict[int, str] = {}
    # Rows are streamed (iterator), never cached as a whole: memory follows the figures kept, not the rows.
    for task_id, deadline, progress, status in counted.values_list(
        "id", "deadline", "progress", "status"
    ).iterator(chunk_size=2000):
        status_of[task_id] = status
        if deadline is not None and deadline <= cutoff:
            figures.due_tasks += 1
            figures.completed_due += progress >= 100
    figures.tasks = len(status_of)
    figures.overdue_tasks = counted.overdue().count()

    filed = _filing(plan, period)
    overdue_ids = set(Assignment.objects.filter(task__in=counted).overdue().values_list("id", flat=True))
    policy, starts_on = current_policy(), plan_start(plan)
    units: dict[int, UnitFigures] = {}
    assignments = (
        Assignment.objects.filter(task__in=counted)
        .values(
            "id", "role", "progress", "returns_in_a_row", "light", "latest_report_status", "due_on",
            "assigned_on", "task_id", "unit_id", "unit__name", "unit__order",
        )
        .order_by("unit__order", "unit_id", "id")
    )  # fmt: skip
    for a in assignments.iterator(chunk_size=2000):
        if a["assigned_on"] and a["assigned_on"] > last:
            continue
        record = filed.get(a["id"])
        if (record is None or record[0] is None) and a["progress"] >= 100:
            continue  # finished before the period with nothing to report
        unit = units.get(a["unit_id"])
        if unit is None:
            unit = units[a["unit_id"]] = UnitFigures(a["unit_id"], a["unit__name"], a["unit__order"])
        unit.owed += 1
        if a["role"] == Assignment.Role.LEAD:
            unit.lead += 1
        else:
            unit.co += 1
        _count_filing(unit, record, figures.filing_due)
        if a["id"] in overdue_ids:
            unit.overdue += 1
        elif _behind(a, status_of[a["task_id"]], today, starts_on, policy):
            unit.behind += 1
    figures.units = list(units.values())
    return figures


def _filing(plan: Plan, period: str) -> dict[int, tuple[date | None, str]]:
    """Per assignment: the local day of its first submission for `period` (None if never submitted) and
    the status of its latest version."""
    first_submitted: dict[int, date | None] = defaultdict(lambda: None)
    latest: dict[int, tuple[int, str]] = {}
    rows = Report.objects.filter(assignment__task__plan=plan, period=period).values_list(
        "assignment_id", "version", "status", "submitted_at"
    )
    for assignment_id, version, status, submitted_at in rows.iterator(chunk_size=2000):
        if submitted_at is not None:
            day = timezone.localdate(submitted_at)
            known = first_submitted[assignment_id]
            first_submitted[assignment_id] = day if known is None else min(known, day)
        if assignment_id not in latest or version > latest[assignment_id][0]:
            latest[assignment_id] = (version, status)
    return {a: (first_submitted[a], status) for a, (_, status) in latest.items()}


def _count_filing(unit: UnitFigures, record: tuple[date | None, str] | None, due: date) -> None:
    if record is None or record[0] is None:
        unit.missing += 1  # nothing submitted: no report, or a draft only
        return
    first_submitted, status = record
    if first_submitted <= due:
        unit.on_time += 1
    else:
        unit.late += 1
    if status in (Report.Status.RETURNED, Report.Status.DRAFT):  # a draft after a return: being reworked
        unit.returned += 1
    elif status == Report.Status.ACCEPTED:
        unit.accepted += 1


def _behind(a: dict, task_status: str, today: date, starts_on, policy) -> bool:
    row = AssignmentRow(
        id=a["id"],
        role=a["role"],
        progress=a["progress"],
        returns_in_a_row=a["returns_in_a_row"],
        light=a["light"],
        latest_report_status=a["latest_report_status"],
        due_on=a["due_on"],
        assigned_on=a["assigned_on"],
    )
    verdict = assignment_judgement(row, task_status, today, starts_on, policy)
    return verdict.expected is not None and verdict.expected - float(a["progress"]) > policy.behind_yellow
