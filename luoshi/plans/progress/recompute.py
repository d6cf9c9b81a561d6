"""Keep the derived figures stored on tasks and assignments right: progress, light, overdue days, and the
light history. Pages and dashboards aggregate these columns in the database; the rule itself is in
`rollup` (roll-up) and `lights` (lights and overdue).

These are derived figures, not acts: they write no audit entry (the act that caused them did). Each change
of a light is kept as a `LightChange` row with its day and reason, because assessment scores the history
and the daily refresh would otherwise overwrite it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from luoshi.workdays.models import working_days

from ..due import current_occurrence
from ..models import Assignment, LightChange, Plan, Task
from .lights import DEFAULT_POLICY, LightPolicy
from .locks import lock_plan
from .nodes import next_nodes
from .rollup import AssignmentRow, TaskRow, lines_progress, quantize, recompute_node

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
    "is_guidance",
    "is_overdue",
    "days_overdue",
    "recurrence",
    "recurrence_day",
)
ASSIGNMENT_FIELDS = (
    "id",
    "task_id",
    "role",
    "progress",
    "returns_in_a_row",
    "light",
    "latest_report_status",
    "due_on",
    "assigned_on",
    "is_overdue",
    "days_overdue",
    "cascade_progress",
    "progress_override",
    "last_reported_at",
)
# What a recompute writes back, with the SQL type PostgreSQL needs to read a VALUES list.
TASK_WRITES = {
    "computed_progress": "numeric",
    "progress": "numeric",
    "light": "varchar",
    "is_overdue": "boolean",
    "days_overdue": "integer",
}
ASSIGNMENT_WRITES = {
    "progress": "numeric",
    "light": "varchar",
    "is_overdue": "boolean",
    "days_overdue": "integer",
    "due_on": "date",
}
BATCH = 1000  # rows per UPDATE: at most 6,000 parameters, under SQLite's 32,766


def current_policy() -> LightPolicy:
    """The light policy in force: the default thresholds, counting days by the calendar the deployment
    chose (`LUOSHI_LIGHT_CALENDAR`: every day, or Chinese working days with the office's own entries)."""
    if settings.LIGHT_CALENDAR == "workdays":
        return replace(DEFAULT_POLICY, calendar=working_days())
    return DEFAULT_POLICY


def plan_start(plan: Plan) -> date | None:
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


def _update_rows(model, rows, writes: dict[str, str]) -> None:
    """Write the `writes` columns of `rows` in one statement per `BATCH`: an UPDATE joined to a VALUES list
    (PostgreSQL; SQLite 3.33+). Django's `bulk_update` builds a CASE expression per row and field, which
    took ~50 s for 30,000 tasks on SQLite against ~2 s for this; it remains the fallback elsewhere."""
    if not rows:
        return
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite") or (
        vendor == "sqlite" and sqlite3.sqlite_version_info < (3, 33)
    ):
        model.objects.bulk_update(
            [model(id=r.id, **{f: getattr(r, f) for f in writes}) for r in rows], list(writes)
        )
        return
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    columns = ["id", *writes]
    casts = ["bigint", *writes.values()]
    if vendor == "postgresql":
        cast = [f"::{c}" for c in casts]
    else:
        cast = [""] * len(casts)
    sets = ", ".join(f"{q(col)} = v.c{i}{cast[i]}" for i, col in enumerate(columns) if i)
    aliases = [f"c{i}" for i in range(len(columns))]
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        sql = (
            f"WITH v({', '.join(aliases)}) AS (VALUES {', '.join([row_sql] * len(chunk))}) "
            f"UPDATE {table} SET {sets} FROM v WHERE {table}.{q('id')} = v.c0{cast[0]}"
        )
        params = []
        for r in chunk:
            params.append(r.id)
            params.extend(_param(getattr(r, f)) for f in writes)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _param(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return value if connection.vendor == "postgresql" else int(value)
    if isinstance(value, int | str):
        return value
    return str(value)


def _change(plan_id: int, task_id: int, today: date, row, previous: str, assignment_id=None) -> LightChange:
    return LightChange(
        plan_id=plan_id,
        task_id=task_id,
        assignment_id=assignment_id,
        on=today,
        light=row.light,
        previous=previous,
        reason=row.reason[:200],
    )


def _history(
    plan_id: int,
    today: date,
    tasks: list[TaskRow],
    assignments: list[tuple[int, AssignmentRow]],
    before: dict,
) -> None:
    """One `LightChange` per light that changed, with its reason."""
    changes = [
        _change(plan_id, t.id, today, t, before[("t", t.id)]) for t in tasks if before[("t", t.id)] != t.light
    ] + [
        _change(plan_id, task_id, today, a, before[("a", a.id)], a.id)
        for task_id, a in assignments
        if before[("a", a.id)] != a.light
    ]
    _insert_history(changes)


HISTORY_COLUMNS = ("plan_id", "task_id", "assignment_id", "on", "light", "previous", "reason", "at")


def _insert_history(changes: list[LightChange]) -> None:
    """Insert light-history rows. Nothing reads their ids back, so on PostgreSQL they go through COPY
    (a plan's first recompute writes one per task and assignment; `bulk_create` spent most of its time
    preparing parameters); elsewhere through `bulk_create`."""
    if connection.vendor != "postgresql":
        LightChange.objects.bulk_create(changes, batch_size=BATCH)
        return
    if not changes:
        return
    at = timezone.now()  # what `auto_now_add` would set; COPY bypasses it
    for c in changes:
        c.at = at
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in HISTORY_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {q(LightChange._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for c in changes:
            copy.write_row([getattr(c, f) for f in HISTORY_COLUMNS])


def _write(
    plan_id: int,
    today: date,
    task_rows: list[TaskRow],
    assignment_rows: list[tuple[int, AssignmentRow]],
    before: dict,
) -> int:
    """Write changed derived fields back in bulk (never a statement per row) and the light history."""
    _update_rows(Task, task_rows, TASK_WRITES)
    _update_rows(Assignment, [a for _, a in assignment_rows], ASSIGNMENT_WRITES)
    _history(plan_id, today, task_rows, assignment_rows, before)
    return len(task_rows) + len(assignment_rows)


def _plan_as_stored(plan_id: int) -> Plan:
    """The plan's roll-up rule and schedule as committed, read under its lock (the caller's object may be
    older than a change another act has just made)."""
    return Plan.objects.only(
        "id", "rollup", "starts_on", "published_at", "status", "cascaded_from_id", "due_on_previous_workday"
    ).get(pk=plan_id)


def _into_upper_plan(plan: Plan, today: date) -> None:
    """逐级分解: a published sub-plan's progress is the progress of the assignment it breaks down; when it
    moved, write it there and recompute that task up its tree — and, through the upper plan's own
    cascade, up the whole chain, touching nothing beside it. The caller holds the upper plans' locks
    already (`lock_plan` takes the chain, top first), so this never waits on a lock out of order."""
    if plan.cascaded_from_id is None or plan.status != Plan.Status.PUBLISHED:
        return
    lines = [
        _task_row(v) for v in Task.objects.filter(plan_id=plan.pk, parent__isnull=True).values(*TASK_FIELDS)
    ]
    value = quantize(lines_progress(lines, plan.rollup))
    moved = (
        Assignment.objects.filter(pk=plan.cascaded_from_id)
        .exclude(cascade_progress=value)
        .update(cascade_progress=value)
    )
    if moved:
        recompute_task(Task.objects.only("id", "plan_id").get(assignments__pk=plan.cascaded_from_id), today)


def _current_occurrences(task: TaskRow, plan: Plan, starts_on: date | None, calendar) -> None:
    """Recurring work: each assignment's `due_on` becomes its current occurrence (plans.due)."""
    if not task.recurrence or task.deadline is None:
        return
    for a in task.assignments:
        started = max((d for d in (starts_on, a.assigned_on) if d is not None), default=None)
        reported = timezone.localdate(a.last_reported_at) if a.last_reported_at else None
        due_on = current_occurrence(
            task.recurrence,
            task.recurrence_day,
            started=started or date(task.deadline.year, 1, 1),
            final=task.deadline,
            reported_on=reported,
            moves=plan.due_on_previous_workday,
            calendar=calendar,
        )
        a.due_moved, a.due_on = due_on != a.due_on, due_on


def recompute_task(task: Task, today: date | None = None) -> None:
    """Recompute a task's progress, light and overdue days and walk up to the root.

    Each level costs a few queries (its children and its assignments), so an act touching one task stays
    cheap; `recompute_plan` is the bulk path for whole plans. Both take the plan's lock (`locks`); acts
    that recompute take it earlier, before their first row lock and audit entry."""
    today = today or timezone.localdate()
    policy = current_policy()
    calendar = working_days()
    current_id = task.pk
    with transaction.atomic():
        lock_plan(task.plan_id)
        plan = _plan_as_stored(task.plan_id)
        starts_on = plan_start(plan)
        while current_id is not None:
            node = _task_row(Task.objects.filter(pk=current_id).values(*TASK_FIELDS).get())
            node.next_node = next_nodes([current_id]).get(current_id)
            node.children = [
                _task_row(v) for v in Task.objects.filter(parent_id=current_id).values(*TASK_FIELDS)
            ]
            node.assignments = [
                _assignment_row(v)[1]
                for v in Assignment.objects.filter(task_id=current_id).values(*ASSIGNMENT_FIELDS)
            ]
            before = {("t", node.id): node.light, **{("a", a.id): a.light for a in node.assignments}}
            _current_occurrences(node, plan, starts_on, calendar)
            changed, changed_assignments = recompute_node(node, plan.rollup, today, starts_on, policy)
            _write(
                plan.pk, today, [node] if changed else [], [(node.id, a) for a in changed_assignments], before
            )
            current_id = node.parent_id
        _into_upper_plan(plan, today)
    # Keep the caller's object in step with the row.
    task.refresh_from_db(fields=["computed_progress", "progress", "light", "is_overdue", "days_overdue"])


def _fresh_figures(plan: Plan, today: date):
    """Read a plan's tasks and assignments (two queries) and recompute every figure in memory.
    Returns the rows whose stored figures differ from the fresh ones, and the lights before."""
    tasks = {v["id"]: _task_row(v) for v in Task.objects.filter(plan_id=plan.pk).values(*TASK_FIELDS)}
    for task_id, node in next_nodes(tasks).items():
        tasks[task_id].next_node = node
    for values in Assignment.objects.filter(task__plan_id=plan.pk).values(*ASSIGNMENT_FIELDS):
        task_id, row = _assignment_row(values)
        tasks[task_id].assignments.append(row)
    return _recompute_tree(plan, tasks, today)


def _recompute_tree(plan: Plan, tasks: dict[int, TaskRow], today: date):
    """Link `tasks` (with their assignments) into their tree and recompute every node children first."""
    starts_on = plan_start(plan)
    policy = current_policy()
    for t in tasks.values():
        if t.parent_id is not None:
            tasks[t.parent_id].children.append(t)
    before = {("t", t.id): t.light for t in tasks.values()}
    before.update({("a", a.id): a.light for t in tasks.values() for a in t.assignments})
    changed_tasks, changed_assignments = [], []
    calendar = working_days()
    for t in _children_first(tasks.values()):
        _current_occurrences(t, plan, starts_on, calendar)
        changed, assignments = recompute_node(t, plan.rollup, today, starts_on, policy)
        if changed:
            changed_tasks.append(t)
        changed_assignments.extend((t.id, a) for a in assignments)
    return changed_tasks, changed_assignments, before


class NewPlanFigures:
    """The figures of a plan being published, computed on its rows before they are inserted, so they go
    in right: the same rule and result as `recompute_plan` right after the insert, without reading the
    rows back and updating them. Call `compute` on the unsaved tasks (parents set as objects) and
    assignments; insert them; then `write_history` records the lights that left their default."""

    def __init__(self, plan: Plan, today: date | None = None):
        self.plan = plan
        self.today = today or timezone.localdate()
        self._tasks: list[tuple[Task, TaskRow]] = []
        self._assignments: list[tuple[Assignment, AssignmentRow]] = []
        self._before: dict = {}

    def compute(self, tasks: list[Task], assignments: list[Assignment]) -> None:
        index = {id(t): i for i, t in enumerate(tasks)}
        rows = {}
        for i, t in enumerate(tasks):
            values = {f: getattr(t, f) for f in TASK_FIELDS if f not in ("id", "parent_id")}
            parent = index[id(t.parent)] if t.parent is not None else None
            rows[i] = TaskRow(id=i, parent_id=parent, **values)
            self._tasks.append((t, rows[i]))
        for j, a in enumerate(assignments):
            values = {f: getattr(a, f) for f in ASSIGNMENT_FIELDS if f not in ("id", "task_id")}
            row = AssignmentRow(id=j, **values)
            rows[index[id(a.task)]].assignments.append(row)
            self._assignments.append((a, row))
        _, _, self._before = _recompute_tree(self.plan, rows, self.today)
        for t, row in self._tasks:
            for f in TASK_WRITES:
                setattr(t, f, getattr(row, f))
        for a, row in self._assignments:
            for f in ASSIGNMENT_WRITES:
                setattr(a, f, getattr(row, f))

    def write_history(self) -> None:
        """The light history of the inserted rows (their ids are known now)."""
        plan_id, today, before = self.plan.pk, self.today, self._before
        changes = [
            _change(plan_id, t.pk, today, row, before[("t", row.id)])
            for t, row in self._tasks
            if before[("t", row.id)] != row.light
        ] + [
            _change(plan_id, a.task_id, today, row, before[("a", row.id)], a.pk)
            for a, row in self._assignments
            if before[("a", row.id)] != row.light
        ]
        _insert_history(changes)


def recompute_plan(plan: Plan, today: date | None = None) -> int:
    """Recompute every task's progress and every assignment's and task's light in a plan, in bulk.

    Two reads (tasks, assignments) and batched updates of only the rows that changed, whatever the size of
    the tree. Returns the number of rows changed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        lock_plan(plan.pk)
        stored = _plan_as_stored(plan.pk)
        changed_tasks, changed_assignments, before = _fresh_figures(stored, today)
        changed = _write(plan.pk, today, changed_tasks, changed_assignments, before)
        _into_upper_plan(stored, today)
        return changed


def stale_figures(plan: Plan, today: date | None = None) -> list[str]:
    """The stored figures of a plan that a fresh recompute would change, one line each (empty when every
    figure is right). Writes nothing."""
    today = today or timezone.localdate()
    stored_tasks = {
        v["id"]: v for v in Task.objects.filter(plan_id=plan.pk).values("id", "code", *TASK_WRITES)
    }
    stored_assignments = {
        v["id"]: v for v in Assignment.objects.filter(task__plan_id=plan.pk).values("id", *ASSIGNMENT_WRITES)
    }
    changed_tasks, changed_assignments, _ = _fresh_figures(plan, today)
    lines = []
    for t in changed_tasks:
        stored = stored_tasks[t.id]
        fresh = {f: getattr(t, f) for f in TASK_WRITES}
        lines.append(
            f"任务{stored['code']}：存储{_figures(stored, TASK_WRITES)}，重算{_figures(fresh, TASK_WRITES)}"
        )
    for task_id, a in changed_assignments:
        stored = stored_assignments[a.id]
        fresh = {f: getattr(a, f) for f in ASSIGNMENT_WRITES}
        lines.append(
            f"任务{stored_tasks[task_id]['code']}的交办{a.id}："
            f"存储{_figures(stored, ASSIGNMENT_WRITES)}，重算{_figures(fresh, ASSIGNMENT_WRITES)}"
        )
    return lines


def _figures(values: dict, fields) -> str:
    return "（" + "，".join(f"{f}={values[f]}" for f in fields) + "）"


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
    today = today or timezone.localdate()
    if plans is None:
        plans = Plan.objects.filter(status=Plan.Status.PUBLISHED).only(
            "id", "rollup", "starts_on", "published_at"
        )
    return sum(recompute_plan(plan, today) for plan in plans)
