"""A plan's 任务分解表 as an Excel download, for the supervisors and leaders who can see the plan."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from luoshi.org.access import Action, restrict
from luoshi.org.permissions import role_required

from ..export import division_rows, download
from ..models import Plan
from .plans import LEADER, SUPERVISOR


@role_required(SUPERVISOR, LEADER)
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    # The whole table only to who reads the whole plan: not to a unit that holds one task of it.
    plan = get_object_or_404(
        restrict(request.user, Action.VIEW_PLAN, Plan.objects.all(), include_assigned=False), pk=pk
    )
    return download(division_rows(plan), plan.title)
