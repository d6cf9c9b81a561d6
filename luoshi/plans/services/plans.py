"""Plan acts: create, change, publish, archive."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.errors import ServiceError
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action

from ..due import rederive_due_dates
from ..models import Plan, Task
from ..progress.locks import lock_plan
from ..progress.recompute import recompute_plan
from .common import PLAN_FIELDS, _check_supervisor, _choice, _not_archived, _user


def create_plan(
    actor: Actor,
    *,
    title: str,
    year: int,
    deploying_unit,
    kind: str = Plan.Kind.ANNUAL,
    period: str = Plan.Period.MONTHLY,
    rollup: str = Plan.Rollup.WEIGHTED,
    source_text: str = "",
    starts_on: date | None = None,
    due_on_previous_workday: bool = True,
) -> Plan:
    """A new plan in draft, deployed by `deploying_unit` (the supervisor's own unit)."""
    access.require_deploying(actor, Action.EDIT_PLAN, deploying_unit)
    title = clean_text(title).strip()
    if not title:
        raise ServiceError("请填写工作部署的标题。")
    if not (2000 <= int(year) <= 2100):
        raise ServiceError("年度应在2000年至2100年之间。")
    with transaction.atomic():
        plan = Plan.objects.create(
            title=title[:200],
            year=int(year),
            deploying_unit=deploying_unit,
            kind=_choice(kind, Plan.Kind, "来源"),
            period=_choice(period, Plan.Period, "报送周期"),
            rollup=_choice(rollup, Plan.Rollup, "进度汇总方式"),
            source_text=clean_text(source_text),
            starts_on=starts_on,
            due_on_previous_workday=bool(due_on_previous_workday),
            created_by=_user(actor),
        )
        record(actor, "create_plan", plan, after=snapshot(plan), summary=f"新建工作部署《{plan.title}》")
    return plan


def update_plan(actor: Actor, plan: Plan, **fields) -> Plan:
    """Change a plan's title, year, period, rollup or start; status changes go through publish/archive."""
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise ServiceError(f"不能在此修改：{'、'.join(sorted(unknown))}。")
    _check_supervisor(actor, plan)
    if "title" in fields:
        fields["title"] = clean_text(fields["title"]).strip()
        if not fields["title"]:
            raise ServiceError("请填写工作部署的标题。")
    for name, choices, label in (
        ("kind", Plan.Kind, "来源"),
        ("period", Plan.Period, "报送周期"),
        ("rollup", Plan.Rollup, "进度汇总方式"),
    ):
        if name in fields:
            _choice(fields[name], choices, label)
    with transaction.atomic():
        lock_plan(plan.pk)
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _not_archived(plan)
        if plan.status != Plan.Status.DRAFT and "period" in fields and fields["period"] != plan.period:
            raise ServiceError("工作部署发布后不能更改报送周期。")
        before = snapshot(plan)
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save()
        plan.refresh_from_db()
        moved = (
            rederive_due_dates(plan)
            if before.get("due_on_previous_workday") != plan.due_on_previous_workday
            else 0
        )
        record(
            actor,
            "update_plan",
            plan,
            before=before,
            after=snapshot(plan),
            summary=f"修改工作部署《{plan.title}》",
        )
        if plan.status == Plan.Status.PUBLISHED and ({"rollup", "starts_on"} & set(fields) or moved):
            recompute_plan(plan)
    return plan


def publish_plan(actor: Actor, plan: Plan) -> Plan:
    """草稿 → 已发布. Refused when the plan has no tasks or a non-guidance leaf task has no lead unit."""
    _check_supervisor(actor, plan)
    with transaction.atomic():
        lock_plan(plan.pk)
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != Plan.Status.DRAFT:
            raise ServiceError(f"只有草稿可以发布，该工作部署{plan.get_status_display()}。")
        task_count = Task.objects.filter(plan=plan).exclude(status=Task.Status.CANCELLED).count()
        if not task_count:
            raise ServiceError("工作部署还没有任务，不能发布。")
        missing = [t.code for t in plan.tasks_lacking_lead()]
        if missing:
            shown = "、".join(missing[:10]) + ("等" if len(missing) > 10 else "")
            raise ServiceError(f"以下任务尚未指定牵头单位：{shown}。请交办后再发布。")
        before = snapshot(plan)
        plan.status = Plan.Status.PUBLISHED
        plan.published_at = timezone.now()
        plan.save(update_fields=["status", "published_at"])
        record(
            actor,
            "publish_plan",
            plan,
            before=before,
            after=snapshot(plan),
            summary=f"发布工作部署《{plan.title}》，共{task_count}项任务",
        )
        recompute_plan(plan)
    return plan


def archive_plan(actor: Actor, plan: Plan) -> Plan:
    """已发布 → 已归档: the plan is kept for reading; nothing in it changes any more."""
    _check_supervisor(actor, plan)
    with transaction.atomic():
        lock_plan(plan.pk)
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != Plan.Status.PUBLISHED:
            raise ServiceError(f"只有已发布的工作部署可以归档，该工作部署{plan.get_status_display()}。")
        before = snapshot(plan)
        plan.status = Plan.Status.ARCHIVED
        plan.save(update_fields=["status"])
        record(
            actor,
            "archive_plan",
            plan,
            before=before,
            after=snapshot(plan),
            summary=f"归档工作部署《{plan.title}》",
        )
    return plan
