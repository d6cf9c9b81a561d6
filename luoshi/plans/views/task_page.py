"""The task page (任务详情), where every figure leads: the task's text and source sentence, its targets, its
units as rows (role, 签收 and 责任人, progress, light with its reason and the progress expected by today),
each unit's reports with their versions, and a timeline from the audit record and the light history.

Who reads what is the access table's word, nothing new:

* the page — `Action.VIEW_PLAN` on the task: the deploying unit's supervisors, leaders in scope, and the
  units the task is assigned to (in a published plan);
* a unit's row in full (签收, 责任人, progress, light, reports) — `Action.VIEW_ASSIGNMENT` on that
  assignment. A liaison therefore sees their own unit's row in full and, of the other units, only their
  names and roles (which the assignment page shows them already); the policy gives a liaison no view of
  another unit's assignment, so its progress, light and reports stay hidden;
* the reports — `Action.VIEW_REPORT` (report drafts stay with their unit).

Reports belong to the app above this one, so they are read through the assignment's `reports` relation
(the model from the relation's metadata, no import upwards). The page costs a fixed number of queries
whatever the number of units and reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from luoshi.audit.models import AuditEntry
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.permissions import role_required

from ..duties import duties_of
from ..models import Assignment, LightChange, Task
from ..progress.explain import Explanation, counting_nodes, explain_assignment
from ..source import source_excerpt

SUPERVISOR, LEADER, LIAISON = "supervisor", "leader", "liaison"
# Acts the timeline leaves out: a unit's unfinished drafting (only its submission is an event for the
# task) and refusals (which concern the refused person, not the task).
UNTOLD = ("start_report", "save_draft", "add_evidence", "remove_evidence", "access_denied")


def report_model():
    """The report model, found through the relation `Assignment.reports` (reports sit above plans)."""
    return Assignment._meta.get_field("reports").related_model


@dataclass
class UnitRow:
    """One unit on the task. `full` is False where the reader may know only the unit's name and role."""

    assignment: Assignment
    full: bool
    explanation: Explanation | None = None
    reports: list = field(default_factory=list)

    @property
    def latest_report(self):
        return self.reports[0] if self.reports else None


@dataclass(frozen=True)
class Event:
    """One line of the timeline: when, what, who (empty for the daily light refresh)."""

    at: datetime | date
    what: str
    who: str = ""
    detail: str = ""
    light: str = ""


def _visible_task(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(
        Task.objects.visible_to(request.user)
        .select_related("plan", "plan__deploying_unit", "parent")
        .prefetch_related("targets"),
        pk=pk,
    )


def _unit_rows(request: HttpRequest, task: Task, today: date) -> list[UnitRow]:
    """Every unit on the task in official order, the reader's own in full. Three queries."""
    assignments = list(
        task.assignments.select_related("unit", "acknowledged_by", "sub_plan").order_by(
            "role", "unit__order", "unit_id"
        )
    )
    full_ids = set(Assignment.objects.filter(task=task).visible_to(request.user).values_list("id", flat=True))
    Report = report_model()
    reports = access.restrict(
        request.user, Action.VIEW_REPORT, Report.objects.filter(assignment__task=task)
    ).select_related("submitted_by", "reviewed_by")
    by_assignment: dict[int, list] = {}
    for report in reports.order_by("-period", "-version"):
        by_assignment.setdefault(report.assignment_id, []).append(report)
    rows = []
    nodes = counting_nodes(assignments)
    for a in assignments:
        full = a.pk in full_ids
        node = nodes.get(a.pk)
        rows.append(
            UnitRow(
                assignment=a,
                full=full,
                explanation=explain_assignment(
                    a, task.plan, task.status, today, node, final=task.recurring_final
                )
                if full
                else None,
                # The reports the policy lets the reader see: a unit's own, and (左右协同) the submitted
                # reports of the other units on a task its unit shares.
                reports=by_assignment.get(a.pk, []),
            )
        )
    return rows


def _timeline(task: Task, rows: list[UnitRow]) -> list[Event]:
    """The task's history, newest first: acts from the audit record about the task, the assignments the
    reader may see in full, their visible reports and the input requests between the task's units; and the
    changes of lights. Three queries."""
    assignment_ids = [r.assignment.pk for r in rows if r.full]
    report_ids = [report.pk for r in rows for report in r.reports]
    about = Q(object_type="plans.task", object_id=str(task.pk))
    if assignment_ids:
        about |= Q(object_type="plans.assignment", object_id__in=[str(i) for i in assignment_ids])
    if report_ids:
        about |= Q(object_type="reports.report", object_id__in=[str(i) for i in report_ids])
    # 左右协同: the lead unit's requests for a co unit's input and their answers (luoshi.reports)
    request_ids = [str(pk) for pk in task.input_requests.values_list("pk", flat=True)]
    if request_ids:
        about |= Q(object_type="reports.inputrequest", object_id__in=request_ids)
    events = [
        Event(at=e.at, what=e.get_action_display(), who=e.actor_name, detail=e.summary)
        for e in AuditEntry.objects.filter(about)
        .exclude(action__in=UNTOLD)
        .only("at", "action", "actor_name", "summary")
    ]
    units = {r.assignment.pk: r.assignment.unit.display_name for r in rows}
    changes = LightChange.objects.filter(task=task).filter(
        Q(assignment__isnull=True) | Q(assignment_id__in=assignment_ids)
    )
    for c in changes:
        whose = units.get(c.assignment_id, "") if c.assignment_id else "任务"
        events.append(
            Event(
                at=c.on,
                what=f"{whose}：{c.get_previous_display()}→{c.get_light_display()}",
                detail=c.reason,
                light=c.light,
            )
        )

    def when(event: Event) -> datetime:
        if isinstance(event.at, datetime):
            return timezone.localtime(event.at).replace(tzinfo=None)
        # A light changes with the day's refresh, after that day's acts.
        return datetime.combine(event.at, datetime.max.time())

    return sorted(events, key=when, reverse=True)


@role_required(SUPERVISOR, LEADER, LIAISON)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    task = _visible_task(request, pk)
    rows = _unit_rows(request, task, today)
    children = list(
        task.children.exclude(status=Task.Status.CANCELLED).only(
            "id", "code", "title", "progress", "light", "is_guidance", "plan_id", "parent_id"
        )
    )
    parent = task.parent
    duties, duties_from = duties_of(task)
    context = {
        "duties": duties,
        "duties_from": duties_from,
        "task": task,
        "plan": task.plan,
        "parent": parent,
        # A liaison's unit may not be on the parent: its title is shown, linked only where readable.
        "parent_readable": parent is not None and not request.user.is_liaison,
        "children": children,
        "targets": task.targets.all(),
        "source_excerpt": source_excerpt(task.plan.source_text, task.source_start, task.source_end),
        "rows": rows,
        "has_reports": any(r.reports for r in rows),
        "timeline": _timeline(task, rows),
        "today": today,
        "can_edit": request.user.is_supervisor and access.allows(request.user, Action.EDIT_PLAN, task.plan),
        "can_read_plan": not request.user.is_liaison,
        # 逐级分解: the reader's own unit's assignment it may break down, and whether a chain exists below
        "cascadable": access.restrict(request.user, Action.CASCADE_ASSIGNMENT, task.assignments.all())
        .filter(sub_plan__isnull=True)
        .first(),
        "cascaded": any(hasattr(r.assignment, "sub_plan") for r in rows),
    }
    return render(request, "plans/task_detail.html", context)
