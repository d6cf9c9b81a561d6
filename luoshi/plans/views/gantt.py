"""The plan's timeline (甘特图): each task line and its tasks as a bar from the plan's start to the task's
deadline, filled to its progress and coloured by its light; ECharts draws it from the json_script data (no
inline script), the table below carries the same rows, and the page prints on A4 landscape."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from luoshi.lib.codes import code_sort_key
from luoshi.org.permissions import role_required

from ..models import Plan, Task
from ..progress.recompute import plan_start
from .plans import LEADER, SUPERVISOR

DEPTH = 2  # lines and their tasks: a province plan's items would make the chart unreadable


@role_required(SUPERVISOR, LEADER)
def plan_gantt(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    start = plan_start(plan)
    tasks = sorted(
        Task.objects.visible_to(request.user)
        .filter(plan=plan, depth__lte=DEPTH, is_guidance=False)
        .exclude(status=Task.Status.CANCELLED)
        .only("id", "code", "title", "depth", "deadline", "progress", "light", "plan_id"),
        key=lambda t: code_sort_key(t.code),
    )
    rows = [
        {
            "code": t.code,
            "title": t.title,
            "depth": t.depth,
            "start": start.isoformat() if start else None,
            "end": t.deadline.isoformat() if t.deadline else None,
            "progress": float(t.progress),
            "light": t.light,
        }
        for t in tasks
    ]
    return render(
        request,
        "plans/plan_gantt.html",
        {"plan": plan, "tasks": tasks, "start": start, "chart": {"rows": rows}},
    )
