"""Writing schemes: create, build the indicator tree and the veto list, publish (freeze), revise as a new
visible version with its reason, and recompute the computed scores."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit
from luoshi.plans.models import Plan

from .. import scoring
from ..models import Assessment, Bonus, Deduction, Indicator, Rating, Scheme, ScoreLine, VetoFinding, VetoItem
from .common import locked_scheme, points, require_draft, require_stage

COPIED_FIELDS = [
    f.name
    for f in Scheme._meta.concrete_fields
    if f.name
    not in (
        "id",
        "version",
        "previous",
        "change_reason",
        "status",
        "stage",
        "published_at",
        "publicity_ends_on",
        "created_at",
    )
]


def create_scheme(actor: Actor, plan: Plan, *, unit_kind: str, title: str, **numbers) -> Scheme:
    """A draft scheme for one class of units on `plan`'s year. One live scheme per class: a second is
    refused (change the existing one by revising it)."""
    access.require_deploying(actor, Action.MANAGE_ASSESSMENT, plan.deploying_unit)
    if unit_kind not in Unit.Kind.values:
        raise ServiceError("请选择考核对象类别。")
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写方案名称。")
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        if Scheme.objects.filter(plan=plan, year=plan.year, unit_kind=unit_kind).exists():
            label = Unit.Kind(unit_kind).label
            raise ServiceError(f"本年度已有“{label}”的考核方案；如需调整，请在原方案上修订为新版本。")
        scheme = Scheme.objects.create(
            plan=plan, year=plan.year, unit_kind=unit_kind, title=title[:200], **numbers
        )
        record(
            actor, "create_scheme", scheme, after=snapshot(scheme), summary=f"新建考核方案“{scheme.title}”"
        )
    return scheme


def add_indicator(
    actor: Actor,
    scheme: Scheme,
    *,
    name: str,
    points_value,
    parent: Indicator | None = None,
    office: str = "",
    phase: str = Indicator.Phase.REGULAR,
    method: str = Indicator.Method.COMPUTED,
    measure: str = "",
    deduction_cap=None,
    rule: str = "",
) -> Indicator:
    """Add a row to a draft scheme's tree: a first-level row (no parent) or a second-level row under one.
    A first-level row's points follow its children's."""
    access.require(actor, Action.MANAGE_ASSESSMENT, scheme)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写指标名称。")
    value = points(points_value, what="分值", most=Decimal("1000"))
    if method not in Indicator.Method.values or phase not in Indicator.Phase.values:
        raise ServiceError("计分方式或考核类别无效。")
    if method == Indicator.Method.COMPUTED and measure not in Indicator.Measure.values:
        if parent is not None or measure:
            raise ServiceError("按工作数据计算的指标须选择计算口径。")
    if method != Indicator.Method.COMPUTED:
        measure = ""
    cap = points(deduction_cap, what="扣分上限") if deduction_cap not in (None, "") else None
    with transaction.atomic():
        scheme = locked_scheme(scheme)
        require_draft(scheme)
        if parent is not None and (parent.scheme_id != scheme.pk or parent.parent_id is not None):
            raise ServiceError("二级指标只能挂在本方案的一级指标下。")
        siblings = scheme.indicators.filter(parent=parent)
        position = (scheme.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
        code = f"{parent.code}.{siblings.count() + 1}" if parent else str(siblings.count() + 1)
        row = Indicator.objects.create(
            scheme=scheme,
            parent=parent,
            code=code,
            position=position,
            name=name[:200],
            points=value,
            office=office.strip()[:100],
            phase=phase,
            method=method,
            measure=measure,
            deduction_cap=cap,
            rule=rule.strip()[:300],
        )
        if parent is not None:
            total = sum(parent.children.values_list("points", flat=True), Decimal("0"))
            Indicator.objects.filter(pk=parent.pk).update(points=total)
        record(
            actor,
            "add_indicator",
            row,
            after=snapshot(row),
            summary=f"考核方案新增指标“{row.code} {row.name}”",
        )
    return row


def add_veto_item(actor: Actor, scheme: Scheme, *, title: str, basis: str) -> VetoItem:
    """一票否决事项 of a draft scheme: a short list, each with its basis (the rule that sets it)."""
    access.require(actor, Action.MANAGE_ASSESSMENT, scheme)
    title, basis = (title or "").strip(), (basis or "").strip()
    if not title or not basis:
        raise ServiceError("一票否决事项须写明事项和依据。")
    with transaction.atomic():
        scheme = locked_scheme(scheme)
        require_draft(scheme)
        if scheme.veto_items.count() >= 10:
            raise ServiceError("一票否决事项应当精简，最多10项。")
        item = VetoItem.objects.create(
            scheme=scheme, title=title[:200], basis=basis[:300], position=scheme.veto_items.count() + 1
        )
        record(actor, "add_veto_item", item, after=snapshot(item), summary=f"新增一票否决事项“{item.title}”")
    return item


def _check_publishable(scheme: Scheme) -> None:
    rows = scheme.indicators.all()
    if not rows.exists():
        raise ServiceError("方案还没有指标，不能发布。")
    if not scoring.leaves(scheme) or all(r.points == 0 for r in scoring.leaves(scheme)):
        raise ServiceError("方案的指标分值合计为零，不能发布。")
    lacking = [r for r in scoring.leaves(scheme) if r.method == Indicator.Method.COMPUTED and not r.measure]
    if lacking:
        raise ServiceError(f"指标“{lacking[0].code} {lacking[0].name}”没有下设指标，也未选择计算口径。")
    if scheme.regular_weight > 100:
        raise ServiceError("平时考核权重应在0到100之间。")
    if not scheme.excellent_from > scheme.good_from > scheme.fair_from:
        raise ServiceError("等次分数线应为：优秀 > 良好 > 一般。")


def publish_deadline(scheme: Scheme) -> date:
    """The last day a scheme's first version may be published: before its year starts (31 December of the
    year before) — or, for a plan that goes out or starts during the year, the day it does. The rules are
    frozen before the work they score begins; a later change is a new version with its reason."""
    plan = scheme.plan
    days = [date(scheme.year, 1, 1) - timedelta(days=1)]
    if plan.starts_on:
        days.append(plan.starts_on)
    if plan.published_at:
        days.append(timezone.localdate(plan.published_at))
    return max(days)


def _check_in_time(scheme: Scheme, today: date) -> None:
    if scheme.previous_id is not None:
        return  # a new version, with its reason, of a scheme published in time
    deadline = publish_deadline(scheme)
    if today > deadline:
        raise ServiceError(
            f"考核方案应在考核年度开始前发布并冻结（本方案最迟{deadline.year}年{deadline.month}月"
            f"{deadline.day}日），{scheme.year}年度考核已经开始，不能再发布新方案。"
            "如需调整已发布的方案，请修订为新版本并写明理由。"
        )


def publish_scheme(actor: Actor, scheme: Scheme, today: date | None = None) -> Scheme:
    """Publish (and freeze) a draft scheme; a new version supersedes the one it revises. Every assessed
    unit gets its assessment and score lines, computed as of `today` (the day of publishing). A first
    version published after `publish_deadline` is refused."""
    access.require(actor, Action.MANAGE_ASSESSMENT, scheme)
    today = today or timezone.localdate()
    with transaction.atomic():
        scheme = locked_scheme(scheme)
        require_draft(scheme)
        _check_publishable(scheme)
        if scheme.plan.status == Plan.Status.DRAFT:
            raise ServiceError("工作部署尚未发布，不能发布其考核方案。")
        _check_in_time(scheme, today)
        scheme.status, scheme.published_at = Scheme.Status.PUBLISHED, timezone.now()
        scheme.save(update_fields=["status", "published_at"])
        if scheme.previous_id:
            old = locked_scheme(scheme.previous)
            # The flow goes on where the old version stood; its self-assessments and reviews carry over
            # by indicator code, so a revision never makes units start again.
            scheme.stage = old.stage
            scheme.save(update_fields=["stage"])
            Scheme.objects.filter(pk=old.pk).update(status=Scheme.Status.SUPERSEDED)
        if scheme.previous_id:
            _carry_register(scheme.previous, scheme)
        _refresh(scheme, scoring.default_as_of(scheme, today))
        if scheme.previous_id:
            _carry_over(scheme.previous, scheme)
        record(
            actor,
            "publish_scheme",
            scheme,
            after=snapshot(scheme),
            summary=f"发布考核方案“{scheme.title}”第{scheme.version}版",
        )
    return scheme


def revise_scheme(actor: Actor, scheme: Scheme, *, reason: str) -> Scheme:
    """A new draft version of a published scheme, copying its numbers, indicators and veto list; the reason
    is kept and shown. The published version stays in force until the new one is published."""
    access.require(actor, Action.MANAGE_ASSESSMENT, scheme)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("修订考核方案须写明理由。")
    with transaction.atomic():
        scheme = locked_scheme(scheme)
        if scheme.status != Scheme.Status.PUBLISHED:
            raise ServiceError("只能修订正在执行的已发布方案。")
        if Scheme.objects.filter(previous=scheme).exists():
            raise ServiceError("该方案已有待发布的修订版本，请在修订版本上继续修改。")
        if scheme.stage in (Scheme.Stage.FINAL, Scheme.Stage.ARCHIVED):
            raise ServiceError("考核结果已确定，不能再修订方案。")
        new = Scheme.objects.create(
            **{f: getattr(scheme, f) for f in COPIED_FIELDS},
            version=scheme.version + 1,
            previous=scheme,
            change_reason=reason[:300],
        )
        mapping: dict[int, Indicator] = {}
        for row in scheme.indicators.order_by("position", "id"):
            old_pk = row.pk
            row.pk, row.scheme = None, new
            row.parent = mapping.get(row.parent_id)
            row.save(force_insert=True)
            mapping[old_pk] = row
        for item in scheme.veto_items.all():
            item.pk, item.scheme = None, new
            item.save(force_insert=True)
        record(
            actor,
            "revise_scheme",
            new,
            after={"reason": reason, "from": scheme.pk},
            summary=f"修订考核方案“{new.title}”为第{new.version}版：{reason[:80]}",
        )
    return new


def recompute_scores(actor: Actor, scheme: Scheme, today: date | None = None) -> int:
    """Recompute the computed scores of a published scheme before its results are approved. Deterministic
    and idempotent: the same work gives the same lines, and running it twice changes nothing."""
    access.require(actor, Action.MANAGE_ASSESSMENT, scheme)
    with transaction.atomic():
        scheme = locked_scheme(scheme)
        require_stage(scheme, Scheme.Stage.SELF, Scheme.Stage.REVIEW, doing="重新计算得分")
        changed = _refresh(scheme, scoring.default_as_of(scheme, today))
        if actor.user is not None:
            record(
                actor,
                "recompute_scores",
                scheme,
                after={"changed": changed},
                summary=f"重新计算考核方案“{scheme.title}”得分，{changed}项有变化",
            )
    return changed


def _refresh(scheme: Scheme, as_of: date) -> int:
    """Make sure each assessed unit has its assessment and a line per leaf indicator, and store the
    computed points and their basis where they changed. Returns the number of lines changed."""
    units = scoring.assessed_units(scheme)
    have = set(Assessment.objects.filter(scheme=scheme).values_list("unit_id", flat=True))
    Assessment.objects.bulk_create(
        [Assessment(scheme=scheme, unit=u) for u in units if u.pk not in have], batch_size=1000
    )
    assessment_of = dict(Assessment.objects.filter(scheme=scheme).values_list("unit_id", "id"))
    changed = 0
    for part in scoring.compute_chunks(scheme, as_of, units):
        ids = [assessment_of[unit_id] for unit_id, _ in part]
        existing = {
            (line.assessment_id, line.indicator_id): line
            for line in ScoreLine.objects.filter(assessment_id__in=set(ids)).only(
                "id", "assessment_id", "indicator_id", "computed", "basis"
            )
        }
        new, updated = [], []
        for (unit_id, indicator_id), scored in part.items():
            line = existing.get((assessment_of[unit_id], indicator_id))
            if line is None:
                new.append(
                    ScoreLine(
                        assessment_id=assessment_of[unit_id],
                        indicator_id=indicator_id,
                        computed=scored.points,
                        basis=scored.basis,
                    )
                )
            elif line.computed != scored.points or line.basis != scored.basis:
                line.computed, line.basis = scored.points, scored.basis
                updated.append(line)
        ScoreLine.objects.bulk_create(new, batch_size=1000)
        ScoreLine.objects.bulk_update(updated, ["computed", "basis"], batch_size=500)
        changed += len(new) + len(updated)
    return changed


def _carry_register(old: Scheme, new: Scheme) -> None:
    """Deductions, ratings, bonuses and veto findings of the old version, onto the same rows of the new
    (indicators by code, veto items by title); what has no counterpart any more stays with the old one."""
    rows = {r.code: r for r in new.indicators.all()}
    for model in (Deduction, Rating):
        for entry in model.objects.filter(indicator__scheme=old).select_related("indicator"):
            row = rows.get(entry.indicator.code)
            if row is not None and row.method == entry.indicator.method:
                entry.pk, entry.indicator = None, row
                entry.save(force_insert=True)
    for bonus in Bonus.objects.filter(scheme=old):
        bonus.pk, bonus.scheme = None, new
        bonus.points = new.bonus_points(bonus.level)
        bonus.save(force_insert=True)
    items = {i.title: i for i in new.veto_items.all()}
    for finding in VetoFinding.objects.filter(item__scheme=old).select_related("item"):
        if finding.item.title in items:
            finding.pk, finding.item = None, items[finding.item.title]
            finding.save(force_insert=True)


def _carry_over(old: Scheme, new: Scheme) -> None:
    """Self scores, reviews and finals of the old version, moved onto the same rows (by code) of the new."""
    old_lines = {
        (line.assessment.unit_id, line.indicator.code): line
        for line in ScoreLine.objects.filter(assessment__scheme=old).select_related("assessment", "indicator")
    }
    fields = ["self_score", "self_note", "evidence", "reviewed", "review_reason", "reviewed_by", "final"]
    moved = []
    for line in ScoreLine.objects.filter(assessment__scheme=new).select_related("assessment", "indicator"):
        source = old_lines.get((line.assessment.unit_id, line.indicator.code))
        if source is not None:
            for f in fields:
                setattr(line, f, getattr(source, f))
            moved.append(line)
    ScoreLine.objects.bulk_update(moved, fields, batch_size=500)
    old_assessments = {a.unit_id: a for a in Assessment.objects.filter(scheme=old)}
    for a in Assessment.objects.filter(scheme=new):
        source = old_assessments.get(a.unit_id)
        if source and source.self_submitted_at:
            Assessment.objects.filter(pk=a.pk).update(
                self_submitted_at=source.self_submitted_at, self_submitted_by=source.self_submitted_by
            )
