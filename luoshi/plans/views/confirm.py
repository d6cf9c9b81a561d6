"""Confirmation pages for publishing and archiving a plan.

Both acts are one-way and reach people outside the deploying unit, so the overview's buttons lead here
first (a plain GET, no JavaScript needed): the page says what will happen — how many tasks, which units
will see them, what still blocks publishing, what is still waiting for review — and its button POSTs to
`plans:publish` / `plans:archive`, which do the act. A constant number of queries whatever the plan's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from luoshi.org.permissions import role_required

from ..models import Assignment, Plan, Task, leaves_lacking_lead
from .plans import SUPERVISOR, editable_plan


@dataclass
class UnitLoad:
    """A unit that will see (or saw) the plan's tasks, with how many it leads and co-operates on."""

    name: str
    lead: int
    co: int


@dataclass
class Preview:
    """What publishing or archiving `plan` touches."""

    task_count: int = 0  # live (not cancelled) tasks, parents and guidance included
    assigned_task_count: int = 0  # leaf tasks that are assigned and will be reported on
    guidance_count: int = 0
    units: list[UnitLoad] = field(default_factory=list)  # in official order
    unled: list[Task] = field(default_factory=list)  # leaf, non-guidance tasks without a lead unit
    awaiting_review: int = 0  # submitted reports not yet accepted or returned

    @property
    def lead_total(self) -> int:
        return sum(u.lead for u in self.units)


def preview(plan: Plan, *, reviews: bool = False) -> Preview:
    """Tasks, units and blockers of `plan`. Three queries (four with `reviews`).

    Tasks lacking a lead unit follow `leaves_lacking_lead`, the rule `publish_plan` refuses on."""
    tasks = list(
        Task.objects.filter(plan=plan)
        .exclude(status=Task.Status.CANCELLED)
        .only("id", "parent_id", "code", "title", "is_guidance", "plan_id")
    )
    live = Assignment.objects.filter(task__plan=plan).exclude(task__status=Task.Status.CANCELLED)
    led = set(live.filter(role=Assignment.Role.LEAD).values_list("task_id", flat=True))
    units = (
        live.values("unit_id", "unit__name", "unit__short_name", "unit__order")
        .annotate(
            lead=Count("id", filter=Q(role=Assignment.Role.LEAD)),
            co=Count("id", filter=Q(role=Assignment.Role.CO)),
        )
        .order_by("unit__order", "unit_id")
    )
    result = Preview(
        task_count=len(tasks),
        guidance_count=sum(1 for t in tasks if t.is_guidance),
        assigned_task_count=sum(1 for t in tasks if t.pk in led),
        units=[UnitLoad(u["unit__short_name"] or u["unit__name"], u["lead"], u["co"]) for u in units],
        unled=leaves_lacking_lead(tasks, led),
    )
    if reviews:
        # Reports live a layer above plans; they are reached through the assignments' reverse relation.
        result.awaiting_review = Assignment.objects.filter(task__plan=plan).aggregate(
            n=Count("reports", filter=Q(reports__status="submitted"))
        )["n"]
    return result


@role_required(SUPERVISOR)
def plan_publish_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    plan = editable_plan(request, pk)
    return render(
        request, "plans/plan_confirm.html", {"plan": plan, "act": "publish", "preview": preview(plan)}
    )


@role_required(SUPERVISOR)
def plan_archive_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    plan = editable_plan(request, pk)
    return render(
        request,
        "plans/plan_confirm.html",
        {"plan": plan, "act": "archive", "preview": preview(plan, reviews=True)},
    )
