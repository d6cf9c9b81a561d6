"""Pages of the documents app: the 通报 editor (supervisors), the 进度台账 download (supervisors and leaders)
and the Excel returns (liaisons of their own unit). Thin: scoped getter, form, one service call."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from luoshi.audit.services import Actor
from luoshi.lib import periods
from luoshi.lib.cndates import cn_period
from luoshi.lib.errors import ServiceError
from luoshi.lib.ids import parse_id
from luoshi.org.permissions import role_required
from luoshi.plans.models import Plan
from luoshi.reports.models import Report
from luoshi.reports.services import current_period

from . import ledger, score_table, services
from .forms import BulletinForm, ReturnUploadForm
from .returns.importing import ReturnsRejected, import_returns
from .returns.reading import MAX_BYTES
from .returns.sheet import return_sheet, sheet_title

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_PERIODS = 3


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _reported_periods(plan: Plan) -> list[str]:
    found = Report.objects.filter(assignment__task__plan=plan).values_list("period", flat=True).distinct()
    return sorted(set(found), reverse=True)


KIND_NAMES = {"discipline": "报送情况通报", "results": "考核结果通报"}


@role_required("supervisor")
@require_http_methods(["GET", "POST"])
def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    """A 通报 generated from the data — `?kind=discipline` (a period's reporting, the default) or
    `?kind=results` (the year's assessment results) — shown as editable text; POST lays the edited text
    out as a .docx in GB/T 9704 layout and downloads it. The attachment tables always come from the data."""
    plan = get_object_or_404(Plan.objects.editable_by(request.user).select_related("deploying_unit"), pk=pk)
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind") or "discipline"
    if kind not in KIND_NAMES:
        raise Http404("通报种类无效")
    context = {
        "plan": plan,
        "kind": kind,
        "kind_name": KIND_NAMES[kind],
        "kinds": KIND_NAMES,
        "periods": _reported_periods(plan) if kind == "discipline" else [],
    }
    try:
        document, covers = services.bulletin_document(plan, kind, data.get("period") or None)
    except ServiceError as error:
        return render(request, "documents/bulletin.html", {**context, "error": error.message})
    headings = [s.heading for s in document.sections]
    if request.method == "POST":
        form = BulletinForm(request.POST, section_headings=headings)
        if form.is_valid():
            edited = form.document(document.attachments)
            out = services.issue_bulletin(Actor.from_request(request), plan, edited, period=covers, kind=kind)
            return _download(out, f"{edited.title}.docx", DOCX)
    else:
        form = BulletinForm(initial=BulletinForm.initial_for(document, covers), section_headings=headings)
    return render(
        request,
        "documents/bulletin.html",
        {
            **context,
            "form": form,
            "period": covers if kind == "discipline" else None,
            "period_label": cn_period(covers) if kind == "discipline" else f"{covers}年度",
            "attachments": document.attachments,
        },
    )


@role_required("supervisor", "leader")
def scores_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's 考核得分表 (self and reviewed scores per indicator, one sheet per scheme) as .xlsx."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    try:
        data = score_table.score_workbook(plan)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("assess:index")
    return _download(data, f"{score_table.scores_title(plan)}.xlsx", XLSX)


@role_required("supervisor", "leader")
def ledger_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The 进度台账 of `?period=` (default: the latest with reports) as .xlsx."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    try:
        period = services.period_or_latest(plan, request.GET.get("period") or None)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("plans:detail", plan.pk)
    return _download(ledger.ledger_workbook(plan, period), f"{ledger.ledger_title(plan, period)}.xlsx", XLSX)


def _recent_periods(plan: Plan) -> list[str]:
    found = [current_period(plan)]
    while len(found) < RECENT_PERIODS:
        found.append(periods.previous(found[-1]))
    return found


@role_required("liaison")
@require_http_methods(["GET", "POST"])
def returns(request: HttpRequest) -> HttpResponse:
    """A liaison's Excel returns: download the unit's sheet for a period, upload it filled in."""
    plans = list(
        Plan.objects.visible_to(request.user).filter(status=Plan.Status.PUBLISHED).order_by("-year", "pk")
    )
    problems, form = None, ReturnUploadForm()
    if request.method == "POST":
        form = ReturnUploadForm(request.POST, request.FILES)
        if form.is_valid():
            plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=form.cleaned_data["plan"])
            upload = form.cleaned_data["file"]
            data = upload.read(MAX_BYTES + 1)  # enough for the size check to refuse a huge file unread
            try:
                done = import_returns(
                    Actor.from_request(request),
                    [(upload.name, data)],
                    period=form.cleaned_data["period"],
                    plan=plan,
                )
            except ReturnsRejected as rejected:
                problems = [str(p) for _, p in rejected.problems]
            except ServiceError as error:
                problems = [error.message]
            else:
                messages.success(
                    request, f"已导入{done.reports}项任务的进度，存为草稿；请到“我的任务”核对后报送。"
                )
                return redirect("documents:returns")
    rows = [{"plan": plan, "periods": [(p, cn_period(p)) for p in _recent_periods(plan)]} for plan in plans]
    return render(request, "documents/returns.html", {"rows": rows, "problems": problems, "form": form})


@role_required("liaison")
def return_sheet_download(request: HttpRequest) -> HttpResponse:
    """The liaison's own unit's return sheet for `?plan=` and `?period=`."""
    plan_id, period = request.GET.get("plan", ""), request.GET.get("period", "")
    if not plan_id.isdigit():
        raise Http404("参数无效")
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=parse_id(plan_id, what="工作部署"))
    if not periods.is_valid(period, plan.period):
        raise Http404("报送周期无效")
    unit = request.user.unit
    return _download(return_sheet(plan, unit, period), f"{sheet_title(plan, unit, period)}.xlsx", XLSX)
