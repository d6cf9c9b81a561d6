"""逐级分解 pages: a unit's supervisor cascades its assignment into a sub-plan; the chain below a task, down
every level the reader may see (上下联动); the upper supervisor's override of a cascaded unit's figure.

Who does what is the access table's word: `CASCADE_ASSIGNMENT` (the assigned unit's supervisor),
`VIEW_PLAN`/`VIEW_ASSIGNMENT` (the chain in scope), `EDIT_PLAN` (the override). The chain page costs a
fixed number of queries whatever the depth and width of the chain.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from luoshi.audit.services import Actor
from luoshi.lib.codes import code_sort_key
from luoshi.org.access import Action, restrict
from luoshi.org.permissions import role_required

from .. import services
from ..forms import OverrideForm
from ..models import Assignment, Plan, Task
from .plans import LEADER, SUPERVISOR


@require_POST
@role_required(SUPERVISOR)
def assignment_cascade(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        restrict(request.user, Action.CASCADE_ASSIGNMENT, Assignment.objects), pk=pk
    )
    try:
        plan = services.cascade_assignment(Actor.from_request(request), assignment)
    except services.ServiceError as e:
        messages.error(request, str(e))
        return redirect("plans:task", pk=assignment.task_id)
    messages.success(request, "已生成分解计划草稿：请细化任务、交办到下级单位后发布。")
    return redirect("plans:detail", pk=plan.pk)


@require_POST
@role_required(SUPERVISOR)
def assignment_override(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.filter(task__plan__in=Plan.objects.editable_by(request.user)), pk=pk
    )
    form = OverrideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("plans:task_chain", pk=assignment.task_id)
    progress = form.cleaned_data["progress"]
    try:
        services.override_assignment_progress(
            Actor.from_request(request), assignment, progress=progress, note=form.cleaned_data["note"]
        )
    except services.ServiceError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request, "已调整进度。" if progress is not None else "已取消人工调整，恢复下级汇总进度。"
        )
    return redirect("plans:task_chain", pk=assignment.task_id)


@dataclass
class ChainRow:
    """One line of the chain: a task of a sub-plan, or a unit's assignment (`level` indents it)."""

    level: int
    task: Task | None = None
    assignment: Assignment | None = None
    sub_plan: Plan | None = None


def chain_rows(user, task: Task) -> list[ChainRow]:
    """The task's units and, under each that cascaded it, its sub-plan's tasks and their units, down every
    level `user` may read. Four queries."""
    assignments = restrict(user, Action.VIEW_ASSIGNMENT, Assignment.objects.all())
    own = list(
        assignments.filter(task=task).select_related("unit").order_by("role", "unit__order", "unit_id")
    )
    direct = Plan.objects.filter(cascaded_from__task=task).values_list("pk", flat=True)
    below = Q(cascaded_from__task=task)
    for pk in direct:
        below |= Q(cascade_plans__contains=f"/{pk}/")
    plans = {p.cascaded_from_id: p for p in Plan.objects.visible_to(user).filter(below).distinct()}
    tasks_by_plan: dict[int, list[Task]] = {}
    for t in Task.objects.filter(plan_id__in=[p.pk for p in plans.values()]).exclude(
        status=Task.Status.CANCELLED
    ):
        tasks_by_plan.setdefault(t.plan_id, []).append(t)
    by_task: dict[int, list[Assignment]] = {}
    for a in (
        assignments.filter(task__plan_id__in=[p.pk for p in plans.values()])
        .select_related("unit")
        .order_by("role", "unit__order", "unit_id")
    ):
        by_task.setdefault(a.task_id, []).append(a)

    rows: list[ChainRow] = []

    def unit_rows(units: list[Assignment], level: int) -> None:
        for a in units:
            sub = plans.get(a.pk)
            rows.append(ChainRow(level=level, assignment=a, sub_plan=sub))
            if sub is not None:
                for t in sorted(tasks_by_plan.get(sub.pk, []), key=lambda t: code_sort_key(t.code)):
                    rows.append(ChainRow(level=level + 1, task=t))
                    unit_rows(by_task.get(t.pk, []), level + 2)

    unit_rows(own, 0)
    return rows


@role_required(SUPERVISOR, LEADER)
def task_chain(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.visible_to(request.user).select_related("plan"), pk=pk)
    can_edit = Plan.objects.editable_by(request.user).filter(pk=task.plan_id).exists()
    return render(
        request,
        "plans/task_chain.html",
        {
            "task": task,
            "plan": task.plan,
            "rows": chain_rows(request.user, task),
            "can_edit": can_edit,
            "override_form": OverrideForm(),
        },
    )
