"""Pages of the 督办事项: the list, registration (one item, or a meeting's decisions), an item with its
leader's approval and a proposal's answer and rating, and the 督办 page of any task — timeline, extensions,
close-out and milestones — with its acts.

Thin views: a scoped getter (404 outside the person's scope), a role check for the act (403), a form, one
service call, then back to the page with the service's Chinese message.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.permissions import forbidden, role_required
from luoshi.plans.models import Assignment, Task
from luoshi.reports import evidence_files
from luoshi.reports.evidence_types import ALLOWED_TEXT, max_size_text

from . import services
from .forms import (
    CloseOutForm,
    ExtensionForm,
    FilesForm,
    ItemForm,
    MeetingForm,
    MilestoneForm,
    ResubmitForm,
    ReviewForm,
    VerifyForm,
)
from .models import CloseOut, Extension, Item, ItemFile, Milestone
from .timeline import task_timeline

SUPERVISOR, LEADER, LIAISON = "supervisor", "leader", "liaison"


def _items(user):
    return Item.objects.visible_to(user)


def _form_error(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- the list and registration -----------------------------------------------------------------------------


@role_required(SUPERVISOR, LEADER)
def item_list(request: HttpRequest) -> HttpResponse:
    items = list(
        _items(request.user)
        .select_related("task", "plan", "deploying_unit")
        .prefetch_related("lead_units")
        .order_by("-year", "-serial")[:500]
    )
    pending = [i for i in items if i.status == Item.Status.PENDING]
    return render(
        request,
        "items/item_list.html",
        {"items": items, "pending": pending, "can_register": request.user.is_supervisor},
    )


@role_required(SUPERVISOR)
def item_new(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    form = ItemForm(request.POST or None, deploying_unit=unit)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = services.register_item(
                Actor.from_request(request),
                deploying_unit=unit,
                source=d["source"],
                urgency=d["urgency"],
                title=d["title"],
                content=d["content"],
                origin_author=d["origin_author"],
                origin_date=d["origin_date"],
                origin_title=d["origin_title"],
                lead_units=list(d["lead_units"]),
                co_units=list(d["co_units"]),
                working_days=d["working_days"],
            )
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已登记 {item.number}，待领导审核。")
            return redirect("items:detail", item.pk)
    return render(request, "items/item_form.html", {"form": form, "heading": "登记督办事项"})


@role_required(SUPERVISOR)
def meeting_new(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    form = MeetingForm(request.POST or None, deploying_unit=unit)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            items = services.register_meeting_decisions(
                Actor.from_request(request),
                deploying_unit=unit,
                meeting=d["meeting"],
                meeting_date=d["meeting_date"],
                minutes=d["minutes"],
                urgency=d["urgency"],
                lead_units=list(d["lead_units"]),
                co_units=list(d["co_units"]),
            )
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                f"已拆分登记{len(items)}项议定事项（{items[0].number}至{items[-1].number}），待领导审核。",
            )
            return redirect("items:list")
    return render(request, "items/item_form.html", {"form": form, "heading": "登记会议议定事项"})


# --- one item ------------------------------------------------------------------------------------------------


@role_required(SUPERVISOR, LEADER)
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        _items(request.user).select_related("task__plan", "reviewed_by", "created_by"), pk=pk
    )
    can_review = item.status == Item.Status.PENDING and access.allows(request.user, Action.APPROVE_ITEM, item)
    context = {
        "item": item,
        "lead_units": item.lead_units.order_by("order"),
        "co_units": item.co_units.order_by("order"),
        "review_form": ReviewForm.for_item(item) if can_review else None,
        "answers": item.files.filter(purpose=ItemFile.Purpose.ANSWER),
        "can_rate": (
            item.is_proposal
            and item.task_id is not None
            and item.answered_at is not None
            and request.user.is_supervisor
        ),
        "ratings": Item.Rating.choices,
        "can_resubmit": item.status == Item.Status.REJECTED and request.user.is_supervisor,
        "review_rounds": AuditEntry.objects.filter(
            object_type="items.item",
            object_id=str(item.pk),
            action__in=("register_item", "reject_item", "resubmit_item", "approve_item"),
        ).order_by("at", "id"),
    }
    return render(request, "items/item_detail.html", context)


@role_required(SUPERVISOR)
def item_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a rejected item and send it to the leader again."""
    item = get_object_or_404(_items(request.user).select_related("deploying_unit"), pk=pk)
    form = ResubmitForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.resubmit_item(
                Actor.from_request(request),
                item,
                title=d["title"],
                urgency=d["urgency"],
                content=d["content"],
                origin_author=d["origin_author"],
                origin_date=d["origin_date"],
                origin_title=d["origin_title"],
                lead_units=list(d["lead_units"]),
                co_units=list(d["co_units"]),
                working_days=d["working_days"],
                note=d["note"],
            )
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已修改 {item.number} 并重新报领导审核。")
            return redirect("items:detail", item.pk)
    heading = f"修改后重新报审：{item.number}"
    return render(request, "items/item_form.html", {"form": form, "heading": heading, "item": item})


@require_POST
@role_required(LEADER)
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_items(request.user), pk=pk)
    form = ReviewForm.for_item(item, request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return redirect("items:detail", item.pk)
    d, actor = form.cleaned_data, Actor.from_request(request)
    try:
        if d["decision"] == "reject":
            services.reject_item(actor, item, reason=d["note"])
            messages.success(request, f"已退回 {item.number}。")
        else:
            item = services.approve_item(
                actor,
                item,
                note=d["note"],
                title=d["title"],
                urgency=d["urgency"],
                due_on=d["due_on"] if d["due_on"] != item.due_on else None,
                lead_units=list(d["lead_units"]) or None,
                co_units=list(d["co_units"]),
            )
            messages.success(request, f"已同意并交办 {item.number}。")
    except services.ServiceError as e:
        messages.error(request, str(e))
    return redirect("items:detail", item.pk)


@require_POST
@role_required(LIAISON)
def item_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_items(request.user).select_related("task"), pk=pk)
    form = FilesForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_error(request, form)
    else:
        try:
            services.answer_proposal(Actor.from_request(request), item, files=form.cleaned_data["files"])
            messages.success(request, "答复件已上传。")
        except services.ServiceError as e:
            messages.error(request, str(e))
    return redirect("items:task", item.task_id)


@require_POST
@role_required(SUPERVISOR)
def item_rate(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_items(request.user).select_related("task__plan"), pk=pk)
    try:
        item = services.rate_proposal(
            Actor.from_request(request),
            item,
            rating=request.POST.get("rating", ""),
            note=request.POST.get("note", "")[:200],
        )
        messages.success(request, "已登记提出人评价。" if item.rating else "提出人不满意，已转入重新办理。")
    except services.ServiceError as e:
        messages.error(request, str(e))
    return redirect("items:detail", item.pk)


# --- the 督办 page of a task -------------------------------------------------------------------------------


def _visible_task(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(Task.objects.visible_to(request.user).select_related("plan"), pk=pk)


def _own_assignment(request: HttpRequest, task: Task) -> Assignment | None:
    if not request.user.is_liaison:
        return None
    return (
        access.restrict(request.user, Action.WORK_ASSIGNMENT, Assignment.objects.filter(task=task))
        .select_related("unit")
        .first()
    )


@role_required(SUPERVISOR, LEADER, LIAISON)
def task_page(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    task = _visible_task(request, pk)
    item = Item.objects.filter(task=task).first()
    own = _own_assignment(request, task)
    visible = Assignment.objects.filter(task=task).visible_to(request.user)
    extensions = list(
        Extension.objects.filter(assignment__in=visible).select_related(
            "assignment__unit", "requested_by", "decided_by"
        )
    )
    close_outs = list(
        CloseOut.objects.filter(assignment__in=visible)
        .select_related("assignment__unit", "verified_by")
        .prefetch_related("files")
    )
    milestones = list(task.milestones.prefetch_related("files"))
    can_supervise = request.user.is_supervisor and access.allows(request.user, Action.EDIT_PLAN, task.plan)
    leader_decides = (
        request.user.is_leader and item is not None and access.allows(request.user, Action.APPROVE_ITEM, item)
    )
    is_lead = own is not None and own.role == Assignment.Role.LEAD
    open_close_out = next((c for c in close_outs if c.status == CloseOut.Status.REQUESTED), None)
    context = {
        "task": task,
        "plan": task.plan,
        "item": item,
        "own": own,
        "is_lead": is_lead,
        "assignments": list(visible.select_related("unit").order_by("-role", "unit__order")),
        "extensions": extensions,
        "close_outs": close_outs,
        "open_close_out": open_close_out,
        "closed": task.status == Task.Status.COMPLETED,
        "milestones": milestones,
        "light": services.task_light(task, milestones, today),
        "timeline": task_timeline(request.user, task),
        "can_supervise": can_supervise,
        "leader_decides": leader_decides,
        "extension_form": ExtensionForm() if is_lead else None,
        "close_out_form": CloseOutForm() if is_lead and not open_close_out else None,
        "verify_form": VerifyForm() if can_supervise and open_close_out else None,
        "milestone_form": MilestoneForm() if can_supervise else None,
        "answers": item.files.filter(purpose=ItemFile.Purpose.ANSWER) if item else [],
        "can_answer": item is not None and item.is_proposal and is_lead and item.answered_at is None,
        "allowed_text": ALLOWED_TEXT,
        "max_size": max_size_text(),
        "today": today,
    }
    return render(request, "items/task_page.html", context)


def _extension(request, task):
    pk = request.POST.get("extension")
    scope = Extension.objects.filter(assignment__task=task)
    return get_object_or_404(scope, pk=pk if (pk or "").isdigit() else 0)


def _act_extension(request, task, actor):
    own = _own_assignment(request, task)
    if own is None:
        raise Http404
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form)
    d = form.cleaned_data
    services.request_extension(
        actor, own, new_due_on=d["new_due_on"], reason=d["reason"], progress_note=d["progress_note"]
    )
    messages.success(request, "延期申请已提交，等待审批。")


def _act_decide(request, task, actor):
    extension = _extension(request, task)
    approve = request.POST.get("decision") == "approve"
    extension = services.decide_extension(
        actor, extension, approve=approve, note=request.POST.get("note", "")
    )
    messages.success(request, f"延期申请{extension.get_status_display()}。")


def _act_close(request, task, actor):
    own = _own_assignment(request, task)
    if own is None:
        raise Http404
    form = CloseOutForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_error(request, form)
    services.request_close_out(
        actor, own, summary=form.cleaned_data["summary"], files=form.cleaned_data["files"]
    )
    messages.success(request, "办结申请已提交，等待复核。")


def _act_verify(request, task, actor):
    close_out = get_object_or_404(
        CloseOut.objects.filter(assignment__task=task, status=CloseOut.Status.REQUESTED)
    )
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_error(request, form)
    d = form.cleaned_data
    approve = request.POST.get("decision") == "approve"
    services.verify_close_out(
        actor,
        close_out,
        approve=approve,
        method=d["method"],
        verification=d["verification"],
        reason=d["reason"],
        files=d["files"],
    )
    messages.success(request, services.closeouts.SIGN_OFF_NOTE + "。" if approve else "已退回办结申请。")


def _act_reopen(request, task, actor):
    services.reopen_task(actor, task, reason=request.POST.get("reason", ""))
    messages.success(request, "已重新启动，该任务恢复为推进中。")


def _act_archive(request, task, actor):
    item = get_object_or_404(Item.objects.filter(task=task))
    services.archive_item(actor, item)
    messages.success(request, f"{item.number} 已归档。")


def _act_milestone(request, task, actor):
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form)
    services.add_milestone(actor, task, title=form.cleaned_data["title"], due_on=form.cleaned_data["due_on"])
    messages.success(request, "已新增节点。")


def _act_milestone_done(request, task, actor):
    own = _own_assignment(request, task)
    pk = request.POST.get("milestone", "")
    milestone = get_object_or_404(Milestone.objects.filter(task=task), pk=pk if pk.isdigit() else 0)
    if own is None:
        raise Http404
    form = FilesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_error(request, form)
    services.complete_milestone(
        actor, milestone, own, note=request.POST.get("note", ""), files=form.cleaned_data["files"]
    )
    messages.success(request, "节点已确认完成。")


# op → (roles that may try it, what it does). Scope is checked by the getters and again by the services.
ACTS = {
    "extension": ((LIAISON,), _act_extension),
    "close": ((LIAISON,), _act_close),
    "milestone_done": ((LIAISON,), _act_milestone_done),
    "decide": ((SUPERVISOR, LEADER), _act_decide),
    "verify": ((SUPERVISOR,), _act_verify),
    "reopen": ((SUPERVISOR,), _act_reopen),
    "archive": ((SUPERVISOR,), _act_archive),
    "milestone": ((SUPERVISOR,), _act_milestone),
}


@require_POST
@role_required(SUPERVISOR, LEADER, LIAISON)
def task_act(request: HttpRequest, pk: int, op: str) -> HttpResponse:
    if op not in ACTS:
        raise Http404
    roles, act = ACTS[op]
    if request.user.role not in roles:
        return forbidden(request, reason="该操作不属于本角色")
    task = _visible_task(request, pk)
    if request.user.is_supervisor and not access.allows(request.user, Action.EDIT_PLAN, task.plan):
        raise Http404
    try:
        act(request, task, Actor.from_request(request))
    except services.ServiceError as e:
        messages.error(request, str(e))
    return redirect("items:task", task.pk)


@role_required(SUPERVISOR, LEADER, LIAISON)
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a file to those who may read its task."""
    row = get_object_or_404(
        ItemFile.objects.select_related("close_out__assignment", "milestone", "item"), pk=pk
    )
    task_id = row.task_id_for_access
    if task_id is None or not Task.objects.visible_to(request.user).filter(pk=task_id).exists():
        raise Http404("文件不存在")
    if row.close_out_id and not (
        Assignment.objects.filter(pk=row.close_out.assignment_id).visible_to(request.user).exists()
    ):
        raise Http404("文件不存在")
    return evidence_files.download(row.file, row.original_name)
