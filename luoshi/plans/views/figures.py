"""Numbers shown on the plan list and overview, computed in the database, and the task tree built from one
query.

What counts: a *counted task* is a leaf of the tree that is not guidance (工作要求) and not cancelled — the
pieces of work that are actually carried out. A parent's light and progress are derived from its
children, so counting parents too would count the same work twice. A plan's overall progress combines
its top-level task lines by the plan's roll-up rule (simple mean, otherwise weighted by task weight).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import NullIf

from luoshi.lib.codes import code_sort_key

from ..models import Assignment, Plan, Task

LIVE = [Task.Status.ACTIVE, Task.Status.COMPLETED]


def with_figures(plans: QuerySet, today: date) -> QuerySet:
    """Annotate each plan with task_count, green/yellow/red counts, overdue_count and overall_progress,
    in one SQL statement (no query per plan)."""
    counted = Q(tasks__is_guidance=False, tasks__status__in=LIVE, tasks__children__isnull=True)
    overdue = Q(tasks__deadline__lt=today, tasks__status=Task.Status.ACTIVE, tasks__progress__lt=100)
    top = (
        Task.objects.filter(plan=OuterRef("pk"), parent__isnull=True, is_guidance=False, status__in=LIVE)
        .order_by()
        .values("plan")
    )
    weighted = top.annotate(
        v=Sum(F("progress") * F("weight"), output_field=FloatField())
        / NullIf(Sum("weight", output_field=FloatField()), Value(0.0), output_field=FloatField())
    ).values("v")
    mean = top.annotate(v=Avg("progress", output_field=FloatField())).values("v")
    return plans.annotate(
        task_count=Count("tasks", filter=counted),
        green_count=Count("tasks", filter=counted & Q(tasks__light="green")),
        yellow_count=Count("tasks", filter=counted & Q(tasks__light="yellow")),
        red_count=Count("tasks", filter=counted & Q(tasks__light="red")),
        overdue_count=Count("tasks", filter=counted & overdue),
        overall_progress=Case(
            When(rollup=Plan.Rollup.MEAN, then=Subquery(mean)),
            default=Subquery(weighted),
            output_field=FloatField(),
        ),
    )


def tree_tasks(plan: Plan) -> QuerySet:
    """The plan's tasks with what a row needs — assignments with their units (official order), targets and
    whether the task is a leaf — as one query plus two prefetches."""
    return (
        Task.objects.filter(plan=plan)
        .annotate(is_leaf=~Exists(Task.objects.filter(parent=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit").order_by("unit__order", "unit__id"),
            ),
            "targets",
        )
    )


def tree_rows(tasks) -> list[Task]:
    """Tasks in tree order (by code), each with `lead_units`, `co_units` and `is_counted` set."""
    rows = sorted(tasks, key=lambda t: (code_sort_key(t.code), t.position, t.pk))
    for task in rows:
        task.lead_units = [a.unit for a in task.assignments.all() if a.role == Assignment.Role.LEAD]
        task.co_units = [a.unit for a in task.assignments.all() if a.role == Assignment.Role.CO]
        task.is_counted = task.is_leaf and not task.is_guidance and task.status != Task.Status.CANCELLED
        task.is_cancelled = task.status == Task.Status.CANCELLED
    return rows


@dataclass
class Summary:
    """The overview's cards for the rows on screen."""

    task_count: int = 0
    lights: dict = field(default_factory=lambda: {"green": 0, "yellow": 0, "red": 0})
    overdue_count: int = 0
    progress: float | None = None


def summarise(rows: list[Task], today: date, overall_progress: float | None, filtered: bool) -> Summary:
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
        if is_overdue(task, today):
            summary.overdue_count += 1
        weight_sum += task.weight
        weighted += task.weight * task.progress
    if filtered:
        summary.progress = float(weighted / weight_sum) if weight_sum else None
    else:
        summary.progress = overall_progress
    return summary


def is_overdue(task: Task, today: date) -> bool:
    """The rule of `filters.overdue_q`, applied to a loaded row (keep the two in step)."""
    return (
        not task.is_guidance
        and task.deadline is not None
        and task.deadline < today
        and task.status == Task.Status.ACTIVE
        and task.progress < 100
    )
