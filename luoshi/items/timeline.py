"""One item's timeline: what the task page already tells (acts from the audit record on the task, its
assignments and reports; light changes), plus the 督办 loop's own acts (extensions, close-out, reopening,
milestones, the item's registration and approval), newest first.

Extension point: other apps add events (催办 and other notices) by naming a function in the setting
`LUOSHI_TIMELINE_SOURCES` (dotted paths). Each is called as `source(user, task)` and returns a list of
`plans.views.task_page.Event`; this app imports none of them, so the sources may live in any app.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from luoshi.audit.models import AuditEntry
from luoshi.plans.models import Task
from luoshi.plans.views.task_page import Event, _timeline, _unit_rows

from .models import CloseOut, Extension, Item


def _own_events(user, task: Task, assignment_ids: list[int]) -> list[Event]:
    about = Q(
        object_type="items.milestone",
        object_id__in=[str(i) for i in task.milestones.values_list("id", flat=True)],
    )
    extensions = Extension.objects.filter(assignment_id__in=assignment_ids).values_list("id", flat=True)
    close_outs = CloseOut.objects.filter(assignment_id__in=assignment_ids).values_list("id", flat=True)
    about |= Q(object_type="items.extension", object_id__in=[str(i) for i in extensions])
    about |= Q(object_type="items.closeout", object_id__in=[str(i) for i in close_outs])
    item_id = Item.objects.filter(task=task).values_list("id", flat=True).first()
    if item_id:
        about |= Q(object_type="items.item", object_id=str(item_id))
    return [
        Event(at=e.at, what=e.get_action_display(), who=e.actor_name, detail=e.summary)
        for e in AuditEntry.objects.filter(about).only("at", "action", "actor_name", "summary")
    ]


def _when(event: Event) -> datetime:
    if isinstance(event.at, datetime):
        return timezone.localtime(event.at).replace(tzinfo=None)
    return datetime.combine(event.at, datetime.max.time())


def task_timeline(user, task: Task) -> list[Event]:
    rows = _unit_rows_for(user, task)
    events = _timeline(task, rows)
    events += _own_events(user, task, [r.assignment.pk for r in rows if r.full])
    for path in getattr(settings, "LUOSHI_TIMELINE_SOURCES", ()):
        events += import_string(path)(user, task)
    return sorted(events, key=_when, reverse=True)


class _Request:
    """`_unit_rows` reads only `request.user`."""

    def __init__(self, user):
        self.user = user


def _unit_rows_for(user, task: Task):
    return _unit_rows(_Request(user), task, timezone.localdate())


__all__ = ["Event", "task_timeline"]
