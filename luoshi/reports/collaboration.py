"""左右协同 acts: the lead unit asks a co-operating unit of the same task for input, the co unit answers.
Each owns its transaction and writes an audit entry; who may act is the access table's word
(`WORK_ASSIGNMENT` on the unit's own assignment)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import ServiceError
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.plans.models import Assignment, Plan, Task

from .models import InputRequest

MAX_TEXT = 2000


def _text(value: str, what: str) -> str:
    text = clean_text(value).strip()
    if not text:
        raise ServiceError(f"请填写{what}。")
    if len(text) > MAX_TEXT:
        raise ServiceError(f"{what}不能超过{MAX_TEXT}字。")
    return text


def _user(actor: Actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def ask_input(actor: Actor, asking: Assignment, asked: Assignment, *, question: str) -> InputRequest:
    """The lead unit (`asking`) asks a co-operating unit of the same task (`asked`) for its input."""
    access.require(actor, Action.WORK_ASSIGNMENT, asking)
    question = _text(question, "征求内容")
    if asking.role != Assignment.Role.LEAD:
        raise ServiceError("只有牵头单位可以征求配合单位意见。")
    if asked.task_id != asking.task_id or asked.role != Assignment.Role.CO:
        raise ServiceError("只能向本任务的配合单位征求意见。")
    task = Task.objects.select_related("plan").get(pk=asking.task_id)
    if task.plan.status != Plan.Status.PUBLISHED or task.status != Task.Status.ACTIVE:
        raise ServiceError("任务不在推进中，不能征求意见。")
    with transaction.atomic():
        request = InputRequest.objects.create(
            task=task, asking=asking, asked=asked, question=question, asked_by=_user(actor)
        )
        record(
            actor,
            "ask_input",
            request,
            after={"asked": asked.unit_id, "question": question},
            summary=f"{asking.unit.display_name}征求{asked.unit.display_name}意见：{question[:60]}",
        )
    return request


def answer_input(actor: Actor, request: InputRequest, *, answer: str) -> InputRequest:
    """The co unit answers; an answer, once given, stays (a later word is a new request's answer)."""
    access.require(actor, Action.WORK_ASSIGNMENT, request.asked)
    answer = _text(answer, "答复")
    with transaction.atomic():
        request = InputRequest.objects.select_for_update().select_related("asked__unit").get(pk=request.pk)
        if request.is_answered:
            raise ServiceError("该征求已答复。")
        request.answer = answer
        request.answered_by = _user(actor)
        request.answered_at = timezone.now()
        request.save(update_fields=["answer", "answered_by", "answered_at"])
        record(
            actor,
            "answer_input",
            request,
            after={"answer": answer},
            summary=f"{request.asked.unit.display_name}答复：{answer[:60]}",
        )
    return request
