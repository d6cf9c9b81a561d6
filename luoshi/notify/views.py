"""The notification centre (通知中心): a person's notifications with a filter by kind, marking read; and, for
supervisors, the deliveries of their office's notifications that have not gone out (retrying or given up)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.org.permissions import role_required

from . import services

BUSINESS = ("supervisor", "liaison", "leader")
PER_PAGE = 30


@role_required(*BUSINESS)
def inbox(request: HttpRequest) -> HttpResponse:
    """Newest first; `?kind=` keeps one kind, `?unread=1` only the unread."""
    mine = services.inbox(request.user)
    kinds = list(mine.order_by("kind_label").values_list("kind", "kind_label").distinct())
    kind = request.GET.get("kind", "")
    if kind and kind not in {k for k, _ in kinds}:
        kind = ""
    shown = mine.filter(kind=kind) if kind else mine
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        shown = shown.filter(read_at__isnull=True)
    page = Paginator(shown.select_related("unit"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notify/inbox.html",
        {"page": page, "kinds": kinds, "kind": kind, "unread_only": unread_only},
    )


@require_POST
@role_required(*BUSINESS)
def read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to what it is about (its link, on this site only)."""
    try:
        notification = services.mark_read(request.user, pk)
    except ServiceError:
        raise Http404("没有找到该通知") from None
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.link or "notify:inbox")
    return redirect("notify:inbox")


@require_POST
@role_required(*BUSINESS)
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user, request.POST.get("kind", ""))
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect("notify:inbox")


@role_required("supervisor")
def deliveries(request: HttpRequest) -> HttpResponse:
    """What has not reached its recipient yet: waiting to be retried, or given up after every try."""
    rows = Paginator(services.undelivered(request.user.unit_id), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notify/deliveries.html", {"page": rows})


@require_POST
@role_required("supervisor")
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(services.undelivered(request.user.unit_id), pk=pk)
    try:
        services.retry(Actor.from_request(request), delivery)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已重新排入发送，下次运行督办任务时发送。")
    return redirect("notify:deliveries")
