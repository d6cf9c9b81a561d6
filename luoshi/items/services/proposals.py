"""建议提案: the lead unit uploads the answer (答复件); the supervisor records the proposer's rating
(满意 / 基本满意 / 不满意). 不满意 sends it back for another round: the answer is due again and, if the task
was signed off, it is reopened."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.plans.models import Task
from luoshi.reports import evidence_files

from ..models import Item, ItemFile
from .closeouts import reopen_task
from .common import lead_assignment, locked_assignment
from .files import attach, check_files


def _proposal(item: Item) -> Item:
    if not item.is_proposal:
        raise ServiceError("只有建议提案需要答复和评价。")
    if item.task_id is None:
        raise ServiceError("该建议提案尚未交办。")
    return item


def answer_proposal(actor: Actor, item: Item, *, files) -> Item:
    """The lead unit's answer document for this round."""
    _proposal(item)
    assignment = lead_assignment(item.task)
    access.require(actor, Action.WORK_ASSIGNMENT, assignment)
    if actor.user is not None and assignment.unit_id != actor.user.unit_id:
        raise ServiceError("答复件由主办单位上传。", code="co_unit")
    if not files:
        raise ServiceError("请上传答复件。")
    check_files(files)
    with evidence_files.atomic():
        locked_assignment(assignment)
        item = Item.objects.select_for_update().get(pk=item.pk)
        if item.answered_at is not None:
            raise ServiceError("本轮已上传答复件；提出人评价为不满意后可重新答复。")
        before = snapshot(item, fields=["answered_at", "rating", "rounds"])
        names = [attach(actor, f, ItemFile.Purpose.ANSWER, item=item).original_name for f in files]
        item.answered_at = timezone.now()
        item.save(update_fields=["answered_at"])
        record(
            actor,
            "answer_proposal",
            item,
            before=before,
            after={**snapshot(item, fields=["answered_at", "rating", "rounds"]), "files": names},
            summary=f"{item.number} 第{item.rounds}轮答复：{'、'.join(names)}",
        )
    return item


def rate_proposal(actor: Actor, item: Item, *, rating: str, note: str = "") -> Item:
    """The proposer's rating of this round's answer; 不满意 starts another round (重新办理)."""
    _proposal(item)
    access.require(actor, Action.EDIT_PLAN, item.task.plan)
    if rating not in Item.Rating.values:
        raise ServiceError("请选择提出人的评价：满意、基本满意或不满意。")
    with transaction.atomic():
        item = Item.objects.select_for_update(of=("self",)).select_related("task__plan").get(pk=item.pk)
        if item.answered_at is None:
            raise ServiceError("尚未上传答复件，不能登记评价。")
        if item.rating:
            raise ServiceError("本轮已登记评价。")
        before = snapshot(item, fields=["answered_at", "rating", "rounds"])
        label = Item.Rating(rating).label
        if rating == Item.Rating.UNSATISFIED:
            if item.task.status == Task.Status.COMPLETED:
                reopen_task(actor, item.task, reason=f"提出人对第{item.rounds}轮答复不满意，重新办理")
            item.rounds += 1
            item.answered_at = None
            summary = f"{item.number} 提出人评价：{label}，转入第{item.rounds}轮办理"
        else:
            item.rating = rating
            item.rated_at = timezone.now()
            summary = f"{item.number} 提出人评价：{label}"
        if note:
            summary += f"（{note.strip()[:80]}）"
        item.save(update_fields=["answered_at", "rating", "rated_at", "rounds"])
        record(
            actor,
            "rate_proposal",
            item,
            before=before,
            after=snapshot(item, fields=["answered_at", "rating", "rounds"]),
            summary=summary,
        )
    return item
