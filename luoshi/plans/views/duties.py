"""四责 page: the deploying unit's supervisor names who holds each duty for a task (usually a task line)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from luoshi.audit.services import Actor
from luoshi.org.permissions import role_required

from .. import services
from ..forms import DutiesForm
from .plans import SUPERVISOR
from .tasks import editable_task


@role_required(SUPERVISOR)
def task_duties(request: HttpRequest, pk: int) -> HttpResponse:
    task = editable_task(request, pk)
    form = DutiesForm(task, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_duties(Actor.from_request(request), task, form.holders())
        except services.ServiceError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"已明确任务 {task.code} 的四责。")
            return redirect("plans:task", pk=task.pk)
    return render(request, "plans/task_duties.html", {"task": task, "plan": task.plan, "form": form})
