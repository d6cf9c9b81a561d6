"""Publishing a draft as a plan (what blocks it, then the plan with its tasks and assignments), or
discarding it."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.db import transaction

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit
from luoshi.plans import services as plan_services
from luoshi.plans.models import Plan, Task

from .. import tree as T
from ..errors import DraftError
from ..models import Draft
from .common import _label

log = logging.getLogger(__name__)


def _assignable(nodes: list[dict]):
    """Leaves that will be assigned: the items a unit must report on."""
    for node, _code, _depth, _parent in T.walk(nodes):
        if not node.get("children") and not node.get("guidance"):
            yield node


def publish_problems(draft: Draft) -> list[str]:
    """What stops a draft from being published, in words a supervisor can act on."""
    problems = []
    if not draft.tree:
        problems.append("草稿里没有任务条目。")
        return problems
    codes = {id(n): code for n, code, _d, _p in T.walk(draft.tree)}
    no_lead = [codes[id(n)] for n in _assignable(draft.tree) if not n["lead"]]
    unknown = [codes[id(n)] for n, *_ in T.walk(draft.tree) if n.get("unknown_lead") or n.get("unknown_co")]
    if unknown:
        problems.append(
            f"{len(unknown)} 个条目有未匹配单位（{_codes(unknown)}）：请对应到单位名录中的单位，或移除。"
        )
    for n, code, _d, _p in T.walk(draft.tree):
        try:
            _weight(n, f"{code}“{n['title']}”")
        except ServiceError as e:
            problems.append(str(e))
    own = [codes[id(n)] for n, *_ in T.walk(draft.tree) if draft.deploying_unit_id in n["lead"] + n["co"]]
    if own:
        problems.append(
            f"{len(own)} 项任务交给了部署单位（{_codes(own)}）：部署单位负责督办、不向自己报送，请改为其督办的单位。"
        )
    if no_lead:
        problems.append(
            f"{len(no_lead)} 项任务还没有牵头单位（{_codes(no_lead)}）：请指定牵头单位，"
            "或把层级设为“工作要求”（只作要求、不交办）。"
        )
    return problems


def _codes(codes: list[str], limit: int = 8) -> str:
    shown = "、".join(codes[:limit])
    return f"{shown} 等" if len(codes) > limit else shown


def publish_draft(actor: Actor, draft: Draft) -> Plan:
    """Create the Plan with its task tree and assignments and publish it, in one transaction.

    Each task keeps source_start/source_end into the plan's source_text (the draft's), so the interface
    can show the sentence it came from. Refused, with what to fix, while items lack a lead unit or carry
    unmatched unit names.
    """
    access.require(actor, Action.EDIT_DRAFT, draft)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if not locked.is_editing:
            raise DraftError("这份草稿已经发布过了。")
        problems = publish_problems(locked)
        if problems:
            raise DraftError("还不能发布：" + "".join(problems))
        units = Unit.objects.in_bulk({pk for n, *_ in T.walk(locked.tree) for pk in n["lead"] + n["co"]})
        plan = plan_services.create_plan(
            actor,
            title=locked.title,
            year=locked.year,
            deploying_unit=locked.deploying_unit,
            source_text=locked.source_text,
        )
        _add_tasks(actor, plan, locked.tree, None, units)
        plan = plan_services.publish_plan(actor, plan)
        locked.status, locked.plan = Draft.Status.PUBLISHED, plan
        locked.revision += 1
        locked.save(update_fields=["status", "plan", "revision", "updated_at"])
        record(
            actor,
            "publish_draft",
            locked,
            after={"plan": plan.pk, "tasks": T.count(locked.tree)},
            summary=f"由导入草稿发布工作部署：{plan.title}",
        )
    return plan


def _add_tasks(actor: Actor, plan: Plan, nodes: list[dict], parent: Task | None, units: dict) -> None:
    for node in nodes:
        task = plan_services.add_task(
            actor,
            plan,
            parent=parent,
            title=node["title"][:300],
            description=node.get("text", ""),
            tier=node.get("tier") or Task.Tier.ROUTINE,
            weight=_weight(node, _label(node)),
            deadline=date.fromisoformat(node["deadline"]) if node.get("deadline") else None,
            deadline_text=(node.get("deadline_text") or "")[:50],
            is_guidance=bool(node.get("guidance")),
            targets=[_task_target(t) for t in node.get("targets", [])] or None,
            source_start=node.get("source_start"),
            source_end=node.get("source_end"),
        )
        if node["lead"] or node["co"]:
            plan_services.assign(
                actor,
                task,
                lead_units=[units[pk] for pk in node["lead"]],
                co_units=[units[pk] for pk in node["co"]],
            )
        _add_tasks(actor, plan, node.get("children", []), task, units)


def _weight(node: dict, label: str) -> Decimal:
    """An item's weight; an item without one weighs 1 (the Task default), a weight that is not a number
    is refused (ServiceError) rather than guessed."""
    value = node.get("weight")
    return (
        parse_decimal(value, f"{label}的权重", low=Decimal(0), high=Decimal(9999))
        if value not in (None, "")
        else Decimal(1)
    )


def _task_target(t: dict) -> dict:
    return {
        "metric": t.get("metric", "")[:100],
        "target_value": parse_decimal(t.get("target_value"), f"指标“{t.get('metric', '')}”的目标值").quantize(
            Decimal("0.01")
        ),
        "unit": t.get("unit", "")[:20],
    }


def discard_draft(actor: Actor, draft: Draft) -> None:
    """Throw away a draft that is still being edited (a wrong file, a second import of the same text)."""
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if not (locked.is_editing or locked.is_failed):
            raise DraftError("已发布或正在解析的草稿不能删除。")
        record(
            actor,
            "discard_draft",
            locked,
            before={"title": locked.title, "items": T.count(locked.tree)},
            summary=f"删除导入草稿：{locked.title}",
        )
        locked.delete()
