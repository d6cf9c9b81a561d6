"""Progress roll-up and light refresh. Derived figures are stored on the rows so that pages and
dashboards aggregate in the database; these functions keep them right.

Roll-up rule (written down in the README too):
* an assignment's progress is the percent of its latest accepted report;
* a leaf task's computed progress is the mean of its lead assignments' progress (all assignments when it
  has no lead); a leaf with no assignments keeps 0;
* a parent's computed progress comes from its children that are not cancelled, by the plan's rule:
  weighted by task weight (default), simple mean, or manual (the parent keeps only what is entered by hand);
* a task's effective `progress` is the supervisor's override when set, else the computed value.

These are derived figures, not acts: they write no audit entry (the act that caused them did).
"""

from __future__ import annotations

import sqlite3
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from .rollup import AssignmentRow, TaskRow, recompute_node

TASK_FIELDS = (
    "id",
    "parent_id",
    "weight",
    "status",
    "deadline",
    "computed_progress",
    "progress_override",
    "progress",
    "light",
    "depth",
)
ASSIGNMENT_FIELDS = ("id", "task_id", "role", "progress", "returns_in_a_row", "light")
BATCH = 2000  # rows per progress UPDATE: 8,000 parameters, under SQLite’s 32,766
ID_CHUNK = 5000


def plan_start(plan) -> date | None:
    """Where the plan's schedule starts: its start date, else the (local) day it was published."""
    if plan.starts_on:
        return plan.starts_on
    if plan.published_at:
        return timezone.localdate(plan.published_at)
    return None


def _task_row(values: dict) -> TaskRow:
    return TaskRow(**values)


def _assignment_row(values: dict) -> tuple[int, AssignmentRow]:
    task_id = values.pop("task_id")
    return task_id, AssignmentRow(**values)


def _update_by_value(model, rows, field: str) -> None:
    """One UPDATE … WHERE id IN (…) per distinct value (three lights at most), in chunks that stay under
    SQLite's limit on query parameters."""
    ids_by_value: dict[str, list[int]] = {}
    for r in rows:
        ids_by_value.setdefault(getattr(r, field), []).append(r.id)
    for value, ids in ids_by_value.items():
        for start in range(0, len(ids), ID_CHUNK):
            model.objects.filter(pk__in=ids[start : start + ID_CHUNK]).update(**{field: value})


def _update_progress(rows: list[TaskRow]) -> None:
    """Write progress and light of up to `BATCH` tasks in one statement: an UPDATE joined to a VALUES list
    (PostgreSQL; SQLite 3.33+). Django's `bulk_update` builds a CASE expression per row and field, which
    took ~50 s for 30,000 tasks on SQLite against ~2 s for this; it remains the fallback elsewhere."""
    from luoshi.plans.models import Task

    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite") or (
        vendor == "sqlite" and sqlite3.sqlite_version_info < (3, 33)
    ):
        Task.objects.bulk_update(
            [
                Task(id=t.id, computed_progress=t.computed_progress, progress=t.progress, light=t.light)
                for t in rows
            ],
            ["computed_progress", "progress", "light"],
        )
        return
    q = connection.ops.quote_name
    table = q(Task._meta.db_table)
    # PostgreSQL types the VALUES columns from text parameters, so say what they are.
    cast = ("::bigint", "::numeric", "::numeric", "::varchar") if vendor == "postgresql" else ("", "", "", "")
    placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    sql = (
        f"WITH v(id, cp, p, l) AS (VALUES {placeholders}) "
        f"UPDATE {table} SET {q('computed_progress')} = v.cp{cast[1]}, {q('progress')} = v.p{cast[2]}, "
        f"{q('light')} = v.l{cast[3]} FROM v WHERE {table}.{q('id')} = v.id{cast[0]}"
    )
    params = []
    for t in rows:
        params.extend([t.id, str(t.computed_progress), str(t.progress), str(t.light)])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _write(task_rows: list[TaskRow], assignment_rows: list[AssignmentRow]) -> int:
    """Write changed derived fields back in bulk, never a statement per row. On a daily refresh most rows
    change only their light, which costs one UPDATE per light value; changed progress is written
    `BATCH` rows per statement."""
    from luoshi.plans.models import Assignment, Task

    progressed = [t for t in task_rows if t.progress_changed]
    for start in range(0, len(progressed), BATCH):
        _update_progress(progressed[start : start + BATCH])
    _update_by_value(Task, [t for t in task_rows if not t.progress_changed], "light")
    _update_by_value(Assignment, assignment_rows, "light")
    return len(task_rows) + len(assignment_rows)


def recompute_task(task, today: date | None = None) -> None:
    """Recompute a task's progress and light and walk up to the root.

    Each level costs a few queries (its children and its assignments), so an act touching one task stays
    cheap; `recompute_plan` is the bulk path for whole plans."""
    from luoshi.plans.models import Assignment, Task

    today = today or timezone.localdate()
    plan = task.plan
    starts_on = plan_start(plan)
    current_id = task.pk
    with transaction.atomic():
        while current_id is not None:
            node = _task_row(Task.objects.filter(pk=current_id).values(*TASK_FIELDS).get())
            node.children = [
                _task_row(v) for v in Task.objects.filter(parent_id=current_id).values(*TASK_FIELDS)
            ]
            node.assignments = [
                _assignment_row(v)[1]
                for v in Assignment.objects.filter(task_id=current_id).values(*ASSIGNMENT_FIELDS)
            ]
            changed, changed_assignments = recompute_node(node, plan.rollup, today, starts_on)
            _write([node] if changed else [], changed_assignments)
            current_id = node.parent_id
    # Keep the caller's object in step with the row.
    task.refresh_from_db(fields=["computed_progress", "progress", "light"])


def recompute_plan(plan, today: date | None = None) -> int:
    """Recompute every task's progress and every assignment's and task's light in a plan, in bulk.

    Two reads (tasks, assignments) and batched bulk updates of only the rows that changed, whatever the
    size of the tree. Returns the number of rows changed."""
    from luoshi.plans.models import Assignment, Task

    today = today or timezone.localdate()
    starts_on = plan_start(plan)
    with transaction.atomic():
        tasks = {v["id"]: _task_row(v) for v in Task.objects.filter(plan_id=plan.pk).values(*TASK_FIELDS)}
        for values in Assignment.objects.filter(task__plan_id=plan.pk).values(*ASSIGNMENT_FIELDS):
            task_id, row = _assignment_row(values)
            tasks[task_id].assignments.append(row)
        for t in tasks.values():
            if t.parent_id is not None:
                tasks[t.parent_id].children.append(t)
        changed_tasks, changed_assignments = [], []
        for t in _children_first(tasks.values()):
            changed, assignments = recompute_node(t, plan.rollup, today, starts_on)
            if changed:
                changed_tasks.append(t)
            changed_assignments.extend(assignments)
        return _write(changed_tasks, changed_assignments)


def _children_first(tasks) -> list[TaskRow]:
    """Tasks ordered so every child comes before its parent (iterative post-order; the stored `depth`
    is not trusted, and deep trees do not hit the recursion limit)."""
    order: list[TaskRow] = []
    stack = [(t, False) for t in tasks if t.parent_id is None]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in node.children)
    return order


def refresh_lights(today: date | None = None, plans=None) -> int:
    """Refresh lights of all published plans (or the given ones) as of `today`; returns rows changed.
    Lights depend on the date, so `luoshi refresh_lights --loop` runs this daily; safe to run twice
    (the result depends only on the data and the date, and each plan is written in its own transaction)."""
    from luoshi.plans.models import Plan

    today = today or timezone.localdate()
    if plans is None:
        plans = Plan.objects.filter(status=Plan.Status.PUBLISHED).only(
            "id", "rollup", "starts_on", "published_at"
        )
    return sum(recompute_plan(plan, today) for plan in plans)
