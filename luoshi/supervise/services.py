"""The supervisor's own act on the 催办 ladder: chase one unit now (人工催办)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import ServiceError
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.plans.models import Assignment, Plan, Task

from .dispatch import recipients_of, send_notice
from .models import Notice

NOTE_MAX = 300


def chase_now(actor: Actor, assignment: Assignment, note: str = "") -> Notice:
    """A supervisor of the deploying unit chases the unit now: a manual notice to its liaisons, its group
    and its 分管领导, made and dispatched at once (the job sends the e-mail and group messages). One a day
    per assignment: a second the same day is refused."""
    access.require(actor, Action.EDIT_PLAN, assignment)
    note = clean_text(note).strip()
    if len(note) > NOTE_MAX:
        raise ServiceError(f"催办说明不能超过{NOTE_MAX}字。")
    task = assignment.task
    if task.plan.status != Plan.Status.PUBLISHED:
        raise ServiceError("工作部署尚未发布或已归档，不能催办。")
    if task.status != Task.Status.ACTIVE:
        raise ServiceError("该任务已办结或已取消，无需催办。")
    today = timezone.localdate()
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                assignment=assignment,
                kind=Notice.Kind.MANUAL,
                level=Notice.LEVELS[Notice.Kind.MANUAL],
                colour=Notice.COLOURS[Notice.Kind.MANUAL],
                due_on=today,
                note=note,
                created_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
            )
            notice = Notice.objects.select_related(
                "assignment__unit", "assignment__task__plan__deploying_unit"
            ).get(pk=notice.pk)
            made = send_notice(notice, recipients_of([notice])[notice.pk])
            notice.dispatched_at = timezone.now()
            notice.save(update_fields=["dispatched_at"])
            record(
                actor,
                "chase",
                notice,
                after={"assignment": assignment.pk, "note": note, "notifications": made},
                summary=f"催办{assignment.unit.display_name}：任务 {task.code}"
                + (f"（{note[:60]}）" if note else ""),
            )
    except IntegrityError:
        raise ServiceError(f"今天已催办过{assignment.unit.display_name}，请明天再催办。") from None
    return notice
