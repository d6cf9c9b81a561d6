"""The brand pipeline (品牌): a highlight (亮点) task's outcome is put forward, the office reviews it, and a
recognition at a level with its document feeds the bonus register."""

from __future__ import annotations

from django.db import transaction

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.plans.models import Assignment, Task

from ..models import Brand, Scheme
from .register import claim_bonus


def nominate_brand(actor: Actor, assignment: Assignment, *, name: str, outcome: str) -> Brand:
    """The unit (or the office for it) puts a highlight task's outcome forward as a brand candidate."""
    access.require(actor, Action.VIEW_ASSIGNMENT, assignment)
    name, outcome = (name or "").strip(), (outcome or "").strip()
    if not name or not outcome:
        raise ServiceError("请填写品牌名称和工作成效。")
    task = assignment.task
    if task.tier != Task.Tier.HIGHLIGHT:
        raise ServiceError("只有亮点任务可以推荐为工作品牌。")
    if actor.user is not None and not (
        access.allows(actor.user, Action.WORK_ASSIGNMENT, assignment)
        or access.allows(actor.user, Action.EDIT_PLAN, task.plan)
    ):
        raise ServiceError("只有承办单位联络员或部署单位督办员可以推荐品牌。")
    with transaction.atomic():
        if Brand.objects.filter(task=task, unit=assignment.unit).exists():
            raise ServiceError("该任务已推荐过品牌。")
        brand = Brand.objects.create(task=task, unit=assignment.unit, name=name[:100], outcome=outcome[:500])
        record(
            actor,
            "nominate_brand",
            brand,
            after=snapshot(brand),
            summary=f"{assignment.unit.display_name}推荐品牌“{brand.name}”",
        )
    return brand


def review_brand(actor: Actor, brand: Brand, *, accept: bool, note: str = "") -> Brand:
    """The office's review of a candidate: accepted onto the brand wall, or not (with the reason)."""
    access.require(actor, Action.MANAGE_ASSESSMENT, brand)
    note = (note or "").strip()
    if not accept and not note:
        raise ServiceError("不予通过时请写明意见。")
    with transaction.atomic():
        brand = Brand.objects.select_for_update().get(pk=brand.pk)
        if brand.status != Brand.Status.NOMINATED:
            raise ServiceError("该品牌已审核。")
        brand.status = Brand.Status.ACCEPTED if accept else Brand.Status.REJECTED
        brand.review_note = note[:300]
        brand.save(update_fields=["status", "review_note"])
        record(
            actor,
            "review_brand",
            brand,
            after={"status": brand.status, "note": note},
            summary=f"审核品牌“{brand.name}”：{brand.get_status_display()}",
        )
    return brand


def recognise_brand(actor: Actor, brand: Brand, scheme: Scheme, **document) -> Brand:
    """A recognised brand: its document (level, number, issuer) goes into the bonus register."""
    access.require(actor, Action.MANAGE_ASSESSMENT, brand)
    with transaction.atomic():
        locked = Brand.objects.select_for_update().select_related("unit").get(pk=brand.pk)
        if locked.status != Brand.Status.ACCEPTED:
            raise ServiceError("品牌须先审核通过，才能登记认定。")
        if scheme.plan_id != locked.task.plan_id:
            raise ServiceError("考核方案与品牌不属于同一工作部署。")
        bonus = claim_bonus(actor, scheme, locked.unit, achievement=f"工作品牌：{locked.name}", **document)
        locked.status, locked.document = Brand.Status.RECOGNISED, bonus.document
        locked.save(update_fields=["status", "document"])
        record(
            actor,
            "recognise_brand",
            locked,
            after={"document": bonus.document_id},
            summary=f"品牌“{locked.name}”获{bonus.get_level_display()}认定",
        )
    return locked
