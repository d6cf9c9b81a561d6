"""The roll-up, light and overdue arithmetic for one task, on plain values (no queries), so that a whole plan
can be recomputed in memory from two queries and written back in bulk (see `recompute`).

The rule in words:

* an assignment's progress is the percent of its latest accepted report — or, when the unit has broken
  the task down into its own sub-plan (逐级分解), that sub-plan's progress by the same rule as a parent's;
  a supervisor's override with a note wins over either (`assignment_progress`);
* the assignments that *count* for a leaf task are its lead units' (all of them when it has no lead):
  the task's computed progress is their mean and its light their worst — one rule for both, so a task at
  100% is never held yellow by a co-operating unit;
* a parent's computed progress comes from its children that are not cancelled, by the plan's rule:
  weighted by task weight (default), simple mean, or manual — then the parent has no computed figure
  (0) and shows only what a supervisor enters by hand;
* a task's effective `progress` is the supervisor's override when set, else the computed value;
* a task whose children are all cancelled is a leaf again;
* project-type work with dated nodes (`nodes`) follows its next unfinished node when that node's light is
  worse: the counting assignments of the task (not yet at 100) and, unassigned, the task itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .lights import DEFAULT_POLICY, Light, LightPolicy, Situation, Verdict, judge, overdue_days, worst
from .nodes import Node, with_node

CENT = Decimal("0.01")
WEIGHTED, MEAN, MANUAL = "weighted", "mean", "manual"
ACTIVE, COMPLETED, CANCELLED = "active", "completed", "cancelled"
LEAD = "lead"
RETURNED = "returned"


def quantize(value: Decimal) -> Decimal:
    """Two decimals, half up: how every stored percentage is rounded."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class AssignmentRow:
    id: int
    role: str
    progress: Decimal
    returns_in_a_row: int
    light: str
    latest_report_status: str = ""
    due_on: date | None = None
    assigned_on: date | None = None
    is_overdue: bool = False
    days_overdue: int = 0
    last_reported_at: datetime | None = None
    due_moved: bool = False  # recurring work moved on to another occurrence (set by the refresh)
    reason: str = ""  # why the light is what it is; set by recompute_node, written to the light history
    cascade_progress: Decimal | None = None  # the sub-plan's progress, when the unit cascaded the task
    progress_override: Decimal | None = None

    @property
    def returns_standing(self) -> int:
        """Returns in a row that still stand: a resubmitted report is waiting, so they no longer colour it."""
        return self.returns_in_a_row if self.latest_report_status == RETURNED else 0


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
    is_guidance: bool = False
    is_overdue: bool = False
    days_overdue: int = 0
    recurrence: str = ""
    recurrence_day: int | None = None
    reason: str = ""
    progress_changed: bool = False  # set by recompute_node: whether more than the light must be written
    next_node: Node | None = None  # the next unfinished node (milestone), when the task has them
    children: list[TaskRow] = field(default_factory=list)
    assignments: list[AssignmentRow] = field(default_factory=list)

    @property
    def live_children(self) -> list[TaskRow]:
        return [c for c in self.children if c.status != CANCELLED]

    @property
    def counting_assignments(self) -> list[AssignmentRow]:
        """The assignments whose progress and light are the task's: the leads, or all when none leads."""
        return [a for a in self.assignments if a.role == LEAD] or self.assignments

    @property
    def is_live_work(self) -> bool:
        """Work still to be done and judged: active and not guidance."""
        return self.status == ACTIVE and not self.is_guidance


def assignment_progress(reported: Decimal, cascaded: Decimal | None, override: Decimal | None) -> Decimal:
    """An assignment's effective progress: the override when set, else its sub-plan's when cascaded, else
    what its unit reported."""
    if override is not None:
        return quantize(override)
    if cascaded is not None:
        return quantize(cascaded)
    return Decimal(reported)


def lines_progress(lines: list[TaskRow], rule: str) -> Decimal:
    """A whole plan's progress from its top-level tasks, by the rule a parent task uses for its children
    (what a cascaded sub-plan gives the assignment it breaks down)."""
    top = TaskRow(
        id=0,
        parent_id=None,
        weight=Decimal(1),
        status=ACTIVE,
        deadline=None,
        computed_progress=Decimal(0),
        progress_override=None,
        progress=Decimal(0),
        light=Light.GREEN,
        children=[t for t in lines if not t.is_guidance],
    )
    return computed_progress(top, rule) if top.live_children else Decimal(0)


def assignment_verdict(
    a: AssignmentRow,
    task: TaskRow,
    today: date,
    starts_on: date | None,
    policy: LightPolicy,
    node: Node | None = None,
):
    """An assignment's light and reason from its own progress and standing returns, against its due day;
    the schedule starts when the unit was assigned if that is later than the plan's start."""
    final = task.deadline if task.recurrence else None
    verdict = assignment_judgement(a, task.status, today, starts_on, policy, node, final=final)
    return verdict.light, verdict.reason


def assignment_judgement(
    a: AssignmentRow,
    task_status: str,
    today: date,
    starts_on: date | None,
    policy: LightPolicy,
    node: Node | None = None,
    final: date | None = None,
) -> Verdict:
    """The whole verdict for one assignment — light, reason and the progress expected by today — as the
    refresh stores it and as the task page explains it. `node`, the task's next unfinished node when the
    assignment counts for the task, makes it worse when the node is. Recurring work (`final`: its last
    occurrence) is on schedule against `final` and answers for its current occurrence (`a.due_on`, see
    plans.due): red once that has passed unreported, yellow when it is near."""
    start = (
        max(d for d in (starts_on, a.assigned_on) if d is not None) if (starts_on or a.assigned_on) else None
    )
    verdict = judge(
        Situation(
            today=today,
            progress=a.progress,
            starts_on=start,
            deadline=final or a.due_on,
            returned_in_a_row=a.returns_standing,
        ),
        policy,
    )
    if task_status == COMPLETED:
        return Verdict(Light.GREEN, "任务已办结", verdict.expected)
    if final is not None and a.due_on is not None:
        verdict = _occurrence_verdict(verdict, a, today, policy)
    if task_status == ACTIVE and float(a.progress) < 100:
        return with_node(verdict, node, today, policy)
    return verdict


def _occurrence_verdict(verdict: Verdict, a: AssignmentRow, today: date, policy: LightPolicy) -> Verdict:
    if verdict.light == Light.RED or float(a.progress) >= 100:
        return verdict
    day = f"{a.due_on.month}月{a.due_on.day}日"
    late = overdue_days(a.due_on, a.progress, today, policy)
    if late:
        return Verdict(Light.RED, f"本期（{day}）未按时报送，已逾期{late}天", verdict.expected)
    left = policy.calendar.days_between(today, a.due_on)
    if verdict.light == Light.GREEN and left <= policy.due_soon_days:
        reason = f"本期（{day}）今天到期" if left == 0 else f"距本期报送时限（{day}）还有{left}天"
        return Verdict(Light.YELLOW, reason, verdict.expected)
    return verdict


def computed_progress(task: TaskRow, rule: str) -> Decimal:
    """A task's computed progress from its non-cancelled children (by `rule`) or, for a leaf, from its
    counting assignments. Children's effective progress counts, so a supervisor's override on a child
    carries upwards. A leaf with no assignments keeps its stored value (0 unless set before)."""
    children = task.live_children
    if children:
        if rule == MANUAL:
            return Decimal(0)
        if rule == WEIGHTED:
            total = sum((Decimal(c.weight) for c in children), Decimal(0))
            if total > 0:
                return quantize(
                    sum((Decimal(c.weight) * Decimal(c.progress) for c in children), Decimal(0)) / total
                )
        return quantize(sum((Decimal(c.progress) for c in children), Decimal(0)) / len(children))
    counting = task.counting_assignments
    if counting:
        return quantize(sum((Decimal(a.progress) for a in counting), Decimal(0)) / len(counting))
    return task.computed_progress


def task_verdict(task: TaskRow, today: date, starts_on: date | None, policy: LightPolicy):
    """Completed: green. A parent: the worst of its non-cancelled children. A leaf: the worst of its
    counting assignments, or (unassigned) its own progress against its deadline. Cancelled tasks keep
    their light; they are shown grey and never counted."""
    if task.status == CANCELLED:
        return task.light, task.reason
    if task.status == COMPLETED:
        return Light.GREEN, "任务已办结"
    children = task.live_children
    if children:
        light = worst(c.light for c in children)
        return light, (
            "下级任务均正常" if light == Light.GREEN else "下级任务中最差的一项为" + Light(light).label
        )
    if task.assignments:
        light = worst(a.light for a in task.counting_assignments)
        if light == Light.GREEN:
            return light, "责任单位进度正常"
        reasons = [a.reason for a in task.counting_assignments if a.light == light]
        return light, reasons[0] if reasons else ""
    verdict = judge(
        Situation(today=today, progress=task.progress, starts_on=starts_on, deadline=task.deadline), policy
    )
    if task.is_live_work and float(task.progress) < 100:
        verdict = with_node(verdict, task.next_node, today, policy)
    return verdict.light, verdict.reason


def recompute_node(
    task: TaskRow, rule: str, today: date, starts_on: date | None, policy: LightPolicy = DEFAULT_POLICY
) -> tuple[bool, list[AssignmentRow]]:
    """Recompute one task in place (its children already done). Returns (task changed, assignments changed)."""
    changed_assignments = []
    counting = (
        {a.id for a in task.counting_assignments} if task.next_node and not task.live_children else set()
    )
    for a in task.assignments:
        old = (a.progress, a.light, a.is_overdue, a.days_overdue)
        a.progress = assignment_progress(a.progress, a.cascade_progress, a.progress_override)
        node = task.next_node if a.id in counting else None
        a.light, a.reason = assignment_verdict(a, task, today, starts_on, policy, node)
        a.days_overdue = overdue_days(a.due_on, a.progress, today, policy) if task.is_live_work else 0
        a.is_overdue = a.days_overdue > 0
        if a.due_moved or old != (a.progress, a.light, a.is_overdue, a.days_overdue):
            changed_assignments.append(a)
    old = (task.computed_progress, task.progress, task.light, task.is_overdue, task.days_overdue)
    task.computed_progress = computed_progress(task, rule)
    task.progress = (
        quantize(task.progress_override) if task.progress_override is not None else task.computed_progress
    )
    task.light, task.reason = task_verdict(task, today, starts_on, policy)
    task.days_overdue = overdue_days(task.deadline, task.progress, today, policy) if task.is_live_work else 0
    task.is_overdue = task.days_overdue > 0
    task.progress_changed = old[:2] != (task.computed_progress, task.progress)
    return old != (task.computed_progress, task.progress, task.light, task.is_overdue, task.days_overdue), (
        changed_assignments
    )
