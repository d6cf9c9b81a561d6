"""The liaison's work pages (我的任务, 签收, 填报) and the supervisor's review queue (审核).

Every object is fetched through a scoping queryset (`workable_by`, `visible_to`, `reviewable_by`), so
another unit's assignment or report is a 404; the role decorator turns a wrong role away with 403.
Writes go only through `luoshi.plans.services` and `luoshi.reports.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.audit.services import Actor
from luoshi.core.templatetags.luoshi import cn_datetime
from luoshi.lib.cndates import cn_period
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit, User
from luoshi.org.permissions import role_required
from luoshi.plans import services as plan_services
from luoshi.plans.models import Assignment, Plan
from luoshi.plans.progress.explain import counting_nodes, explain_assignment

from . import collaboration, evidence_files, queries, services
from .evidence_types import ALLOWED_TEXT, max_size_text
from .forms import AcknowledgeForm, QueueFilterForm, ReportForm, ReturnForm, ReviewedFilterForm
from .models import Evidence, InputRequest, Report

SUPERVISOR, LIAISON, LEADER = User.Role.SUPERVISOR, User.Role.LIAISON, User.Role.LEADER
Status = Report.Status

# --- helpers ----------------------------------------------------------------------------------------------


def describe(report: Report) -> str:
    """“江岸区 · 1.2 深化凝心工程 · 2025年3月”, for messages."""
    task = report.assignment.task
    return f"{report.assignment.unit.display_name}“{task.code} {task.title}”{cn_period(report.period)}"


# --- 我的任务 ----------------------------------------------------------------------------------------------


@role_required(LIAISON)
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The liaison's own unit's assignments in published plans, by plan then task code (see queries)."""
    today = timezone.localdate()
    tasks = queries.my_task_rows(request.user, today, request.GET.get("filter", ""))
    return render(
        request,
        "reports/my_tasks.html",
        {
            "rows": tasks.rows,
            "groups": queries.display_groups(tasks.rows),
            "tabs": tasks.tabs,
            "current": tasks.current,
            "today": today,
            "unit": request.user.unit,
        },
    )


# --- 交办详情与签收 ------------------------------------------------------------------------------------------


def _workable_assignment(request: HttpRequest, pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.workable_by(request.user).select_related(
            "task__plan__deploying_unit", "task__parent", "unit", "acknowledged_by"
        ),
        pk=pk,
    )


@role_required(LIAISON, SUPERVISOR, LEADER)
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Task text, targets, the other units on it, the unit's report history and the 签收 panel. A
    supervisor or leader who may read the assignment (a reviewer following an old link) reads it as the
    unit's row of the task page, with its reports."""
    if not request.user.is_liaison:
        assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
        return redirect(reverse("plans:task", args=[assignment.task_id]) + f"#assignment-{assignment.pk}")
    assignment = _workable_assignment(request, pk)
    return render(
        request,
        "reports/assignment.html",
        _assignment_context(request.user, assignment, _ack_form(assignment)),
    )


def _ack_form(assignment: Assignment) -> AcknowledgeForm:
    """An unbound 签收 form, holding the current person and phone once acknowledged (to change them)."""
    return AcknowledgeForm(
        initial={
            "responsible_person": assignment.responsible_person,
            "responsible_phone": assignment.responsible_phone,
        }
    )


def _assignment_context(user: User, assignment: Assignment, ack_form: AcknowledgeForm) -> dict:
    task = assignment.task
    history = (
        assignment.reports.select_related("submitted_by", "reviewed_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by("-period", "-version")
    )
    units = task.assignments.select_related("unit").order_by("role", "unit__order", "unit_id")
    period = services.current_period(task.plan)
    return {
        "assignment": assignment,
        "task": task,
        "plan": task.plan,
        "targets": task.targets.all(),
        "lead_units": [a.unit for a in units if a.role == Assignment.Role.LEAD],
        "co_units": [a.unit for a in units if a.role == Assignment.Role.CO],
        "history": history,
        "draft": next((r for r in history if r.status == Status.DRAFT), None),
        # The latest decided version, when it was returned: 修改重报 reopens its period.
        "returned": next((r for r in history if r.status != Status.DRAFT), None),
        # This period already reported (awaiting review or accepted): nothing to fill in until the next one.
        "period_reported": next(
            (r for r in history if r.period == period and r.status in (Status.SUBMITTED, Status.ACCEPTED)),
            None,
        ),
        "ack_form": ack_form,
        # 左右协同: the other units' reports on this task the policy lets this unit read, and the requests
        "partner_reports": _partner_reports(user, assignment),
        "co_assignments": [a for a in units if a.role == Assignment.Role.CO]
        if assignment.role == Assignment.Role.LEAD
        else [],
        "requests_made": assignment.input_requests_made.select_related("asked__unit", "answered_by"),
        "requests_received": assignment.input_requests.select_related("asking__unit", "asked_by"),
        # Why the light is what it is, by the one rule, with the progress expected by today.
        "explanation": explain_assignment(
            assignment,
            task.plan,
            task.status,
            timezone.localdate(),
            counting_nodes([assignment]).get(assignment.pk),
            final=task.recurring_final,
        ),
    }


def _partner_reports(user: User, assignment: Assignment) -> list[Report]:
    """The latest report of each other unit on the assignment's task that the policy lets `user` read
    (左右协同: the task's lead and co units), in unit order."""
    user_reports = (
        Report.objects.visible_to(user)
        .filter(assignment__task_id=assignment.task_id)
        .exclude(assignment=assignment)
    )
    latest: dict[int, Report] = {}
    for r in (
        user_reports.exclude(status=Status.DRAFT)
        .select_related("assignment__unit")
        .order_by("assignment__unit__order", "-period", "-version")
    ):
        latest.setdefault(r.assignment_id, r)
    return list(latest.values())


@role_required(LIAISON)
@require_POST
def input_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead unit asks a co unit of the task for its input."""
    assignment = _workable_assignment(request, pk)
    asked = Assignment.objects.filter(task_id=assignment.task_id, pk=request.POST.get("asked")).first()
    if asked is None:
        messages.error(request, "请选择本任务的配合单位。")
    else:
        try:
            collaboration.ask_input(
                Actor.from_request(request), assignment, asked, question=request.POST.get("question", "")
            )
        except services.ServiceError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"已向{asked.unit.display_name}征求意见。")
    return redirect(reverse("reports:assignment", args=[assignment.pk]) + "#collaboration")


@role_required(LIAISON)
@require_POST
def input_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The co unit answers a request made to it."""
    input_request = get_object_or_404(
        InputRequest.objects.filter(asked__in=Assignment.objects.workable_by(request.user)), pk=pk
    )
    try:
        collaboration.answer_input(
            Actor.from_request(request), input_request, answer=request.POST.get("answer", "")
        )
    except services.ServiceError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "已答复。")
    return redirect(reverse("reports:assignment", args=[input_request.asked_id]) + "#collaboration")


@role_required(LIAISON)
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """签收 with the responsible person; with htmx only the panel is swapped."""
    assignment = _workable_assignment(request, pk)
    form = AcknowledgeForm(request.POST)
    first = not assignment.is_acknowledged
    done = False
    if form.is_valid():
        try:
            assignment = plan_services.acknowledge(
                Actor.from_request(request), assignment, **form.cleaned_data
            )
        except plan_services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            done = True
            form = _ack_form(assignment)
    if request.htmx:
        # The panel is swapped; on the first 签收 the 填报 button appears too (out-of-band swap).
        return render(
            request,
            "reports/_acknowledge_swap.html",
            {"assignment": assignment, "ack_form": form, "just_acknowledged": done, "oob": done and first},
        )
    if done:
        messages.success(request, "已签收。" if first else "已更新责任人。")
        return redirect("reports:assignment", pk=assignment.pk)
    return render(request, "reports/assignment.html", _assignment_context(request.user, assignment, form))


# --- 填报 -------------------------------------------------------------------------------------------------


@role_required(LIAISON)
def report_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the draft for the current period (creating it), or — with `period` naming a period whose latest
    version was returned — a new version of that returned report, so 修改重报 reworks what was returned."""
    assignment = _workable_assignment(request, pk)
    if request.method != "POST":
        # Starting a draft is a write; a plain visit shows the assignment with its 填报 button.
        return redirect("reports:assignment", pk=assignment.pk)
    period = request.POST.get("period") or None
    if period is not None:
        latest = assignment.reports.filter(period=period).order_by("-version").first()
        if latest is None or latest.status not in (Status.RETURNED, Status.DRAFT):
            period = None  # only a returned period may be reopened; otherwise report for the current one
    try:
        report = services.start_report(Actor.from_request(request), assignment, period=period)
    except services.ServiceError as e:
        messages.error(request, str(e))
        return redirect("reports:assignment", pk=assignment.pk)
    return redirect("reports:report_edit", pk=report.pk)


def _editor_context(report: Report, form: ReportForm, **extra) -> dict:
    assignment = report.assignment
    previous = (
        Report.objects.filter(assignment=assignment)
        .exclude(pk=report.pk)
        .exclude(status=Status.DRAFT)
        .order_by("-period", "-version")
    )
    returned = next((r for r in previous if r.period == report.period and r.status == Status.RETURNED), None)
    return {
        "report": report,
        "assignment": assignment,
        "task": assignment.task,
        "form": form,
        "evidence": report.evidence.all(),
        "previous": previous,
        "returned": returned,
        "max_size": max_size_text(),
        "allowed_types": ALLOWED_TEXT,
        **extra,
    }


@role_required(LIAISON)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft editor: 保存草稿 saves; 报送 saves then submits. Files are checked before anything is stored."""
    report = get_object_or_404(
        Report.objects.workable_by(request.user).select_related("assignment__task__plan", "assignment__unit"),
        pk=pk,
    )
    if not report.is_editable:
        messages.info(request, f"该版本{report.get_status_display()}，不能再修改。")
        return redirect("reports:report_review", pk=report.pk)
    targets = list(report.assignment.task.targets.all())

    if request.method != "POST":
        initial = {"narrative": report.narrative, "percent": report.percent, "revision": report.revision}
        for value in report.values.all():
            initial[f"target_{value.target_id}"] = f"{value.actual_value.normalize():f}"  # 80, never 8E+1
        form = ReportForm(initial=initial, targets=targets)
        return render(request, "reports/report_edit.html", _editor_context(report, form))

    form = ReportForm(request.POST, request.FILES, targets=targets)
    actor = Actor.from_request(request)
    if not form.is_valid():
        return render(request, "reports/report_edit.html", _editor_context(report, form))
    data = form.cleaned_data
    try:
        # One act: the text and every file are saved together, or nothing is (files included).
        with evidence_files.atomic():
            report = services.save_draft(
                actor,
                report,
                revision=data["revision"],
                narrative=data["narrative"],
                percent=data["percent"],
                values=form.values(),
            )
            for upload in data["uploads"]:
                services.add_evidence(actor, report, upload)
    except services.ServiceError as e:
        return _editor_refused(request, report, form, str(e))

    if request.POST.get("action") != "submit":
        added = f"，上传佐证材料 {len(data['uploads'])} 个" if data["uploads"] else ""
        messages.success(request, f"草稿已保存{added}。")
        return redirect("reports:report_edit", pk=report.pk)
    try:
        services.submit_report(actor, report, revision=report.revision)
    except services.ServiceError as e:
        # The draft is saved; only the submission was refused, so the editor shows the saved text.
        messages.error(request, f"草稿已保存，但未能报送：{e}")
        return redirect("reports:report_edit", pk=report.pk)
    messages.success(request, f"已报送{cn_period(report.period)}进度，等待督办员审核。")
    return redirect("reports:assignment", pk=report.assignment_id)


def _editor_refused(request: HttpRequest, report: Report, form: ReportForm, message: str) -> HttpResponse:
    """Show a refused save with the person's own text still in the form.

    When someone else saved in between, the stored version is shown beside the form and the form takes the
    stored revision, so saving again replaces it knowingly rather than silently."""
    stored = Report.objects.get(pk=report.pk)
    conflict = stored.revision != form.cleaned_data.get("revision")
    if conflict:
        message = f"未保存：您编辑期间，此草稿已被他人保存（{cn_datetime(stored.updated_at)}）。"
    form.add_error(None, message)
    if conflict:
        data = form.data.copy()
        data["revision"] = str(stored.revision)
        form.data = data
    return render(
        request,
        "reports/report_edit.html",
        _editor_context(stored, form, conflict=stored if conflict else None),
    )


@role_required(LIAISON)
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence.objects.filter(report__in=Report.objects.workable_by(request.user)).select_related("report"),
        pk=pk,
    )
    report = evidence.report
    try:
        services.remove_evidence(Actor.from_request(request), evidence)
    except services.ServiceError as e:
        messages.error(request, str(e))
    else:
        if not request.htmx:
            messages.success(request, f"已删除“{evidence.original_name}”。")
    if request.htmx:
        return render(
            request,
            "reports/_evidence_list.html",
            {"report": report, "evidence": report.evidence.all(), "editable": report.is_editable},
        )
    return redirect("reports:report_edit", pk=report.pk)


@role_required(SUPERVISOR, LIAISON, LEADER)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an evidence file as an attachment under its original name, only to those who may read it."""
    evidence = get_object_or_404(
        Evidence.objects.filter(report__in=Report.objects.visible_to(request.user)), pk=pk
    )
    return evidence_files.download(evidence.file, evidence.original_name)


# --- 审核 -------------------------------------------------------------------------------------------------


@role_required(SUPERVISOR)
def review_queue(request: HttpRequest) -> HttpResponse:
    """Submitted reports of plans the supervisor's unit deployed, oldest first."""
    waiting = Report.objects.reviewable_by(request.user).filter(status=Status.SUBMITTED)
    plans = Plan.objects.editable_by(request.user).exclude(status=Plan.Status.DRAFT)
    units = Unit.objects.filter(assignments__reports__in=waiting).distinct()
    form = QueueFilterForm(request.GET or None, plans=plans, units=units)
    reports = waiting.select_related("assignment__unit", "assignment__task__plan", "submitted_by")
    if form.is_bound and form.is_valid():
        if form.cleaned_data["plan"]:
            reports = reports.filter(assignment__task__plan_id=form.cleaned_data["plan"])
        if form.cleaned_data["unit"]:
            reports = reports.filter(assignment__unit_id=form.cleaned_data["unit"])
    reports = reports.order_by("submitted_at", "id")
    return render(request, "reports/review_queue.html", {"reports": reports, "form": form})


REVIEWED_PER_PAGE = 50


@role_required(SUPERVISOR)
def reviewed_list(request: HttpRequest) -> HttpResponse:
    """Reports the supervisor's unit has decided (采纳 or 退回), newest decision first, filtered by unit,
    period, decision and reviewer: a report that left the queue can be found again. A fixed number of
    queries (the filter choices, one page of rows, the count)."""
    reviewed = Report.objects.reviewable_by(request.user).filter(
        status__in=(Status.ACCEPTED, Status.RETURNED)
    )
    form = ReviewedFilterForm(
        request.GET or None,
        units=Unit.objects.filter(assignments__reports__in=reviewed).distinct().official_order(),
        periods=reviewed.order_by("-period").values_list("period", flat=True).distinct(),
        reviewers=User.objects.filter(pk__in=reviewed.values("reviewed_by")).order_by("username"),
    )
    reports = reviewed
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            reports = reports.filter(assignment__unit_id=data["unit"])
        if data["period"]:
            reports = reports.filter(period=data["period"])
        if data["status"]:
            reports = reports.filter(status=data["status"])
        if data["reviewer"]:
            reports = reports.filter(reviewed_by_id=data["reviewer"])
    page = Paginator(
        reports.select_related("assignment__unit", "assignment__task", "reviewed_by").order_by(
            "-reviewed_at", "-id"
        ),
        REVIEWED_PER_PAGE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/reviewed_list.html",
        {"page": page, "form": form, "query": query.urlencode()},
    )


def _review_context(request: HttpRequest, report: Report, return_form: ReturnForm) -> dict:
    task = report.assignment.task
    values = {v.target_id: v.actual_value for v in report.values.all()}
    rows = [(t, values.get(t.pk)) for t in task.targets.all()]
    previous = (
        Report.objects.visible_to(request.user).filter(assignment=report.assignment_id).exclude(pk=report.pk)
    )
    return {
        "report": report,
        "assignment": report.assignment,
        "task": task,
        "value_rows": rows,
        "evidence": report.evidence.all(),
        "previous": previous.select_related("reviewed_by").order_by("-period", "-version"),
        # 左右协同: on a lead unit's report, what the co units reported for the same period
        "co_reports": Report.objects.visible_to(request.user)
        .filter(assignment__task=task, period=report.period, assignment__role=Assignment.Role.CO)
        .exclude(status=Status.DRAFT)
        .select_related("assignment__unit")
        .order_by("assignment__unit__order", "-version")
        if report.assignment.role == Assignment.Role.LEAD
        else [],
        "can_review": report.status == Status.SUBMITTED
        and access.allows(request.user, Action.REVIEW_REPORT, report),
        "return_form": return_form,
    }


def _report_for_review(request: HttpRequest, pk: int, queryset: QuerySet[Report]) -> Report:
    return get_object_or_404(
        queryset.select_related(
            "assignment__task__plan", "assignment__unit", "submitted_by", "reviewed_by", "created_by"
        ),
        pk=pk,
    )


@role_required(SUPERVISOR, LIAISON, LEADER)
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One report with values against targets, evidence and earlier versions; buttons for the supervisor."""
    report = _report_for_review(request, pk, Report.objects.visible_to(request.user))
    return render(request, "reports/report_review.html", _review_context(request, report, ReturnForm()))


@role_required(SUPERVISOR)
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_review(request, pk, Report.objects.reviewable_by(request.user))
    try:
        services.accept_report(Actor.from_request(request), report)
    except services.ServiceError as e:
        messages.error(request, str(e))
        return redirect("reports:report_review", pk=report.pk)
    messages.success(request, f"已采纳{describe(report)}的进度报送。")
    return redirect("reports:review_queue")


@role_required(SUPERVISOR)
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for_review(request, pk, Report.objects.reviewable_by(request.user))
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_report(Actor.from_request(request), report, reason=form.cleaned_data["reason"])
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已退回{describe(report)}的进度报送。")
            return redirect("reports:review_queue")
    return render(request, "reports/report_review.html", _review_context(request, report, form))
