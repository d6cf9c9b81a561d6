"""Plan pages: list, create, overview (detail), edit, publish, archive."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.audit.services import Actor
from luoshi.core.htmx import render_page_or_partial
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.permissions import role_required

from .. import services
from ..filters import TaskFilter
from ..forms import PlanForm
from ..models import Plan, Task
from ..source import attach_excerpts
from .figures import summarise, tree_rows, tree_tasks, with_figures

SUPERVISOR = "supervisor"
LEADER = "leader"


def editable_plan(request: HttpRequest, pk: int) -> Plan:
    """A plan of the supervisor's own deploying unit, or 404."""
    return get_object_or_404(Plan.objects.editable_by(request.user), pk=pk)


@role_required(SUPERVISOR, LEADER)
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans the person may see, newest year first, with their figures aggregated in the database."""
    plans = with_figures(Plan.objects.visible_to(request.user).select_related("deploying_unit"))
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": plans,
            "can_edit": request.user.is_supervisor,
        },
    )


@role_required(SUPERVISOR)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                Actor.from_request(request), deploying_unit=request.user.unit, **form.cleaned_data
            )
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "已新建工作部署，请添加任务。")
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@role_required(SUPERVISOR)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = editable_plan(request, pk)
    form = PlanForm.for_plan(plan, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(Actor.from_request(request), plan, **form.cleaned_data)
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "已保存。")
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@role_required(SUPERVISOR, LEADER)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview: summary cards and the task tree, filtered by GET parameters. An htmx request (the filter
    form) gets only the cards and the table, so the page keeps its place."""
    today = timezone.localdate()
    plan = get_object_or_404(
        with_figures(Plan.objects.visible_to(request.user).select_related("deploying_unit")), pk=pk
    )
    task_filter = TaskFilter(plan, request.GET)
    # A unit that reads an upper plan because tasks of it are assigned to it sees those tasks only.
    readable = Task.objects.visible_to(request.user).filter(plan=plan).values("pk")
    rows = tree_rows(task_filter.apply(tree_tasks(plan).filter(pk__in=readable)))
    attach_excerpts(rows, plan.source_text)  # the plan row holds the source: slices, no query per row
    filtered = task_filter.active
    upper_task = (
        Task.objects.select_related("plan").filter(assignments__pk=plan.cascaded_from_id).first()
        if plan.cascaded_from_id
        else None
    )
    context = {
        "plan": plan,
        "upper_task": upper_task,
        "upper_task_readable": upper_task is not None
        and Task.objects.visible_to(request.user).filter(pk=upper_task.pk).exists(),
        "rows": rows,
        "filter": task_filter,
        "filtered": filtered,
        "summary": summarise(rows, plan.overall_progress, filtered),
        "today": today,
        "can_edit": access.allows(request.user, Action.EDIT_PLAN, plan),
    }
    return render_page_or_partial(request, "plans/plan_detail.html", "plans/_overview.html", context)


@require_POST
@role_required(SUPERVISOR)
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = editable_plan(request, pk)
    try:
        services.publish_plan(Actor.from_request(request), plan)
    except services.ServiceError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已发布，各承办单位现在可以签收和报送。")
    return redirect("plans:detail", pk=plan.pk)


@require_POST
@role_required(SUPERVISOR)
def plan_archive(request: HttpRequest, pk: int) -> HttpResponse:
    plan = editable_plan(request, pk)
    try:
        services.archive_plan(Actor.from_request(request), plan)
    except services.ServiceError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已归档。")
    return redirect("plans:detail", pk=plan.pk)
