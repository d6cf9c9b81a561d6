"""四责协同 act: name who holds each of the four duties for a task (usually a task line)."""

from __future__ import annotations

from django.db import transaction

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import ServiceError
from luoshi.lib.text import clean_text
from luoshi.org.models import Unit

from ..models import Duty, Task
from ..progress.locks import lock_plan
from .common import _check_supervisor, _not_archived


def _holders(task: Task) -> dict:
    return {d.kind: {"unit": d.unit_id, "person": d.person} for d in task.duties.all()}


def set_duties(actor: Actor, task: Task, holders: dict[str, dict]) -> list[Duty]:
    """Replace the task's duty holders: `holders` maps a kind (主体责任 …) to {"unit": Unit|None,
    "person": str}; a kind with neither is cleared. A unit must be the deploying unit or under it."""
    _check_supervisor(actor, task.plan)
    unknown = set(holders) - set(Duty.Kind.values)
    if unknown:
        raise ServiceError(f"未知的责任类别：{'、'.join(sorted(unknown))}。")
    cleaned = {}
    for kind, h in holders.items():
        person = clean_text(h.get("person") or "").strip()
        unit = h.get("unit")
        if len(person) > 100:
            raise ServiceError(f"{Duty.Kind(kind).label}的责任人不能超过100字。")
        if (
            unit is not None
            and not Unit.objects.subtree(task.plan.deploying_unit).filter(pk=unit.pk).exists()
        ):
            raise ServiceError(f"{unit.display_name}不在本部署单位的督办范围内。")
        if unit is not None or person:
            cleaned[kind] = (unit, person)
    with transaction.atomic():
        lock_plan(task.plan_id)  # plan lock, then the row, then the audit lock (progress/locks.py)
        task = Task.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
        _not_archived(task.plan)
        before = _holders(task)
        task.duties.all().delete()
        Duty.objects.bulk_create(Duty(task=task, kind=k, unit=u, person=p) for k, (u, p) in cleaned.items())
        record(
            actor,
            "set_duties",
            task,
            before=before,
            after=_holders(task),
            summary=f"明确任务 {task.code} 的四责："
            + (
                "；".join(
                    f"{Duty.Kind(k).label}{u.display_name if u else ''}{p}" for k, (u, p) in cleaned.items()
                )
                or "清空"
            ),
        )
    return list(task.duties.select_related("unit"))
