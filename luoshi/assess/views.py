"""Assessment pages: schemes (define, publish, revise, move the flow), the ranking with its charts, a
unit's score sheet (self-assessment, review, appeals, drill-down) and the brand wall.

Every object comes through a scoped queryset (`queries.*_visible_to`, `*_managed_by`), so another deploying
unit's scheme or another unit's assessment is a 404; the role decorator turns a wrong role away with 403.
Writes go only through `luoshi.assess.services`; a refusal comes back as its Chinese message.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.lib.ids import parse_int
from luoshi.lib.text import clean_text
from luoshi.org.models import Unit, User
from luoshi.org.permissions import role_required
from luoshi.plans.models import Assignment, Plan, Task

from . import queries, scoring, services
from .models import Appeal, Assessment, Indicator, Level, Scheme, ScoreLine

SUPERVISOR, LIAISON, LEADER = User.Role.SUPERVISOR, User.Role.LIAISON, User.Role.LEADER
UNIT_KINDS = [(k, label) for k, label in Unit.Kind.choices if k not in ("department",)]


def _act(request: HttpRequest, done: str, act, *args, **kwargs):
    """Run one service call; its refusal becomes an error message on the page the person came from."""
    try:
        result = act(Actor.from_request(request), *args, **kwargs)
    except ServiceError as e:
        messages.error(request, str(e))
        return None
    messages.success(request, done)
    return result or True


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _document(request: HttpRequest) -> dict:
    """The formal document a bonus or a brand's recognition rests on, as the form posts it."""
    return {
        "title": _field(request, "title"),
        "number": _field(request, "number"),
        "issuer": _field(request, "issuer"),
        "level": _field(request, "level"),
        "issued_on": _date(_field(request, "issued_on")),
        "file": request.FILES.get("file"),
    }


def _field(request: HttpRequest, name: str) -> str:
    """A posted value through the text normaliser (luoshi.lib.text), as every typed text is stored."""
    return clean_text(request.POST.get(name, ""))


def _pk(request: HttpRequest, name: str) -> int:
    value = _field(request, name)
    if not value.isdigit():
        raise Http404("参数无效")
    return parse_int(value, what="参数")


# --- 考核方案 ---------------------------------------------------------------------------------------------


@role_required(SUPERVISOR, LEADER, LIAISON)
def index(request: HttpRequest) -> HttpResponse:
    """Schemes in scope by plan (the office and leaders); a liaison's own unit's assessments."""
    context = {
        "schemes": queries.schemes_visible_to(request.user)
        .exclude(status=Scheme.Status.SUPERSEDED)
        .order_by("-year", "plan_id", "unit_kind", "-version"),
        "assessments": queries.assessments_visible_to(request.user).filter(
            scheme__status=Scheme.Status.PUBLISHED
        )
        if request.user.is_liaison
        else [],
        "kinds": UNIT_KINDS,
    }
    if request.user.is_supervisor:
        context["plans"] = Plan.objects.editable_by(request.user).exclude(status=Plan.Status.ARCHIVED)
    return render(request, "assess/index.html", context)


@role_required(SUPERVISOR)
@require_POST
def scheme_create(request: HttpRequest) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.editable_by(request.user), pk=_pk(request, "plan"))
    scheme = _act(
        request,
        "已新建考核方案，请添加指标后发布。",
        services.create_scheme,
        plan,
        unit_kind=_field(request, "unit_kind"),
        title=_field(request, "title"),
    )
    return redirect("assess:scheme", pk=scheme.pk) if scheme else redirect("assess:index")


@role_required(SUPERVISOR, LEADER)
def scheme(request: HttpRequest, pk: int) -> HttpResponse:
    """A scheme: its numbers, indicator tree, veto list, versions and where the flow stands."""
    scheme = get_object_or_404(queries.schemes_visible_to(request.user), pk=pk)
    rows = list(scheme.indicators.all())
    parents = {r.parent_id for r in rows}
    versions = []
    cursor = scheme
    while cursor is not None:
        versions.append(cursor)
        cursor = cursor.previous
    newer = Scheme.objects.filter(previous=scheme).first()
    manage = request.user.is_supervisor
    context = {
        "scheme": scheme,
        "rows": rows,
        "parents": parents,
        "versions": versions,
        "newer": newer,
        "manage": manage,
        "veto_items": scheme.veto_items.all(),
        "first_level": [r for r in rows if r.parent_id is None],
        "methods": Indicator.Method.choices,
        "measures": Indicator.Measure.choices,
        "phases": Indicator.Phase.choices,
        "levels": Level.choices,
        "next_stage": _next_stage(scheme),
        "assessments": scheme.assessments.select_related("unit"),
        "deduction_rows": [r for r in rows if r.method == Indicator.Method.DEDUCTION and r.pk not in parents],
        "rated_rows": [r for r in rows if r.method in ("entered", "evaluators") and r.pk not in parents],
        "bonuses": scheme.bonuses.select_related("unit", "document").order_by("unit__order", "id"),
        "findings": [
            f for item in scheme.veto_items.prefetch_related("findings__unit") for f in item.findings.all()
        ],
        "today": timezone.localdate(),
        "report_due_days": settings.REPORT_DUE_DAYS,
        "publish_deadline": services.publish_deadline(scheme)
        if scheme.status == Scheme.Status.DRAFT
        else None,
    }
    return render(request, "assess/scheme.html", context)


def _next_stage(scheme: Scheme):
    order = list(Scheme.Stage)
    i = order.index(Scheme.Stage(scheme.stage))
    return order[i + 1] if i + 1 < len(order) else None


SCHEME_OPS = {"indicator", "veto", "publish", "revise", "recompute", "advance"}


@role_required(SUPERVISOR)
@require_POST
def scheme_edit(request: HttpRequest, pk: int, op: str) -> HttpResponse:
    """One act on a scheme, named by `op`."""
    if op not in SCHEME_OPS:
        raise Http404("未知操作")
    scheme = get_object_or_404(queries.schemes_managed_by(request.user), pk=pk)
    if op == "indicator":
        parent = None
        if _field(request, "parent"):
            parent = get_object_or_404(scheme.indicators, pk=_pk(request, "parent"))
        _act(
            request,
            "已添加指标。",
            services.add_indicator,
            scheme,
            name=_field(request, "name"),
            points_value=_field(request, "points"),
            parent=parent,
            office=_field(request, "office"),
            phase=_field(request, "phase"),
            method=_field(request, "method"),
            measure=_field(request, "measure"),
            deduction_cap=_field(request, "deduction_cap") or None,
            rule=_field(request, "rule"),
        )
    elif op == "veto":
        _act(
            request,
            "已添加一票否决事项。",
            services.add_veto_item,
            scheme,
            title=_field(request, "title"),
            basis=_field(request, "basis"),
        )
    elif op == "publish":
        _act(request, "方案已发布并冻结，各单位可以开始自评。", services.publish_scheme, scheme)
    elif op == "revise":
        new = _act(
            request,
            "已生成修订版本，请修改后发布。",
            services.revise_scheme,
            scheme,
            reason=_field(request, "reason"),
        )
        if new:
            return redirect("assess:scheme", pk=new.pk)
    elif op == "recompute":
        _act(request, "已按最新工作数据重新计算得分。", services.recompute_scores, scheme)
    else:
        _act(request, "已转入下一环节。", services.advance, scheme, _field(request, "to"))
    return redirect("assess:scheme", pk=scheme.pk)


REGISTER = {"bonus", "deduction", "rating", "veto"}


@role_required(SUPERVISOR)
@require_POST
def register(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """The bonus and deduction register, ratings and 一票否决 findings of a scheme."""
    if what not in REGISTER:
        raise Http404("未知操作")
    scheme = get_object_or_404(queries.schemes_managed_by(request.user), pk=pk)
    unit = get_object_or_404(
        Unit.objects.filter(pk__in=scheme.assessments.values("unit_id")), pk=_pk(request, "unit")
    )
    if what == "bonus":
        _act(
            request,
            "已登记加分。",
            services.claim_bonus,
            scheme,
            unit,
            achievement=_field(request, "achievement"),
            **_document(request),
        )
    elif what == "veto":
        item = get_object_or_404(scheme.veto_items, pk=_pk(request, "item"))
        _act(request, "已认定一票否决。", services.find_veto, item, unit, facts=_field(request, "facts"))
    else:
        indicator = get_object_or_404(scheme.indicators, pk=_pk(request, "indicator"))
        if what == "deduction":
            _act(
                request,
                "已登记扣分。",
                services.add_deduction,
                indicator,
                unit,
                points_value=_field(request, "points"),
                reason=_field(request, "reason"),
                basis=_field(request, "basis"),
            )
        else:
            _act(
                request,
                "已登记评分。",
                services.rate,
                indicator,
                unit,
                evaluator=_field(request, "evaluator"),
                score=_field(request, "score"),
                reason=_field(request, "reason"),
            )
    return redirect("assess:scheme", pk=scheme.pk)


# --- 排名与看板 --------------------------------------------------------------------------------------------


@role_required(SUPERVISOR, LEADER)
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking with its charts: scores, the units × task lines heat map and the monthly trend; every
    chart has its table beside it."""
    scheme = get_object_or_404(queries.schemes_visible_to(request.user), pk=pk)
    as_of = scoring.default_as_of(scheme)
    rows = scoring.ranking(scheme)
    heat = queries.heatmap(scheme)
    trend = queries.monthly_trend(scheme, as_of)
    chart = {
        "ranking": {"labels": [r.unit.display_name for r in rows], "totals": [float(r.total) for r in rows]},
        "heat": {
            "units": [r["unit"].display_name for r in heat["rows"]],
            "lines": [f"{line['code']} {line['title']}" for line in heat["lines"]],
            "cells": [
                [j, i, v]
                for i, r in enumerate(heat["rows"])
                for j, v in enumerate(r["cells"])
                if v is not None
            ],
        },
        "trend": {"months": [t["month"] for t in trend], "mean": [t["mean"] for t in trend]},
    }
    context = {"scheme": scheme, "rows": rows, "heat": heat, "trend": trend, "chart": chart, "as_of": as_of}
    return render(request, "assess/ranking.html", context)


# --- 单位得分 ----------------------------------------------------------------------------------------------


def _visible_assessment(request: HttpRequest, pk: int) -> Assessment:
    return get_object_or_404(queries.assessments_visible_to(request.user), pk=pk)


@role_required(SUPERVISOR, LEADER, LIAISON)
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit's score sheet and profile: each row's computed, self, reviewed and final score with what
    lies behind it; bonuses, veto findings, appeals; lights and lateness month by month."""
    assessment = _visible_assessment(request, pk)
    scheme = assessment.scheme
    lines = list(assessment.lines.select_related("indicator__parent").prefetch_related("appeals"))
    as_of = scoring.default_as_of(scheme)
    standing = next((r for r in scoring.ranking(scheme) if r.assessment_id == assessment.pk), None)
    profile = queries.profile(scheme, assessment, as_of)
    trend = queries.monthly_trend(scheme, as_of, [assessment.unit_id])
    for month, point in zip(profile, trend, strict=True):
        month["score"] = point["units"].get(assessment.unit_id)
    user = request.user
    in_publicity = scheme.stage == Scheme.Stage.PUBLICITY and (
        scheme.publicity_ends_on is None or timezone.localdate() <= scheme.publicity_ends_on
    )
    context = {
        "assessment": assessment,
        "scheme": scheme,
        "lines": lines,
        "standing": standing,
        "profile": profile,
        "bonuses": scheme.bonuses.filter(unit=assessment.unit).select_related("document"),
        "findings": [
            f
            for item in scheme.veto_items.prefetch_related("findings")
            for f in item.findings.all()
            if f.unit_id == assessment.unit_id
        ],
        "may_self": user.is_liaison
        and scheme.stage == Scheme.Stage.SELF
        and not assessment.self_submitted_at
        and scheme.status == Scheme.Status.PUBLISHED,
        "may_review": user.is_supervisor
        and scheme.stage == Scheme.Stage.REVIEW
        and scheme.status == Scheme.Status.PUBLISHED,
        "may_appeal": user.is_liaison and in_publicity,
        "may_answer": user.is_supervisor,
        "chart": {
            "months": [p["month"] for p in profile],
            "green": [p["green"] for p in profile],
            "yellow": [p["yellow"] for p in profile],
            "red": [p["red"] for p in profile],
            "late": [p["late"] for p in profile],
            "missing": [p["missing"] for p in profile],
            "score": [p["score"] for p in profile],
        },
    }
    return render(request, "assess/unit.html", context)


@role_required(LIAISON)
@require_POST
def self_assess(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible_assessment(request, pk)
    scores, evidence = {}, {}
    for line in assessment.lines.all():
        key = f"line-{line.indicator_id}"
        if key in request.POST:
            scores[line.indicator_id] = (
                _field(request, key),
                _field(request, f"note-{line.indicator_id}"),
            )
        if f"file-{line.indicator_id}" in request.FILES:
            evidence[line.indicator_id] = request.FILES[f"file-{line.indicator_id}"]
    revision = _field(request, "revision")
    submit = "submit" in request.POST
    _act(
        request,
        "自评已提交，等待考核科室审核。" if submit else "自评已保存。",
        services.self_assess,
        assessment,
        scores,
        revision=int(revision) if revision.isdigit() else -1,
        submit=submit,
        evidence=evidence,
    )
    return redirect("assess:unit", pk=assessment.pk)


def _visible_line(request: HttpRequest, pk: int) -> ScoreLine:
    return get_object_or_404(
        ScoreLine.objects.filter(assessment__in=queries.assessments_visible_to(request.user)).select_related(
            "assessment__scheme", "indicator"
        ),
        pk=pk,
    )


@role_required(SUPERVISOR)
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    line = _visible_line(request, pk)
    revision = _field(request, "revision")
    _act(
        request,
        f"已审核“{line.indicator.name}”。",
        services.review_line,
        line,
        score=_field(request, "score"),
        reason=_field(request, "reason"),
        revision=int(revision) if revision.isdigit() else -1,
    )
    return redirect("assess:unit", pk=line.assessment_id)


@role_required(LIAISON)
@require_POST
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    line = _visible_line(request, pk)
    _act(request, "复核申请已提交。", services.file_appeal, line, reason=_field(request, "reason"))
    return redirect("assess:unit", pk=line.assessment_id)


@role_required(SUPERVISOR)
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        Appeal.objects.filter(
            line__assessment__in=queries.assessments_visible_to(request.user)
        ).select_related("line__assessment__scheme"),
        pk=pk,
    )
    _act(
        request,
        "已答复复核申请。",
        services.answer_appeal,
        row,
        answer=_field(request, "answer"),
        score=_field(request, "score") or None,
    )
    return redirect("assess:unit", pk=row.line.assessment_id)


# --- 品牌 --------------------------------------------------------------------------------------------------


@role_required(SUPERVISOR, LEADER, LIAISON)
def brands(request: HttpRequest) -> HttpResponse:
    """The brand wall per plan and year; a liaison also sees its highlight tasks to put forward."""
    wall = queries.brands_visible_to(request.user).order_by(
        "-task__plan__year", "task__plan_id", "unit__order", "id"
    )
    nominable = []
    if request.user.is_liaison:
        nominable = (
            Assignment.objects.workable_by(request.user)
            .filter(task__tier=Task.Tier.HIGHLIGHT)
            .select_related("task__plan")
            .order_by("task__plan_id", "task__position")
        )
    schemes = queries.schemes_managed_by(request.user).filter(status=Scheme.Status.PUBLISHED)
    groups: dict = {}
    for brand in wall:
        groups.setdefault((brand.task.plan.year, brand.task.plan.title), []).append(brand)
    return render(
        request,
        "assess/brands.html",
        {
            "groups": groups,
            "nominable": nominable,
            "schemes": schemes,
            "levels": Level.choices,
            "manage": request.user.is_supervisor,
        },
    )


@role_required(LIAISON, SUPERVISOR)
@require_POST
def brand_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
    _act(
        request,
        "已推荐为品牌候选。",
        services.nominate_brand,
        assignment,
        name=_field(request, "name"),
        outcome=_field(request, "outcome"),
    )
    return redirect("assess:brands")


@role_required(SUPERVISOR)
@require_POST
def brand_act(request: HttpRequest, pk: int, op: str) -> HttpResponse:
    brand = get_object_or_404(queries.brands_visible_to(request.user), pk=pk)
    if op == "review":
        _act(
            request,
            "已审核。",
            services.review_brand,
            brand,
            accept=_field(request, "accept") == "1",
            note=_field(request, "note"),
        )
    elif op == "recognise":
        scheme = get_object_or_404(queries.schemes_managed_by(request.user), pk=_pk(request, "scheme"))
        _act(
            request,
            "已登记认定并计入加分。",
            services.recognise_brand,
            brand,
            scheme,
            **_document(request),
        )
    else:
        raise Http404("未知操作")
    return redirect("assess:brands")
