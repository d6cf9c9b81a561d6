"""The registers' scoped querysets and filters: one home for what a person may see and how lists filter,
used by the pages and the API alike."""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.org import access
from luoshi.org.access import Action

from .models import Representative, Risk


def risks_visible_to(user) -> QuerySet[Risk]:
    return access.restrict(user, Action.VIEW_RISK, Risk.objects.all())


def filter_risks(
    risks: QuerySet[Risk], *, area: str = "", level: str = "", status: str = ""
) -> QuerySet[Risk]:
    if area:
        risks = risks.filter(area=area)
    if level:
        risks = risks.filter(level=level)
    if status:
        risks = risks.filter(task__status__in=Risk.task_statuses(status))
    return risks


def representatives_visible_to(user) -> QuerySet[Representative]:
    return access.restrict(user, Action.VIEW_REPRESENTATIVE, Representative.objects.all())


def filter_representatives(
    people: QuerySet[Representative], *, sector: str = "", category: str = "", stage: str = ""
) -> QuerySet[Representative]:
    for field, value in (("sector", sector), ("category", category), ("stage", stage)):
        if value:
            people = people.filter(**{field: value})
    return people
