"""Pages of the registers. The risk register lists the risks in the person's scope with their lights; a
risk's page shows what the register adds to its task (area, level, measures) and sends the acts — review
milestones, extensions, close-out with evidence — to the task's 督办 page, the one place they happen.

Thin views: a scoped getter (404 outside the person's scope), a role check (403), a form, one service call.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.audit.services import Actor
from luoshi.items.services import task_light
from luoshi.org.permissions import role_required
from luoshi.plans.models import Assignment

from . import services
from .forms import RepresentativeFilter, RepresentativeForm, RiskFilter, RiskForm, StageForm
from .importing import RepresentativesRejected, import_representatives
from .models import Representative, Risk
from .querysets import filter_representatives, filter_risks, representatives_visible_to, risks_visible_to

SUPERVISOR, LEADER, LIAISON = "supervisor", "leader", "liaison"
LIST_LIMIT = 500


@role_required(SUPERVISOR, LEADER, LIAISON)
def risk_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = RiskFilter(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    risks = list(
        filter_risks(risks_visible_to(request.user), **chosen)
        .select_related("task__plan", "owner_unit")
        .prefetch_related("task__milestones")[:LIST_LIMIT]
    )
    rows = [(risk, task_light(risk.task, risk.task.milestones.all(), today)) for risk in risks]
    counts = {level.label: sum(1 for r in risks if r.level == level) for level in Risk.Level}
    return render(
        request,
        "registers/risk_list.html",
        {
            "rows": rows,
            "filters": filters,
            "counts": counts,
            "limit": LIST_LIMIT if len(risks) == LIST_LIMIT else None,
            "can_register": request.user.is_supervisor,
        },
    )


@role_required(SUPERVISOR)
def risk_new(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    form = RiskForm(request.POST or None, deploying_unit=unit)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            risk = services.register_risk(
                Actor.from_request(request),
                deploying_unit=unit,
                title=d["title"],
                area=d["area"],
                level=d["level"],
                owner_unit=d["owner_unit"],
                co_units=list(d["co_units"]),
                description=d["description"],
                measures=d["measures"],
                resolve_by=d["resolve_by"],
                review_dates=form.review_dates(),
            )
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已登记风险“{risk.title}”，并交办{risk.owner_unit.display_name}。")
            return redirect("registers:risk", risk.pk)
    return render(request, "registers/risk_form.html", {"form": form})


@role_required(SUPERVISOR, LEADER, LIAISON)
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(
        risks_visible_to(request.user).select_related("task__plan", "owner_unit", "deploying_unit"), pk=pk
    )
    task = risk.task
    milestones = list(task.milestones.all())
    assignments = list(
        Assignment.objects.filter(task=task).visible_to(request.user).select_related("unit").order_by("role")
    )
    close_outs = [c for a in assignments for c in a.close_outs.all().order_by("-requested_at")]
    return render(
        request,
        "registers/risk_detail.html",
        {
            "risk": risk,
            "task": task,
            "milestones": milestones,
            "assignments": assignments,
            "close_outs": close_outs,
            "light": task_light(task, milestones, timezone.localdate()),
        },
    )


# --- 党外代表人士 ------------------------------------------------------------------------------------------


@role_required(SUPERVISOR, LEADER)
def representative_list(request: HttpRequest) -> HttpResponse:
    filters = RepresentativeFilter(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    visible = representatives_visible_to(request.user)
    people = list(filter_representatives(visible, **chosen).select_related("unit")[:LIST_LIMIT])
    counts = {s.label: 0 for s in Representative.Stage}
    for stage in visible.values_list("stage", flat=True):
        counts[Representative.Stage(stage).label] += 1
    return render(
        request,
        "registers/representative_list.html",
        {
            "people": people,
            "filters": filters,
            "counts": counts,
            "limit": LIST_LIMIT if len(people) == LIST_LIMIT else None,
            "can_manage": request.user.is_supervisor,
        },
    )


@role_required(SUPERVISOR)
def representative_new(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    form = RepresentativeForm(request.POST or None, deploying_unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.add_representative(
                Actor.from_request(request), deploying_unit=unit, **form.cleaned_data
            )
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已登记{person.name}。")
            return redirect("registers:representative", person.pk)
    return render(request, "registers/representative_form.html", {"form": form})


def _person(request: HttpRequest, pk: int) -> Representative:
    return get_object_or_404(representatives_visible_to(request.user).select_related("unit"), pk=pk)


def _next(person: Representative) -> str:
    """The stage a person usually moves to next (the form's first choice): 储备 → 培养 → 使用 → 退出."""
    stages = list(Representative.Stage.values)
    return stages[min(stages.index(person.stage) + 1, len(stages) - 1)]


def _person_page(request: HttpRequest, person: Representative, *, full=None, stage_form=None):
    return render(
        request,
        "registers/representative_detail.html",
        {
            "person": person,
            "history": person.stage_changes.select_related("by"),
            "full": full,
            "can_manage": request.user.is_supervisor,
            "stage_form": stage_form
            or StageForm(initial={"on": timezone.localdate(), "stage": _next(person)}),
        },
    )


@role_required(SUPERVISOR, LEADER)
def representative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, _person(request, pk))


@require_POST
@role_required(SUPERVISOR)
def representative_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The full phone and ID number, shown once on this response (never a GET, never cached); audited."""
    person = _person(request, pk)
    full = services.reveal_personal_data(Actor.from_request(request), person)
    response = _person_page(request, person, full=full)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(SUPERVISOR)
def representative_stage(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.change_stage(Actor.from_request(request), person, **form.cleaned_data)
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "已调整队伍阶段。")
            return redirect("registers:representative", person.pk)
    return _person_page(request, person, stage_form=form)


@role_required(SUPERVISOR)
def representative_import(request: HttpRequest) -> HttpResponse:
    """Upload the register as Excel: all rows or none, every problem listed by row."""
    problems, error = [], ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要导入的 Excel 文件。"
        else:
            try:
                count = import_representatives(
                    Actor.from_request(request),
                    deploying_unit=request.user.unit,
                    data=upload.read(),
                    filename=upload.name,
                )
            except RepresentativesRejected as e:
                error, problems = e.message, e.problems
            except services.ServiceError as e:
                error = e.message
            else:
                messages.success(request, f"已导入{count}人。")
                return redirect("registers:representatives")
    return render(request, "registers/representative_import.html", {"problems": problems, "error": error})
