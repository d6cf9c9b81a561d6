"""Numbers shown on the plan list and overview, computed in the database, and the task tree built from one
query.

What counts is `Task.objects.counted()` and what is overdue `Task.objects.overdue()`: the one rule each,
shared with the dashboard, supervision and assessment. A plan's overall progress combines its top-level
task lines by the plan's roll-up rule (simple mean, otherwise weighted by task weight).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from luoshi.lib.codes import code_sort_key

from ..models import Assignment, Plan, Task
from ..progress.explain import latest_light_reason


def with_figures(plans: QuerySet) -> QuerySet:
    """Annotate each plan with task_count, green/yellow/red counts, overdue_count and overall_progress,
    in one SQL statement (no query per plan)."""

    def count(tasks: QuerySet):
        return Coalesce(
            Subquery(
                tasks.filter(plan=OuterRef("pk"))
                .order_by()
                .values("plan")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )

    counted = Task.objects.counted()
    top = Task.objects.lines().filter(plan=OuterRef("pk")).order_by().values("plan")
    weighted = top.annotate(
        v=Sum(F("progress") * F("weight"), output_field=FloatField())
        / NullIf(Sum("weight", output_field=FloatField()), Value(0.0), output_field=FloatField())
    ).values("v")
    mean = top.annotate(v=Avg("progress", output_field=FloatField())).values("v")
    return plans.annotate(
        task_count=count(counted),
        green_count=count(counted.filter(light="green")),
        yellow_count=count(counted.filter(light="yellow")),
        red_count=count(counted.filter(light="red")),
        overdue_count=count(counted.overdue()),
        overall_progress=Case(
            When(rollup=Plan.Rollup.MEAN, then=Subquery(mean)),
            default=Subquery(weighted),
            output_field=FloatField(),
        ),
    )


def tree_tasks(plan: Plan) -> QuerySet:
    """The plan's tasks with what a row needs — assignments with their units (official order), targets,
    whether the task is a leaf and why its light is what it is — as one query plus two prefetches."""
    return (
        Task.objects.filter(plan=plan)
        .annotate(
            is_leaf=~Exists(Task.objects.filter(parent=OuterRef("pk"))),
            is_counted=Exists(Task.objects.counted().filter(pk=OuterRef("pk"))),
            light_reason=latest_light_reason(),
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit").order_by("unit__order", "unit__id"),
            ),
            "targets",
        )
    )


def tree_rows(tasks) -> list[Task]:
    """Tasks in tree order (by code), each with its lead and co assignments (and their units) set."""
    rows = sorted(tasks, key=lambda t: (code_sort_key(t.code), t.position, t.pk))
    for task in rows:
        task.lead_assignments = [a for a in task.assignments.all() if a.role == Assignment.Role.LEAD]
        task.co_assignments = [a for a in task.assignments.all() if a.role == Assignment.Role.CO]
        task.lead_units = [a.unit for a in task.lead_assignments]
        task.co_units = [a.unit for a in task.co_assignments]
        task.is_cancelled = task.status == Task.Status.CANCELLED
    return rows


@dataclass
class Summary:
    """The overview's cards for the rows on screen."""

    task_count: int = 0
    lights: dict = field(default_factory=lambda: {"green": 0, "yellow": 0, "red": 0})
    overdue_count: int = 0
    progress: float | None = None


def summarise(rows: list[Task], overall_progress: float | None, filtered: bool) -> Summary:
    """Cards for the rows shown. Unfiltered, progress is the plan's overall figure (as on the list page);
    filtered, it is the weighted mean of the counted tasks shown."""
    summary = Summary()
    weight_sum = Decimal(0)
    weighted = Decimal(0)
    for task in rows:
        if not task.is_counted:
            continue
        summary.task_count += 1
        if task.light in summary.lights:
            summary.lights[task.light] += 1
        if task.is_overdue:
            summary.overdue_count += 1
        weight_sum += task.weight
        weighted += task.weight * task.progress
    if filtered:
        summary.progress = float(weighted / weight_sum) if weight_sum else None
    else:
        summary.progress = overall_progress
    return summary
