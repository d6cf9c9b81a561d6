"""督办 statistics per unit and per urgency (the figures assessment reads too):

* **签收** — working days from the day the unit could see the assignment (its assignment day, or the plan's
  publication when it was assigned in the draft) to its 签收: ≤2 / 3–5 / >5 / not yet; on time when within
  the limit (`urgency.acknowledge_limit`: the same day for 特急, one working day otherwise);
* **办结** — the unit's work done: its task completed, or its progress at 100 (an accepted report at 100%).
  On time when the first accepted report at 100% was submitted by the due day (a task completed without
  such a report has no day to judge and is counted as done, not as on time);
* **overdue** — `Assignment.objects.overdue()` and its stored `days_overdue` (the one overdue rule);
* **chases received** — notices of every kind but the reminder.

Rows are read in three queries (assignments with their completion day, notices per assignment, the
plan); working days are counted in Python with `luoshi.workdays`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min, OuterRef, Subquery
from django.utils import timezone

from luoshi.plans import urgency as urgency_hook
from luoshi.plans.models import Plan, Task
from luoshi.reports.models import Report

from .models import Notice
from .queries import _live_assignments

BUCKETS = ("within_2", "within_5", "over_5", "not_yet")
BUCKET_LABELS = {
    "within_2": "2个工作日内",
    "within_5": "3–5个工作日",
    "over_5": "超过5个工作日",
    "not_yet": "未签收",
}


def acknowledge_bucket(days: int | None) -> str:
    """≤2 / 3–5 / >5 working days, or not yet (None)."""
    if days is None:
        return "not_yet"
    return "within_2" if days <= 2 else "within_5" if days <= 5 else "over_5"


@dataclass
class Figures:
    """One row of the statistics: a unit, an urgency, or the total."""

    key: object
    label: str
    order: int = 0
    assignments: int = 0
    buckets: dict = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    acknowledged_on_time: int = 0
    completed: int = 0
    completed_on_time: int = 0
    overdue: int = 0
    overdue_days: int = 0
    chases: int = 0

    def add(self, row: dict) -> None:
        self.assignments += 1
        self.buckets[row["bucket"]] += 1
        self.acknowledged_on_time += row["ack_on_time"]
        self.completed += row["completed"]
        self.completed_on_time += row["completed_on_time"]
        self.overdue += row["is_overdue"]
        self.overdue_days += row["days_overdue"] if row["is_overdue"] else 0
        self.chases += row["chases"]

    @staticmethod
    def _rate(part: int, whole: int) -> str:
        return f"{part * 100 / whole:.0f}%" if whole else "—"

    @property
    def acknowledged_on_time_rate(self) -> str:
        return self._rate(self.acknowledged_on_time, self.assignments)

    @property
    def completed_on_time_rate(self) -> str:
        return self._rate(self.completed_on_time, self.completed)

    @property
    def bucket_list(self) -> list[int]:
        return [self.buckets[b] for b in BUCKETS]


@dataclass
class Statistics:
    plan: Plan
    today: date
    units: list[Figures]
    urgencies: list[Figures]
    total: Figures
    not_acknowledged: list[dict]
    uncovered_years: set[int]


def _rows(plan: Plan) -> list[dict]:
    first_full = (
        Report.objects.filter(assignment=OuterRef("pk"), status=Report.Status.ACCEPTED, percent__gte=100)
        .order_by()
        .values("assignment")
        .annotate(first=Min("submitted_at"))
        .values("first")
    )
    rows = list(
        _live_assignments(plan)
        .annotate(completed_at=Subquery(first_full))
        .values(
            "id",
            "unit_id",
            "unit__name",
            "unit__short_name",
            "unit__order",
            "task_id",
            "task__code",
            "task__title",
            "task__status",
            "role",
            "assigned_on",
            "acknowledged_at",
            "due_on",
            "progress",
            "is_overdue",
            "days_overdue",
            "completed_at",
        )
        .order_by("unit__order", "unit_id", "task__position", "id")
    )
    chases = dict(
        Notice.objects.filter(assignment__task__plan=plan)
        .exclude(kind=Notice.Kind.REMINDER)
        .values("assignment")
        .annotate(n=Count("id"))
        .values_list("assignment", "n")
        .order_by()
    )
    for row in rows:
        row["chases"] = chases.get(row["id"], 0)
    return rows


def statistics(plan: Plan, calendar, today: date | None = None) -> Statistics:
    today = today or timezone.localdate()
    published = timezone.localdate(plan.published_at) if plan.published_at else None
    rows = _rows(plan)
    urgencies = urgency_hook.urgencies(r["id"] for r in rows)
    units: dict[int, Figures] = {}
    by_urgency = {u.value: Figures(u.value, u.label, i) for i, u in enumerate(urgency_hook.Urgency)}
    total = Figures(None, "合计")
    waiting = []
    for row in rows:
        start = max([d for d in (row["assigned_on"], published) if d is not None], default=today)
        row["urgency"] = urgencies[row["id"]]
        limit = urgency_hook.acknowledge_limit(row["urgency"])
        if row["acknowledged_at"] is None:
            days = None
            row["waiting"] = max(calendar.days_between(start, today), 0) if start <= today else 0
            row["late"] = row["waiting"] > limit
            row["unit"] = row["unit__short_name"] or row["unit__name"]
            waiting.append(row)
        else:
            days = max(calendar.days_between(start, timezone.localdate(row["acknowledged_at"])), 0)
        row["bucket"] = acknowledge_bucket(days)
        row["ack_on_time"] = days is not None and days <= limit
        done_day = timezone.localdate(row["completed_at"]) if row["completed_at"] else None
        row["completed"] = row["task__status"] == Task.Status.COMPLETED or row["progress"] >= 100
        row["completed_on_time"] = (
            row["completed"] and done_day is not None and (row["due_on"] is None or done_day <= row["due_on"])
        )
        unit = units.get(row["unit_id"])
        if unit is None:
            unit = units[row["unit_id"]] = Figures(
                row["unit_id"], row["unit__short_name"] or row["unit__name"], row["unit__order"]
            )
        for figures in (unit, by_urgency[row["urgency"]], total):
            figures.add(row)
    waiting.sort(key=lambda r: (-r["waiting"], r["unit__order"], r["id"]))
    return Statistics(
        plan=plan,
        today=today,
        units=sorted(units.values(), key=lambda f: (f.order, f.key)),
        urgencies=list(by_urgency.values()),
        total=total,
        not_acknowledged=waiting,
        # Only the years this plan's days fall in: the calendar also notes the years it walked through to
        # build its running count (from 2000), which no date here is in.
        uncovered_years={
            y for y in getattr(calendar, "uncovered_years", ()) if y >= min(plan.year, today.year)
        },
    )
