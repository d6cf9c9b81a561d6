"""四责协同: reading who holds each duty for a task — its own holders, else those of the nearest task above it
that names them (usually the task line) — and which lines' first-responsible unit has not reported."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import timezone

from luoshi.lib import periods

from .models import Assignment, Duty, Plan, Task

KIND_ORDER = [k for k, _ in Duty.Kind.choices]


def duties_of(task: Task) -> tuple[list[Duty], Task | None]:
    """The holders that apply to `task`, in the order 主体、监督、第一责任人、一岗双责, and the task that names
    them (None when no task on the way up does). One query per level, at most the tree's depth."""
    current: Task | None = task
    while current is not None:
        duties = list(current.duties.select_related("unit"))
        if duties:
            return sorted(duties, key=lambda d: KIND_ORDER.index(d.kind)), current
        current = current.parent
    return [], None


def lines_first_unreported(plan: Plan, period: str | None = None) -> list[Task]:
    """The plan's lines whose 第一责任人's unit has work under the line with nothing submitted or accepted
    for `period` (default: the current one)."""
    period = period or periods.period_of(timezone.localdate(), plan.period)
    lines = list(Task.objects.lines().filter(plan=plan).order_by("position", "id"))
    firsts = {
        d.task_id: d.unit_id
        for d in Duty.objects.filter(task__in=lines, kind=Duty.Kind.FIRST, unit__isnull=False)
    }
    if not firsts:
        return []
    parents = dict(Task.objects.filter(plan=plan).values_list("id", "parent_id"))

    def line_of(task_id: int) -> int:
        while parents.get(task_id) is not None:
            task_id = parents[task_id]
        return task_id

    work: dict[int, set[int]] = {}
    reported: set[int] = set()
    units = set(firsts.values())
    # A report submitted or accepted for the period, through the reports relation (reports sit above plans).
    reported_now = Assignment.objects.filter(
        pk=OuterRef("pk"), reports__period=period, reports__status__in=["submitted", "accepted"]
    )
    for a in (
        Assignment.objects.filter(task__plan=plan, unit_id__in=units)
        .exclude(task__status=Task.Status.CANCELLED)
        .annotate(reported=Exists(reported_now))
    ):
        line = line_of(a.task_id)
        if firsts.get(line) == a.unit_id:
            work.setdefault(line, set()).add(a.pk)
            if a.reported:
                reported.add(a.pk)
    return [line for line in lines if line.pk in work and work[line.pk] - reported]
