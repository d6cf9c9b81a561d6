"""Items: register (one number per item), split a meeting's minutes into items, the leader's approval
(approve — possibly with edits — or reject with a reason), re-submission of a rejected item after editing
(same number; each round stays in the audit record and the timeline), and dispatch as a one-task
published plan."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.cndates import cn_date
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit
from luoshi.plans import services as plans
from luoshi.plans.models import Plan, Task

from ..minutes import split_decisions
from ..models import Item, NumberSequence, Source, Urgency
from .common import user_of
from .presets import schedule

PLAN_KIND = {
    Source.INSTRUCTION: Plan.Kind.INSTRUCTION,
    Source.MEETING: Plan.Kind.MEETING,
    Source.ASSIGNED: Plan.Kind.ASSIGNED,
    Source.PROPOSAL: Plan.Kind.PROPOSAL,
}
ORIGIN_REQUIRED = {
    Source.INSTRUCTION: "请填写作出批示的领导和批示日期。",
    Source.PROPOSAL: "请填写建议提案的提出人。",
}


def next_serial(deploying_unit: Unit, year: int) -> int:
    """The next number of `deploying_unit`'s items in `year`, under the sequence row's lock, so two
    registrations at once never share a number (the second waits for the first to commit)."""
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(deploying_unit=deploying_unit, year=year)
    except IntegrityError:
        pass  # another registration created the row first; it exists now
    seq = NumberSequence.objects.select_for_update().get(deploying_unit=deploying_unit, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


def _check_units(deploying_unit: Unit, lead_units, co_units) -> tuple[list[Unit], list[Unit]]:
    lead = list(dict.fromkeys(lead_units or []))
    co = [u for u in dict.fromkeys(co_units or []) if u not in lead]
    if not lead:
        raise ServiceError("请至少选择一个主办单位。")
    ids = [u.pk for u in lead + co]
    plans.refuse_deploying_unit(deploying_unit, ids)
    inside = set(Unit.objects.subtree(deploying_unit).filter(pk__in=ids).values_list("pk", flat=True))
    outside = [u.display_name for u in lead + co if u.pk not in inside]
    if outside:
        raise ServiceError(f"{'、'.join(outside)}不在本单位的督办范围内。")
    return lead, co


def _choice(value: str, choices, label: str) -> str:
    if value not in choices.values:
        raise ServiceError(f"{label}“{value}”无效。")
    return value


def register_item(
    actor: Actor,
    *,
    deploying_unit: Unit,
    source: str,
    title: str,
    urgency: str = Urgency.NORMAL,
    content: str = "",
    origin_author: str = "",
    origin_date: date | None = None,
    origin_title: str = "",
    lead_units=(),
    co_units=(),
    working_days: int | None = None,
    today: date | None = None,
) -> Item:
    """A new item waiting for the leader's approval, numbered 督〔year〕N号, due by the preset time limit
    for its source and urgency (or `working_days` when the source states one)."""
    access.require_deploying(actor, Action.EDIT_PLAN, deploying_unit)
    _choice(source, Source, "来源")
    _choice(urgency, Urgency, "紧急程度")
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写督办事项。")
    origin_author = (origin_author or "").strip()
    if source in ORIGIN_REQUIRED and (
        not origin_author or (source == Source.INSTRUCTION and origin_date is None)
    ):
        raise ServiceError(ORIGIN_REQUIRED[source])
    if working_days is not None and not 1 <= int(working_days) <= 365:
        raise ServiceError("办理时限应在1至365个工作日之间。")
    lead, co = _check_units(deploying_unit, lead_units, co_units)
    today = today or timezone.localdate()
    plan_of = schedule(source, urgency, today, working_days)
    with transaction.atomic():
        item = Item.objects.create(
            deploying_unit=deploying_unit,
            year=today.year,
            serial=next_serial(deploying_unit, today.year),
            source=source,
            urgency=urgency,
            title=title[:300],
            content=content or "",
            origin_author=origin_author[:100],
            origin_date=origin_date,
            origin_title=(origin_title or "").strip()[:200],
            time_limit_days=plan_of.time_limit_days,
            due_on=plan_of.due_on,
            first_report_on=plan_of.first_report_on,
            created_by=user_of(actor),
        )
        item.lead_units.set(lead)
        item.co_units.set(co)
        record(
            actor,
            "register_item",
            item,
            after=_item_snapshot(item),
            summary=f"登记{item.get_source_display()} {item.number} {item.title}（{item.get_urgency_display()}，"
            f"{plan_of.time_limit_days}个工作日，{cn_date(plan_of.due_on)}前办结）",
        )
    return item


def register_meeting_decisions(
    actor: Actor,
    *,
    deploying_unit: Unit,
    meeting: str,
    meeting_date: date | None,
    minutes: str,
    lead_units=(),
    co_units=(),
    urgency: str = Urgency.NORMAL,
    today: date | None = None,
) -> list[Item]:
    """One item per decision in the minutes (see `minutes.split_decisions`), all or none."""
    decisions = split_decisions(minutes)
    if not decisions:
        raise ServiceError("会议纪要中没有识别出议定事项：请每行写一项，或用“一是……二是……”分项。")
    if len(decisions) > 100:
        raise ServiceError(f"识别出{len(decisions)}项议定事项，一次最多登记100项，请分批登记。")
    meeting = (meeting or "").strip()
    if not meeting:
        raise ServiceError("请填写会议名称。")
    with transaction.atomic():
        return [
            register_item(
                actor,
                deploying_unit=deploying_unit,
                source=Source.MEETING,
                title=text[:300],
                content=text,
                urgency=urgency,
                origin_title=meeting,
                origin_date=meeting_date,
                lead_units=lead_units,
                co_units=co_units,
                today=today,
            )
            for text in decisions
        ]


def _item_snapshot(item: Item) -> dict:
    data = snapshot(item, fields=[f.name for f in Item._meta.concrete_fields])
    data["lead_units"] = sorted(item.lead_units.values_list("pk", flat=True))
    data["co_units"] = sorted(item.co_units.values_list("pk", flat=True))
    return data


def _locked_pending(item: Item) -> Item:
    item = Item.objects.select_for_update(of=("self",)).select_related("deploying_unit").get(pk=item.pk)
    if item.status != Item.Status.PENDING:
        raise ServiceError(f"该督办事项{item.get_status_display()}，不能重复审核。", code="already_reviewed")
    return item


def approve_item(
    actor: Actor,
    item: Item,
    *,
    note: str = "",
    title: str | None = None,
    urgency: str | None = None,
    due_on: date | None = None,
    lead_units=None,
    co_units=None,
    today: date | None = None,
) -> Item:
    """领导审核 — approve, with the leader's edits if any, and dispatch: a published plan of the item's kind
    with one task, due on the item's due day, assigned to its lead (主办) and co (协办) units."""
    access.require(actor, Action.APPROVE_ITEM, item)
    today = today or timezone.localdate()
    if urgency is not None:
        _choice(urgency, Urgency, "紧急程度")
    if due_on is not None and due_on < today:
        raise ServiceError(f"办结时限（{cn_date(due_on)}）不能早于今天。")
    with transaction.atomic():
        item = _locked_pending(item)
        before = _item_snapshot(item)
        if title is not None and title.strip():
            item.title = title.strip()[:300]
        if urgency is not None and urgency != item.urgency:
            item.urgency = urgency
            if due_on is None:  # a new urgency brings its own time limit, counted from today
                again = schedule(item.source, urgency, today)
                item.time_limit_days, item.due_on = again.time_limit_days, again.due_on
        if due_on is not None:
            item.due_on = due_on
        if lead_units is not None or co_units is not None:
            lead, co = _check_units(
                item.deploying_unit,
                lead_units if lead_units is not None else list(item.lead_units.all()),
                co_units if co_units is not None else list(item.co_units.all()),
            )
            item.lead_units.set(lead)
            item.co_units.set(co)
        plan, task = _dispatch(item, today)
        item.plan, item.task = plan, task
        item.status = Item.Status.DISPATCHED
        item.reviewed_by, item.reviewed_at = user_of(actor), timezone.now()
        item.review_note = (note or "").strip()[:500]
        item.save()
        record(
            actor,
            "approve_item",
            item,
            before=before,
            after=_item_snapshot(item),
            summary=f"审核通过并交办 {item.number} {item.title}"
            + (f"：{item.review_note}" if item.review_note else ""),
        )
    return item


def _dispatch(item: Item, today: date) -> tuple[Plan, Task]:
    """The plan acts run as the system on the approval's behalf (the leader holds no plan-editing act;
    the approval's own entry names the leader)."""
    system = Actor.system()
    plan = plans.create_plan(
        system,
        title=f"{item.number} {item.title}"[:200],
        year=item.year,
        deploying_unit=item.deploying_unit,
        kind=PLAN_KIND[Source(item.source)],
        source_text=item.content,
        starts_on=today,
    )
    if item.is_demo:
        Plan.objects.filter(pk=plan.pk).update(is_demo=True)
    task = plans.add_task(
        system,
        plan,
        title=item.title,
        description=item.content,
        tier=Task.Tier.ROUTINE if item.urgency == Urgency.NORMAL else Task.Tier.KEY,
        deadline=item.due_on,
    )
    plans.assign(system, task, lead_units=list(item.lead_units.all()), co_units=list(item.co_units.all()))
    plans.publish_plan(system, plan)
    plan.refresh_from_db()
    task.refresh_from_db()
    return plan, task


def reject_item(actor: Actor, item: Item, *, reason: str) -> Item:
    """领导审核 — send the item back with a reason; it is not dispatched."""
    access.require(actor, Action.APPROVE_ITEM, item)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("退回时请填写理由。")
    with transaction.atomic():
        item = _locked_pending(item)
        before = _item_snapshot(item)
        item.status = Item.Status.REJECTED
        item.reviewed_by, item.reviewed_at = user_of(actor), timezone.now()
        item.review_note = reason[:500]
        item.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        record(
            actor,
            "reject_item",
            item,
            before=before,
            after=_item_snapshot(item),
            summary=f"审核退回 {item.number} {item.title}：{item.review_note}",
        )
    return item


def resubmit_item(
    actor: Actor,
    item: Item,
    *,
    title: str,
    urgency: str,
    content: str = "",
    origin_author: str = "",
    origin_date: date | None = None,
    origin_title: str = "",
    lead_units=(),
    co_units=(),
    working_days: int | None = None,
    note: str = "",
    today: date | None = None,
) -> Item:
    """A rejected item, edited, goes back to the leader for review under its number; its time limit is
    counted again from today. The rejection stays in the record: the new round is an act of its own."""
    access.require_deploying(actor, Action.EDIT_PLAN, item.deploying_unit)
    _choice(urgency, Urgency, "紧急程度")
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写督办事项。")
    origin_author = (origin_author or "").strip()
    if item.source in ORIGIN_REQUIRED and (
        not origin_author or (item.source == Source.INSTRUCTION and origin_date is None)
    ):
        raise ServiceError(ORIGIN_REQUIRED[item.source])
    if working_days is not None and not 1 <= int(working_days) <= 365:
        raise ServiceError("办理时限应在1至365个工作日之间。")
    lead, co = _check_units(item.deploying_unit, lead_units, co_units)
    today = today or timezone.localdate()
    plan_of = schedule(item.source, urgency, today, working_days)
    with transaction.atomic():
        item = Item.objects.select_for_update(of=("self",)).select_related("deploying_unit").get(pk=item.pk)
        if item.status != Item.Status.REJECTED:
            raise ServiceError(
                f"该督办事项{item.get_status_display()}，只有审核未通过的事项可以修改后重新报审。",
                code="not_rejected",
            )
        before = _item_snapshot(item)
        item.title, item.urgency, item.content = title[:300], urgency, content or ""
        item.origin_author, item.origin_date = origin_author[:100], origin_date
        item.origin_title = (origin_title or "").strip()[:200]
        item.time_limit_days, item.due_on = plan_of.time_limit_days, plan_of.due_on
        item.first_report_on = plan_of.first_report_on
        item.status = Item.Status.PENDING
        item.reviewed_by, item.reviewed_at, item.review_note = None, None, ""
        item.save()
        item.lead_units.set(lead)
        item.co_units.set(co)
        note = (note or "").strip()[:200]
        record(
            actor,
            "resubmit_item",
            item,
            before=before,
            after=_item_snapshot(item),
            summary=f"修改后重新报审 {item.number} {item.title}（{item.get_urgency_display()}，"
            f"{plan_of.time_limit_days}个工作日，{cn_date(plan_of.due_on)}前办结）"
            + (f"：{note}" if note else ""),
        )
    return item
