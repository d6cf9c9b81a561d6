"""Task pages of a plan: add, edit (with targets, progress override, delete/cancel). Assigning units is in
`assign`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from luoshi.audit.services import Actor
from luoshi.org.permissions import role_required

from .. import services
from ..forms import CancelForm, ConfirmForm, OverrideForm, TaskForm, target_formset
from ..models import Task
from ..source import source_excerpt
from .plans import SUPERVISOR, editable_plan


def editable_task(request: HttpRequest, pk: int) -> Task:
    """A task of a plan the supervisor's unit deployed, or 404."""
    return get_object_or_404(Task.objects.editable_by(request.user).select_related("plan", "parent"), pk=pk)


def _back_to(task: Task) -> str:
    return reverse("plans:detail", args=[task.plan_id]) + f"#task-{task.pk}"


@role_required(SUPERVISOR)
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = editable_plan(request, pk)
    initial = {}
    if (parent_id := request.GET.get("parent", "")) and parent_id.isdigit():
        initial["parent"] = parent_id
    form = TaskForm(plan, request.POST or None, initial=initial)
    targets = target_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        try:
            task = services.add_task(
                Actor.from_request(request), plan, targets=targets.targets(), **form.cleaned_data
            )
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已添加任务 {task.code}。")
            if "assign" in request.POST:
                return redirect("plans:task_assign", pk=task.pk)
            return redirect(_back_to(task))
    return render(
        request, "plans/task_form.html", {"plan": plan, "task": None, "form": form, "targets": targets}
    )


@role_required(SUPERVISOR)
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = editable_task(request, pk)
    form = TaskForm.for_task(task, request.POST or None)
    targets = target_formset(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        try:
            services.update_task(
                Actor.from_request(request), task, targets=targets.targets(), **form.cleaned_data
            )
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已保存任务 {task.code}。")
            return redirect(_back_to(task))
    return render(
        request,
        "plans/task_form.html",
        {
            "plan": task.plan,
            "task": task,
            "form": form,
            "targets": targets,
            "source_excerpt": source_excerpt(task.plan.source_text, task.source_start, task.source_end),
            "override_form": OverrideForm(
                initial={
                    "progress": task.progress_override,
                    "note": task.progress_override_note,
                }
            ),
            "confirm_form": ConfirmForm(),
            "cancel_form": CancelForm(),
        },
    )


@require_POST
@role_required(SUPERVISOR)
def task_override(request: HttpRequest, pk: int) -> HttpResponse:
    """Set (or, with the figure left empty, clear) a hand-set progress beside the computed one."""
    task = editable_task(request, pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("plans:task_edit", pk=task.pk)
    progress = form.cleaned_data["progress"]
    try:
        services.override_progress(
            Actor.from_request(request), task, progress=progress, note=form.cleaned_data["note"].strip()
        )
    except services.ServiceError as e:
        messages.error(request, str(e))
        return redirect("plans:task_edit", pk=task.pk)
    messages.success(request, "已调整进度。" if progress is not None else "已取消人工调整，恢复计算进度。")
    return redirect(_back_to(task))


@require_POST
@role_required(SUPERVISOR)
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a task and its subtree from a draft plan (published plans cancel instead)."""
    task = editable_task(request, pk)
    if not ConfirmForm(request.POST).is_valid():
        messages.error(request, "请勾选确认后再删除。")
        return redirect("plans:task_edit", pk=task.pk)
    code, plan_id = task.code, task.plan_id
    try:
        services.delete_task(Actor.from_request(request), task)
    except services.ServiceError as e:
        messages.error(request, str(e))
        return redirect("plans:task_edit", pk=task.pk)
    messages.success(request, f"已删除任务 {code} 及其下级任务。")
    return redirect("plans:detail", pk=plan_id)


@require_POST
@role_required(SUPERVISOR)
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a task of a published plan; it stays on record, greyed out and left out of roll-ups."""
    task = editable_task(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写取消理由。")
        return redirect("plans:task_edit", pk=task.pk)
    try:
        services.cancel_task(Actor.from_request(request), task, note=form.cleaned_data["note"])
    except services.ServiceError as e:
        messages.error(request, str(e))
        return redirect("plans:task_edit", pk=task.pk)
    messages.success(request, f"已取消任务 {task.code}。")
    return redirect(_back_to(task))
