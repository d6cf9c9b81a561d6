"""督办 pages: one assignment's 催办 record with a button to chase the unit now, and the statistics per unit
and urgency (with the Excel export). Thin: a scoped getter, one query module or service, render."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.notify.models import Notification
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.permissions import forbidden, role_required
from luoshi.plans.models import Assignment
from luoshi.workdays.models import working_days

from . import export, letter, queries, services
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
        n.has_letter = letter.has_letter(n)
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


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@role_required("supervisor", "leader", "liaison")
def notice_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice's 催办通知单 (警示通知单) as .docx, for whoever may see the assignment: the office that
    sent it, its leaders, and the unit it was sent to."""
    notice = get_object_or_404(
        Notice.objects.select_related("assignment__unit", "assignment__task__plan__deploying_unit"),
        pk=pk,
        assignment__in=Assignment.objects.visible_to(request.user),
    )
    if not letter.has_letter(notice):
        raise Http404("该督办通知没有通知单")
    name, data = letter.letter_file(notice, working_days())
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
