"""A plan's 任务分解表 as an Excel download, for the supervisors and leaders who can see the plan."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from luoshi.org.permissions import role_required

from ..export import division_rows, download
from ..models import Plan
from .plans import LEADER, SUPERVISOR


@role_required(SUPERVISOR, LEADER)
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    return download(division_rows(plan), plan.title)
