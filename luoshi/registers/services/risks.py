"""Registering a risk: a task of the deploying unit's risk plan for the year, assigned to the owner unit, with
its review dates as the task's milestones. From then on the risk is handled as a task: lights, reminders and
chases read its assignment; the owner unit asks to close it and the supervisor signs it off (销号) with
evidence on the task's 督办 page (luoshi.items); that completes the task, and the risk reads 已化解."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.items.services import add_milestone
from luoshi.lib.cndates import cn_date
from luoshi.lib.errors import ServiceError
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit
from luoshi.plans import services as plans
from luoshi.plans.models import Plan, Task

from ..models import Risk

MAX_REVIEWS = 12
TIER_OF_LEVEL = {Risk.Level.MAJOR: Task.Tier.KEY}  # a 重大 risk is a key task; the others are routine


def risk_plan(actor: Actor, deploying_unit: Unit, year: int) -> Plan:
    """The deploying unit's risk plan for `year` (风险防范台账), made on first use. Call inside
    transaction.atomic(): the deploying unit's row is locked so two first registrations make one plan."""
    Unit.objects.select_for_update().filter(pk=deploying_unit.pk).first()
    plan = (
        Plan.objects.filter(deploying_unit=deploying_unit, year=year, kind=Plan.Kind.RISK)
        .exclude(status=Plan.Status.ARCHIVED)
        .order_by("id")
        .first()
    )
    if plan is None:
        plan = plans.create_plan(
            actor,
            title=f"{year}年风险防范台账",
            year=year,
            deploying_unit=deploying_unit,
            kind=Plan.Kind.RISK,
        )
    return plan


def _choice(value: str, choices, label: str) -> str:
    if value not in choices.values:
        raise ServiceError(f"请选择{label}。" if not value else f"{label}“{value}”无效。")
    return value


def _review_dates(review_dates, resolve_by: date) -> list[date]:
    dates = sorted(set(d for d in review_dates or () if d is not None))
    if len(dates) > MAX_REVIEWS:
        raise ServiceError(f"复查评估日期最多{MAX_REVIEWS}个。")
    late = [d for d in dates if d > resolve_by]
    if late:
        raise ServiceError(f"复查评估日期（{cn_date(late[0])}）不能晚于化解时限（{cn_date(resolve_by)}）。")
    return dates


def register_risk(
    actor: Actor,
    *,
    deploying_unit: Unit,
    title: str,
    area: str,
    level: str,
    owner_unit: Unit | None,
    measures: str,
    resolve_by: date | None,
    review_dates=(),
    description: str = "",
    co_units=(),
    today: date | None = None,
    is_demo: bool = False,
) -> Risk:
    """A new risk 在控, carried by a task of this year's risk plan due on `resolve_by` (化解时限), led by
    `owner_unit` (co-operated by `co_units`), with one milestone per review date."""
    access.require_deploying(actor, Action.MANAGE_RISK, deploying_unit)
    title = clean_text(title or "").strip()
    measures = clean_text(measures or "").strip()
    if not title:
        raise ServiceError("请填写风险名称。")
    _choice(area, Risk.Area, "风险领域")
    _choice(level, Risk.Level, "风险等级")
    if owner_unit is None:
        raise ServiceError("请选择责任单位。")
    if not measures:
        raise ServiceError("请填写防范化解措施。")
    if resolve_by is None:
        raise ServiceError("请填写化解时限。")
    today = today or timezone.localdate()
    if resolve_by < today:
        raise ServiceError(f"化解时限（{cn_date(resolve_by)}）不能早于今天。")
    dates = _review_dates(review_dates, resolve_by)
    with transaction.atomic():
        plan = risk_plan(actor, deploying_unit, today.year)
        task = plans.add_task(
            actor,
            plan,
            title=title,
            description=f"风险领域：{Risk.Area(area).label}；风险等级：{Risk.Level(level).label}。\n"
            f"防范化解措施：{measures}",
            tier=TIER_OF_LEVEL.get(level, Task.Tier.ROUTINE),
            deadline=resolve_by,
        )
        plans.assign(actor, task, lead_units=[owner_unit], co_units=list(co_units))
        for n, day in enumerate(dates, start=1):
            add_milestone(actor, task, title=f"第{n}次复查评估", due_on=day)
        if plan.is_draft:
            plans.publish_plan(actor, plan)
        task = Task.objects.select_related("plan").get(pk=task.pk)  # as published, lit and assigned
        risk = Risk.objects.create(
            deploying_unit=deploying_unit,
            year=plan.year,
            title=task.title,
            area=area,
            level=level,
            description=clean_text(description or "").strip(),
            measures=measures,
            owner_unit=owner_unit,
            task=task,
            created_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
            is_demo=is_demo,
        )
        record(
            actor,
            "register_risk",
            risk,
            after=snapshot(risk),
            summary=f"登记{risk.get_level_display()}风险“{risk.title}”（{risk.get_area_display()}），"
            f"责任单位{owner_unit.display_name}，{cn_date(resolve_by)}前化解",
        )
    return risk
