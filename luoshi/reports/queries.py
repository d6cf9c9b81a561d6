"""The liaison's task list (我的任务) as data: the rows the page shows and the counts on its tabs.

Kept out of the view so that the benchmark (`bench/bench_spine.py`) times exactly what the page runs.

Two queries, whatever the number of rows: the unit's assignments with their task and plan, then the report
versions of those assignments, newest first along the (assignment, period, version) unique index, from
which each assignment takes its latest version (what the liaison is working on) and its latest decided,
i.e. non-draft, one (what the supervisor last said). A liaison has tens of assignments with a version per
period (and one per rework) each, so this reads a few hundred short rows; per-row correlated subqueries
give the same answer but cost more to build than to run, which on this page was most of its time. The tab
counts come from the same rows rather than from another, aggregate, query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from luoshi.plans.models import Assignment, Task

from . import services
from .models import Report

Status = Report.Status

# The fields the page shows. Everything else (the plan's source text, the task's description) stays in the
# database; the page's query-cap test catches a template that starts reading a field left out here.
SHOWN_FIELDS = (
    "role",
    "acknowledged_at",
    "progress",
    "light",
    "task__code",
    "task__title",
    "task__tier",
    "task__deadline",
    "task__plan__title",
    "task__plan__year",
    "task__plan__period",
)

# Tab key → (label, whether a row belongs on that tab). Rows are annotated by `my_task_rows` first.
TASK_FILTERS: dict[str, tuple[str, Callable[[Assignment], bool]]] = {
    "unacknowledged": ("未签收", lambda a: a.acknowledged_at is None),
    "returned": ("被退回", lambda a: a.decided_status == Status.RETURNED),
    "overdue": ("已逾期", lambda a: a.is_overdue),
}


@dataclass(frozen=True)
class TaskList:
    """What 我的任务 shows: the rows of the chosen tab, sorted, and every tab with its count."""

    rows: list[Assignment]
    tabs: list[tuple[str, str, int]]  # (filter key, label, count); the key of 全部 is ""
    current: str  # the chosen filter key, "" for 全部 (also when the request named an unknown one)

    @property
    def counts(self) -> dict[str, int]:
        return {key or "all": count for key, _, count in self.tabs}


def code_key(code: str) -> tuple:
    """Sort task codes as numbers, so 1.10 comes after 1.9 (and 10 after 2)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))


def attach_latest_reports(assignments: list[Assignment]) -> None:
    """Set on each assignment its latest report (`latest_report_id`, `latest_status`) and its latest decided
    one (`decided_status`, `decided_reason`, `decided_period`), all None when there is none. One query."""
    by_id = {a.pk: a for a in assignments}
    for a in assignments:
        a.latest_report_id = a.latest_status = None
        a.decided_status = a.decided_reason = a.decided_period = None
    if not by_id:
        return
    versions = (
        Report.objects.filter(assignment_id__in=by_id)
        .order_by("assignment_id", "-period", "-version")
        .values_list("assignment_id", "pk", "status", "period", "return_reason")
    )
    for assignment_id, pk, status, period, reason in versions:
        a = by_id[assignment_id]
        if a.latest_report_id is None:  # newest first: the first version met is the latest
            a.latest_report_id, a.latest_status = pk, status
        if status != Status.DRAFT and a.decided_status is None:
            a.decided_status, a.decided_reason, a.decided_period = status, reason, period


def my_task_rows(user, today: date, current: str = "") -> TaskList:
    """The liaison's own unit's live assignments in published plans, newest plan first, then by task code,
    narrowed to the tab `current` names (one of TASK_FILTERS; anything else means 全部).

    Besides the report fields of `attach_latest_reports`, each row gets `is_overdue` (past the deadline
    and not finished) and `reported_now` (the current period is reported and waiting or accepted, so there
    is nothing to fill in now)."""
    assignments = (
        Assignment.objects.workable_by(user)
        .exclude(task__status=Task.Status.CANCELLED)
        .select_related("task__plan")
        .only(*SHOWN_FIELDS)
        .order_by()  # sorted below by code as numbers; the model's ordering would only add a join
    )
    rows = sorted(assignments, key=lambda a: (-a.task.plan.year, a.task.plan_id, code_key(a.task.code)))
    attach_latest_reports(rows)
    periods: dict[int, str] = {}
    for a in rows:
        a.is_overdue = a.task.deadline is not None and a.task.deadline < today and a.progress < 100
        plan = a.task.plan
        current_period = periods.setdefault(plan.pk, services.current_period(plan, today))
        a.reported_now = (
            a.latest_status in (Status.SUBMITTED, Status.ACCEPTED) and a.decided_period == current_period
        )
    tabs = [("", "全部", len(rows))] + [
        (key, label, sum(1 for a in rows if belongs(a))) for key, (label, belongs) in TASK_FILTERS.items()
    ]
    if current in TASK_FILTERS:
        rows = [a for a in rows if TASK_FILTERS[current][1](a)]
    else:
        current = ""
    return TaskList(rows=rows, tabs=tabs, current=current)
