"""The roll-up and light arithmetic for one task, on plain values (no queries), so that a whole plan can be
recomputed in memory from two queries and written back in bulk (see `luoshi.supervise.services`).

See `luoshi.supervise.services` for the rule in words and `luoshi.supervise.lights` for the light rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .lights import Light, Situation, compute_light, worst

CENT = Decimal("0.01")
WEIGHTED, MEAN, MANUAL = "weighted", "mean", "manual"
ACTIVE, COMPLETED, CANCELLED = "active", "completed", "cancelled"
LEAD = "lead"


def _q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class AssignmentRow:
    id: int
    role: str
    progress: Decimal
    returns_in_a_row: int
    light: str


@dataclass
class TaskRow:
    """What the roll-up reads and writes for one task."""

    id: int
    parent_id: int | None
    weight: Decimal
    status: str
    deadline: date | None
    computed_progress: Decimal
    progress_override: Decimal | None
    progress: Decimal
    light: str
    depth: int = 1
    progress_changed: bool = False  # set by recompute_node: whether more than the light must be written
    children: list[TaskRow] = field(default_factory=list)
    assignments: list[AssignmentRow] = field(default_factory=list)


def assignment_light(a: AssignmentRow, task: TaskRow, today: date, starts_on: date | None) -> str:
    """An assignment's light from its own progress and returns, against its task's deadline."""
    if task.status == COMPLETED:
        return Light.GREEN
    return compute_light(
        Situation(
            today=today,
            progress=a.progress,
            starts_on=starts_on,
            deadline=task.deadline,
            returned_in_a_row=a.returns_in_a_row,
        )
    )


def computed_progress(task: TaskRow, rule: str) -> Decimal:
    """A task's computed progress from its non-cancelled children (by `rule`) or, for a leaf, from its
    lead assignments (all assignments when none leads). Children's effective progress counts, so a
    supervisor's override on a child carries upwards. With nothing to compute from, the stored value stays."""
    children = [c for c in task.children if c.status != CANCELLED]
    if children:
        if rule == MANUAL:
            return task.computed_progress
        if rule == WEIGHTED:
            total = sum((Decimal(c.weight) for c in children), Decimal(0))
            if total > 0:
                return _q(
                    sum((Decimal(c.weight) * Decimal(c.progress) for c in children), Decimal(0)) / total
                )
        return _q(sum((Decimal(c.progress) for c in children), Decimal(0)) / len(children))
    if task.assignments:
        leads = [a for a in task.assignments if a.role == LEAD] or task.assignments
        return _q(sum((Decimal(a.progress) for a in leads), Decimal(0)) / len(leads))
    return task.computed_progress


def task_light(task: TaskRow, today: date, starts_on: date | None) -> str:
    """Completed: green. A parent: the worst of its non-cancelled children. A leaf: the worst of its
    assignments, or (unassigned) its own progress against its deadline. Cancelled tasks keep their light;
    they are shown grey and never counted."""
    if task.status == CANCELLED:
        return task.light
    if task.status == COMPLETED:
        return Light.GREEN
    children = [c for c in task.children if c.status != CANCELLED]
    if children:
        return worst(c.light for c in children)
    if task.assignments:
        return worst(a.light for a in task.assignments)
    return compute_light(
        Situation(today=today, progress=task.progress, starts_on=starts_on, deadline=task.deadline)
    )


def recompute_node(
    task: TaskRow, rule: str, today: date, starts_on: date | None
) -> tuple[bool, list[AssignmentRow]]:
    """Recompute one task in place (its children already done). Returns (task changed, assignments changed)."""
    changed_assignments = []
    for a in task.assignments:
        light = assignment_light(a, task, today, starts_on)
        if light != a.light:
            a.light = light
            changed_assignments.append(a)
    old = (task.computed_progress, task.progress, task.light)
    task.computed_progress = computed_progress(task, rule)
    task.progress = (
        _q(task.progress_override) if task.progress_override is not None else task.computed_progress
    )
    task.light = task_light(task, today, starts_on)
    task.progress_changed = old[:2] != (task.computed_progress, task.progress)
    return old != (task.computed_progress, task.progress, task.light), changed_assignments
