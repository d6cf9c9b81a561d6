"""The bonus and deduction register (加分 / 扣分), the evaluators' ratings and 一票否决 findings.

A bonus rests on a formal document, identified by issuer and number. The same document counts once for a
unit, at its highest level: a second claim at the same or a lower level is refused with the existing claim
named; a claim at a higher level (the work was later recognised higher up) replaces the lower one.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit

from ..models import (
    LEVEL_RANK,
    Bonus,
    BonusDocument,
    Deduction,
    Indicator,
    Level,
    Rating,
    Scheme,
    VetoFinding,
    VetoItem,
)
from .common import locked_scheme, points, require_stage

OPEN_STAGES = (Scheme.Stage.SELF, Scheme.Stage.REVIEW)


def _assessed(scheme: Scheme, unit: Unit) -> None:
    if unit.kind != scheme.unit_kind or not scheme.assessments.filter(unit=unit).exists():
        raise ServiceError(f"{unit.display_name}不是本方案的考核对象。")


def document_for(
    *, title: str, number: str, issuer: str, level: str, issued_on: date, file=None
) -> BonusDocument:
    """The document with this issuer and number, or a new one. Inside the caller's transaction."""
    title, number, issuer = (title or "").strip(), (number or "").strip(), (issuer or "").strip()
    if not (title and number and issuer and issued_on):
        raise ServiceError("加分须有正式文件：请填写文件标题、文号、发文机关和发文日期。")
    if level not in Level.values:
        raise ServiceError("请选择文件级别（国家级、省级或市级）。")
    if issued_on > timezone.localdate():
        raise ServiceError("发文日期不能晚于今天。")
    document = BonusDocument.objects.filter(issuer=issuer, number=number).first()
    if document is None:
        document = BonusDocument(
            title=title[:200], number=number[:100], issuer=issuer[:100], level=level, issued_on=issued_on
        )
        if file is not None:
            document.file.save(file.name[-80:], file, save=False)
        document.save()
    return document


def claim_bonus(actor: Actor, scheme: Scheme, unit: Unit, *, achievement: str, **document) -> Bonus:
    """Register a bonus for `unit` on a formal document, at the scheme's points for the document's level."""
    access.require(actor, Action.MANAGE_ASSESSMENT, scheme)
    achievement = (achievement or "").strip()
    if not achievement:
        raise ServiceError("请填写加分事项。")
    with transaction.atomic():
        scheme = locked_scheme(scheme)
        require_stage(scheme, *OPEN_STAGES, doing="登记加分")
        _assessed(scheme, unit)
        doc = document_for(**document)
        level = doc.level
        existing = (
            Bonus.objects.filter(scheme=scheme, unit=unit).filter(document=doc).first()
            or Bonus.objects.filter(scheme=scheme, unit=unit, achievement=achievement[:200]).first()
        )
        if existing is not None:
            if LEVEL_RANK[Level(level)] <= LEVEL_RANK[Level(existing.level)]:
                raise ServiceError(
                    f"同一事项或文件只计一次加分：{unit.display_name}已凭《{existing.document.title}》"
                    f"（{existing.document.number}）按{existing.get_level_display()}加{existing.points}分。"
                )
            before = snapshot(existing)
            existing.document, existing.level, existing.points = doc, level, scheme.bonus_points(level)
            existing.save()
            record(
                actor,
                "claim_bonus",
                existing,
                before=before,
                after=snapshot(existing),
                summary=f"{unit.display_name}加分升为{existing.get_level_display()}（{doc.number}）",
            )
            return existing
        try:
            with transaction.atomic():
                bonus = Bonus.objects.create(
                    scheme=scheme,
                    unit=unit,
                    document=doc,
                    achievement=achievement[:200],
                    level=level,
                    points=scheme.bonus_points(level),
                )
        except IntegrityError:
            raise ServiceError("同一文件只计一次加分。") from None
        record(
            actor,
            "claim_bonus",
            bonus,
            after=snapshot(bonus),
            summary=f"{unit.display_name}加{bonus.points}分：《{doc.title}》（{doc.number}）",
        )
    return bonus


def add_deduction(
    actor: Actor,
    indicator: Indicator,
    unit: Unit,
    *,
    points_value,
    reason: str,
    basis: str = "",
    on: date | None = None,
) -> Deduction:
    """A deduction on a 满分扣减 indicator, with its reason; the indicator's cap limits the sum."""
    access.require(actor, Action.MANAGE_ASSESSMENT, indicator.scheme)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请写明扣分事由。")
    if indicator.method != Indicator.Method.DEDUCTION:
        raise ServiceError("该指标不是满分扣减的指标。")
    value = points(points_value, what="扣分", most=indicator.points)
    if value == 0:
        raise ServiceError("扣分应大于零。")
    with transaction.atomic():
        scheme = locked_scheme(indicator.scheme)
        require_stage(scheme, *OPEN_STAGES, doing="登记扣分")
        _assessed(scheme, unit)
        row = Deduction.objects.create(
            indicator=indicator,
            unit=unit,
            points=value,
            reason=reason[:300],
            basis=(basis or "").strip()[:200],
            on=on or timezone.localdate(),
        )
        record(
            actor,
            "add_deduction",
            row,
            after=snapshot(row),
            summary=f"{unit.display_name}“{indicator.name}”扣{value}分：{reason[:60]}",
        )
    return row


def rate(actor: Actor, indicator: Indicator, unit: Unit, *, evaluator: str, score, reason: str) -> Rating:
    """An evaluator's score on an entered or averaged indicator (one evaluator's second score replaces the
    first); the line's score is the mean of the evaluators'."""
    access.require(actor, Action.MANAGE_ASSESSMENT, indicator.scheme)
    evaluator, reason = (evaluator or "").strip(), (reason or "").strip()
    if not evaluator or not reason:
        raise ServiceError("请填写评分人和评分理由。")
    if indicator.method not in (Indicator.Method.ENTERED, Indicator.Method.EVALUATORS):
        raise ServiceError("该指标按工作数据计算或满分扣减，不由人工评分。")
    value = points(score, what="评分", most=indicator.points)
    with transaction.atomic():
        scheme = locked_scheme(indicator.scheme)
        require_stage(scheme, *OPEN_STAGES, doing="评分")
        _assessed(scheme, unit)
        if indicator.method == Indicator.Method.ENTERED:
            Rating.objects.filter(indicator=indicator, unit=unit).exclude(evaluator=evaluator[:50]).delete()
        row, _ = Rating.objects.update_or_create(
            indicator=indicator,
            unit=unit,
            evaluator=evaluator[:50],
            defaults={"score": value, "reason": reason[:300]},
        )
        record(
            actor,
            "rate_unit",
            row,
            after=snapshot(row),
            summary=f"{evaluator[:20]}对{unit.display_name}“{indicator.name}”评{value}分",
        )
    return row


def find_veto(actor: Actor, item: VetoItem, unit: Unit, *, facts: str, on: date | None = None) -> VetoFinding:
    """Record that `unit` falls under a published veto item: its grade is capped below 优秀."""
    access.require(actor, Action.MANAGE_ASSESSMENT, item.scheme)
    facts = (facts or "").strip()
    if not facts:
        raise ServiceError("请写明认定一票否决的情况。")
    with transaction.atomic():
        scheme = locked_scheme(item.scheme)
        require_stage(scheme, *OPEN_STAGES, Scheme.Stage.APPROVED, doing="认定一票否决")
        _assessed(scheme, unit)
        if VetoFinding.objects.filter(item=item, unit=unit).exists():
            raise ServiceError(f"{unit.display_name}已被认定“{item.title}”。")
        row = VetoFinding.objects.create(
            item=item, unit=unit, facts=facts[:300], on=on or timezone.localdate()
        )
        record(
            actor,
            "find_veto",
            row,
            after=snapshot(row),
            summary=f"{unit.display_name}认定一票否决：{item.title}",
        )
    return row
