"""The liaison's task list (我的任务) as data: the rows the page shows and the counts on its tabs.

Kept out of the view so that the benchmark (`bench/bench_spine.py`) times exactly what the page runs.

Two queries, whatever the number of rows: the unit's assignments with their task and plan, then the report
versions of those assignments, newest first along the (assignment, period, version) unique index, from
which each assignment takes its latest version (what the liaison is working on) and its latest decided,
i.e. non-draft, one (what the supervisor last said). A liaison has tens of assignments with a version per
period (and one per rework) each, so this reads a few hundred short rows; per-row correlated subqueries
give the same answer but cost more to build than to run, which on this page was most of its time. The tab
counts come from the same rows rather than from another, aggregate, query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from luoshi.core.templatetags.luoshi import light_dot, percent
from luoshi.lib.cndates import cn_date, cn_period
from luoshi.lib.codes import code_sort_key
from luoshi.plans.models import Assignment, Task
from luoshi.plans.progress.explain import counting_nodes, explain_assignment

from . import services
from .models import Report

Status = Report.Status

# The fields the page shows. Everything else (the plan's source text, the task's description) stays in the
# database; the page's query-cap test catches a template that starts reading a field left out here.
SHOWN_FIELDS = (
    "role",
    "acknowledged_at",
    "progress",
    "light",
    "is_overdue",
    "days_overdue",
    "due_on",
    "task__code",
    "task__title",
    "task__tier",
    "task__deadline",
    "task__plan__title",
    "task__plan__year",
    "task__plan__period",
    # What the light's explanation needs (lights.judge through plans.progress.explain): no extra query.
    "returns_in_a_row",
    "latest_report_status",
    "assigned_on",
    "task__status",
    "task__plan__starts_on",
    "task__plan__published_at",
    "task__recurrence",
)

# Tab key → (label, whether a row belongs on that tab). Rows are annotated by `my_task_rows` first.
TASK_FILTERS: dict[str, tuple[str, Callable[[Assignment], bool]]] = {
    "unacknowledged": ("未签收", lambda a: a.acknowledged_at is None),
    "returned": ("被退回", lambda a: a.decided_status == Status.RETURNED),
    "overdue": ("已逾期", lambda a: a.is_overdue),
}


@dataclass(frozen=True)
class TaskList:
    """What 我的任务 shows: the rows of the chosen tab, sorted, and every tab with its count."""

    rows: list[Assignment]
    tabs: list[tuple[str, str, int]]  # (filter key, label, count); the key of 全部 is ""
    current: str  # the chosen filter key, "" for 全部 (also when the request named an unknown one)

    @property
    def counts(self) -> dict[str, int]:
        return {key or "all": count for key, _, count in self.tabs}


def attach_latest_reports(assignments: list[Assignment]) -> None:
    """Set on each assignment its latest report (`latest_report_id`, `latest_status`) and its latest decided
    one (`decided_status`, `decided_reason`, `decided_period`), all None when there is none. One query."""
    by_id = {a.pk: a for a in assignments}
    for a in assignments:
        a.latest_report_id = a.latest_status = None
        a.decided_status = a.decided_reason = a.decided_period = None
    if not by_id:
        return
    versions = (
        Report.objects.filter(assignment_id__in=by_id)
        .order_by("assignment_id", "-period", "-version")
        .values_list("assignment_id", "pk", "status", "period", "return_reason")
    )
    for assignment_id, pk, status, period, reason in versions:
        a = by_id[assignment_id]
        if a.latest_report_id is None:  # newest first: the first version met is the latest
            a.latest_report_id, a.latest_status = pk, status
        if status != Status.DRAFT and a.decided_status is None:
            a.decided_status, a.decided_reason, a.decided_period = status, reason, period


def my_task_rows(user, today: date, current: str = "") -> TaskList:
    """The liaison's own unit's live assignments in published plans, newest plan first, then by task code,
    narrowed to the tab `current` names (one of TASK_FILTERS; anything else means 全部).

    Besides the report fields of `attach_latest_reports`, each row gets `reported_now` (the current period is reported and waiting or accepted, so there
    is nothing to fill in now)."""
    assignments = (
        Assignment.objects.workable_by(user)
        .exclude(task__status=Task.Status.CANCELLED)
        .select_related("task__plan")
        .only(*SHOWN_FIELDS)
        .order_by()  # sorted below by code as numbers; the model's ordering would only add a join
    )
    rows = sorted(assignments, key=lambda a: (-a.task.plan.year, a.task.plan_id, code_sort_key(a.task.code)))
    attach_latest_reports(rows)
    periods: dict[int, str] = {}
    for a in rows:
        plan = a.task.plan
        current_period = periods.setdefault(plan.pk, services.current_period(plan, today))
        a.reported_now = (
            a.latest_status in (Status.SUBMITTED, Status.ACCEPTED) and a.decided_period == current_period
        )
    tabs = [("", "全部", len(rows))] + [
        (key, label, sum(1 for a in rows if belongs(a))) for key, (label, belongs) in TASK_FILTERS.items()
    ]
    if current in TASK_FILTERS:
        rows = [a for a in rows if TASK_FILTERS[current][1](a)]
    else:
        current = ""
    return TaskList(rows=rows, tabs=tabs, current=current)


# --- what each row shows ------------------------------------------------------------------------------------
#
# Rendering used to cost about twice the queries: per row, two {% url %} look-ups (each a full reverse())
# and a ladder of {% if %}/{% elif %} on statuses, each condition a template variable resolution. The view
# now calls `display_groups` once; the template only prints the prepared strings. Kept apart from
# `my_task_rows`, which the benchmark times as the page's query work.

# Report status of the latest version → (tag, css class, label) shown with the decided period.
_STATUS_SHOWN = {
    Status.SUBMITTED: ("span", "status-submitted", "已报送"),
    Status.RETURNED: ("strong", "status-returned", "退回"),
    Status.ACCEPTED: ("span", "status-accepted", "已采纳"),
}
_ROLE_LABELS = {Assignment.Role.LEAD: "牵头"}  # anything else is 配合, as the template had it
_TIER_LABELS = dict(Task.Tier.choices)


@dataclass(frozen=True)
class PlanGroup:
    """One plan's rows, as `{% regroup %}` made them: `grouper` is the plan, `list` its rows."""

    grouper: object
    list: list[Assignment]


def _url_pattern(name: str) -> Callable[[int], str]:
    """reverse() once for a URL taking one pk; each row then only fills in its own pk."""
    sentinel = "2147483647"
    head, tail = reverse(name, args=[int(sentinel)]).split(sentinel)
    return lambda pk: f"{head}{pk}{tail}"


def _action(a: Assignment, urls: dict[str, Callable[[int], str]]) -> dict:
    """The one button of a row: what the liaison should do next. `post` buttons start a report."""
    if not a.acknowledged_at:
        return {
            "url": urls["assignment"](a.pk) + "#acknowledge",
            "css": "btn btn-small btn-primary",
            "label": "签收",
        }
    if a.latest_status == Status.DRAFT:
        return {
            "url": urls["report_edit"](a.latest_report_id),
            "css": "btn btn-small btn-primary",
            "label": "继续填报",
        }
    if a.decided_status == Status.RETURNED:
        return {
            "url": urls["report_start"](a.pk),
            "css": "btn btn-small btn-primary",
            "label": "修改重报",
            "post": True,
            "period": a.decided_period,
        }
    if a.reported_now:
        return {"url": urls["report_review"](a.latest_report_id), "css": "btn btn-small", "label": "查看"}
    return {"url": urls["report_start"](a.pk), "css": "btn btn-small", "label": "填报", "post": True}


def display_groups(rows: list[Assignment]) -> list[PlanGroup]:
    """Set on each row `show`, a dict of the strings the page prints, and group the rows by plan (they come
    sorted by plan). Output is exactly what the template used to compute row by row."""
    urls = {
        name: _url_pattern(f"reports:{name}")
        for name in ("assignment", "report_edit", "report_start", "report_review")
    }
    today = timezone.localdate()
    nodes = counting_nodes(rows)
    groups: list[PlanGroup] = []
    for a in rows:
        task = a.task
        if not groups or groups[-1].grouper != task.plan:
            groups.append(PlanGroup(task.plan, []))
        groups[-1].list.append(a)
        shown = _STATUS_SHOWN.get(a.latest_status)
        returned = a.decided_status == Status.RETURNED
        a.show = {
            # The light in words, and on hover why, by the one rule (plans.progress.explain).
            "light": light_dot(
                a.light,
                explain_assignment(
                    a, task.plan, task.status, today, nodes.get(a.pk), final=task.recurring_final
                ).words,
            ),
            "url": urls["assignment"](a.pk),
            "tier": _TIER_LABELS.get(task.tier, task.tier) if task.tier != Task.Tier.ROUTINE else "",
            "role": _ROLE_LABELS.get(a.role, "配合"),
            "deadline": cn_date(task.deadline) or "—",
            "progress": percent(a.progress),
            "width": floatformat(a.progress, 0),
            "returned": returned,
            "draft": a.latest_status == Status.DRAFT,
            "status": shown and {"tag": shown[0], "css": shown[1], "label": shown[2]},
            "period": cn_period(a.decided_period) if shown else "",
            "reason": a.decided_reason if returned else "",
            "action": _action(a, urls),
        }
    return groups
