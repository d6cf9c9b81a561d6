"""督办 pages: one assignment's 催办 record with a button to chase the unit now, and the statistics per unit
and urgency (with the Excel export). Thin: a scoped getter, one query module or service, render."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.notify.models import Notification
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.permissions import forbidden, role_required
from luoshi.plans.models import Assignment
from luoshi.workdays.models import working_days

from . import export, queries, services
from .models import Notice
from .statistics import BUCKET_LABELS, BUCKETS, statistics
from .views import _int_param


@role_required("supervisor", "leader")
def chase(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the assignment's notices, each with its notifications (recipient, channels, read or not).
    POST (the deploying unit's supervisors): chase the unit now."""
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("unit", "task__plan"), pk=pk
    )
    may_chase = access.allows(request.user, Action.EDIT_PLAN, assignment)
    if request.method == "POST":
        if not may_chase:
            return forbidden(request, "只有部署单位的督办员可以催办。")
        try:
            services.chase_now(Actor.from_request(request), assignment, request.POST.get("note", ""))
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已催办{assignment.unit.display_name}。")
        return redirect("supervise:chase", pk=assignment.pk)
    notices = list(Notice.objects.filter(assignment=assignment).select_related("created_by"))
    sent = defaultdict(list)
    for n in (
        Notification.objects.filter(topic__in=[n.topic for n in notices])
        .prefetch_related("deliveries")
        .order_by("id")
    ):
        sent[n.topic].append(n)
    for n in notices:
        n.sent = sent[n.topic]
    return render(
        request,
        "supervise/chase.html",
        {"assignment": assignment, "notices": notices, "may_chase": may_chase},
    )


def _plan(request: HttpRequest):
    plans = queries.dashboard_plans(request.user)
    plan_id = _int_param(request, "plan")
    if plan_id is not None:
        return plans, get_object_or_404(plans, pk=plan_id)
    return plans, queries.default_plan(plans, request.user, timezone.localdate())


@role_required("supervisor", "leader")
def chase_statistics(request: HttpRequest) -> HttpResponse:
    plans, plan = _plan(request)
    stats = statistics(plan, working_days()) if plan else None
    return render(
        request,
        "supervise/statistics.html",
        {
            "plans": plans.only("id", "year", "title", "status"),
            "plan": plan,
            "stats": stats,
            "bucket_labels": [BUCKET_LABELS[b] for b in BUCKETS],
        },
    )


@role_required("supervisor", "leader")
def chase_statistics_export(request: HttpRequest) -> HttpResponse:
    plans, plan = _plan(request)
    if plan is None:
        messages.error(request, "没有可导出的工作部署。")
        return redirect("supervise:statistics")
    return export.download(statistics(plan, working_days()))
