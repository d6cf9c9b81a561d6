"""Lights explained to their reader: the verdict of the one rule (`lights.judge`, through
`rollup.assignment_judgement`) for an assignment as stored, put in words with the progress expected by
today beside the actual ("时间进度 92%，实际 74%"). Nothing here decides a light."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Subquery

from ..models import Assignment, LightChange, Plan
from .lights import Verdict
from .nodes import Node, next_nodes
from .recompute import current_policy, plan_start
from .rollup import LEAD, AssignmentRow, assignment_judgement


@dataclass(frozen=True)
class Explanation:
    """What a reader sees beside a light: the verdict's reason, and the expected and actual progress."""

    reason: str
    expected: float | None
    actual: float

    @property
    def schedule(self) -> str:
        """“时间进度 92%，实际 74%” (empty without a deadline, where there is no schedule to compare)."""
        if self.expected is None:
            return ""
        return f"时间进度 {_percent(self.expected)}，实际 {_percent(self.actual)}"

    @property
    def words(self) -> str:
        """The reason with the schedule in brackets, for a title or a table cell."""
        return f"{self.reason}（{self.schedule}）" if self.schedule else self.reason


def _percent(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:.0f}%" if rounded == int(rounded) else f"{rounded:.1f}%"


def counting_nodes(assignments) -> dict[int, Node]:
    """For each of `assignments` that counts for its task (a lead, or any unit of a task without one),
    its task's next unfinished node, as the refresh judges it. At most two queries."""
    assignments = list(assignments)
    nodes = next_nodes({a.task_id for a in assignments})
    if not nodes:
        return {}
    led = set(
        Assignment.objects.filter(task_id__in=nodes, role=LEAD).values_list("task_id", flat=True).distinct()
    )
    return {
        a.pk: nodes[a.task_id]
        for a in assignments
        if a.task_id in nodes and (a.role == LEAD or a.task_id not in led)
    }


def assignment_verdict_today(
    assignment: Assignment,
    plan: Plan,
    task_status: str,
    today: date,
    node: Node | None = None,
    final: date | None = None,
) -> Verdict:
    row = AssignmentRow(
        id=assignment.pk,
        role=assignment.role,
        progress=assignment.progress,
        returns_in_a_row=assignment.returns_in_a_row,
        light=assignment.light,
        latest_report_status=assignment.latest_report_status,
        due_on=assignment.due_on,
        assigned_on=assignment.assigned_on,
    )
    return assignment_judgement(
        row, task_status, today, plan_start(plan), current_policy(), node, final=final
    )


def explain_assignment(
    assignment: Assignment,
    plan: Plan,
    task_status: str,
    today: date,
    node: Node | None = None,
    final: date | None = None,
) -> Explanation:
    """Why `assignment` has its light today, by the rule the refresh applies. No query: `plan` is given,
    and so is the task's next node when the assignment counts for it (`counting_nodes`) and, for recurring
    work, `final`, its last occurrence (`Task.recurring_final`)."""
    verdict = assignment_verdict_today(assignment, plan, task_status, today, node, final)
    return Explanation(verdict.reason, verdict.expected, float(assignment.progress))


def latest_light_reason(task_ref: str = "pk") -> Subquery:
    """Why a task's light is what it is: the reason of its latest light change (as the refresh judged it
    by the one rule), for a subquery on tasks."""
    return Subquery(
        LightChange.objects.filter(task=OuterRef(task_ref), assignment__isnull=True)
        .order_by("-on", "-id")
        .values("reason")[:1]
    )
