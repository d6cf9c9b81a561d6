"""Keyword search over plans, tasks, reports and units, scoped by the permission policy.

Every kind starts from the same scoped queryset its own page uses (`visible_to`, i.e. `org.access`), so a
search never finds what the person could not open. Chinese is not split into words by PostgreSQL's text
search (its parsers cut on spaces and punctuation), so a term is matched as a substring: `icontains`, which
is LIKE on SQLite and UPPER(…) LIKE on PostgreSQL — the same answer on both databases. On PostgreSQL each
searched column has a pg_trgm GIN index on that expression (`indexes`, migration 0001), so the match is
answered from the index; SQLite scans. Several terms (split on spaces) must all be found, each in any of
the kind's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet

from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.reports.models import Report

MAX_TERMS = 5
MAX_TERM_LENGTH = 50
_SPACES = re.compile(r"[\s\u3000]+")


class Kind(StrEnum):
    TASKS = "tasks"
    REPORTS = "reports"
    UNITS = "units"
    PLANS = "plans"


LABELS = {Kind.TASKS: "任务", Kind.REPORTS: "报送", Kind.UNITS: "单位", Kind.PLANS: "工作部署"}

# The fields each kind is searched in.
FIELDS = {
    Kind.TASKS: ("code", "title", "description", "deadline_text"),
    Kind.REPORTS: (
        "narrative",
        "return_reason",
        "period",
        "assignment__unit__name",
        "assignment__unit__short_name",
        "assignment__task__code",
        "assignment__task__title",
    ),
    Kind.UNITS: ("name", "short_name", "aliases"),
    Kind.PLANS: ("title",),
}


def terms_of(query: str) -> list[str]:
    """The distinct words of a query, at most MAX_TERMS, each cut to MAX_TERM_LENGTH characters."""
    words = [w[:MAX_TERM_LENGTH] for w in _SPACES.split(query or "") if w]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def _matching(qs: QuerySet, fields: tuple[str, ...], terms: list[str]) -> QuerySet:
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        qs = qs.filter(any_field)
    return qs


def kinds_for(user) -> list[Kind]:
    """What a person may search: liaisons have no plan pages, so they search their tasks, reports and unit."""
    if user.is_liaison:
        return [Kind.TASKS, Kind.REPORTS, Kind.UNITS]
    return [Kind.TASKS, Kind.REPORTS, Kind.UNITS, Kind.PLANS]


def units_in_scope(user) -> QuerySet:
    """Units a person may find: those holding an assignment the person may read (a liaison: their own)."""
    assigned = Assignment.objects.visible_to(user).values("unit_id")
    return Unit.objects.filter(pk__in=assigned)


def scoped(user, kind: Kind, unit_id: int | None = None) -> QuerySet:
    """Everything of `kind` the person may read, optionally of one unit, in display order."""
    if kind == Kind.TASKS:
        qs = Task.objects.visible_to(user).exclude(status=Task.Status.CANCELLED)
        if unit_id is not None:
            qs = qs.filter(assignments__unit_id=unit_id).distinct()
        return qs.select_related("plan").order_by("-plan__year", "plan_id", "position", "id")
    if kind == Kind.REPORTS:
        qs = Report.objects.visible_to(user)
        if unit_id is not None:
            qs = qs.filter(assignment__unit_id=unit_id)
        return qs.select_related("assignment__unit", "assignment__task").order_by(
            "-period", "-version", "-id"
        )
    if kind == Kind.UNITS:
        qs = units_in_scope(user)
        if unit_id is not None:
            qs = qs.filter(pk=unit_id)
        return qs.order_by("order", "id")
    qs = Plan.objects.visible_to(user).distinct()
    if unit_id is not None:
        qs = qs.filter(tasks__assignments__unit_id=unit_id)
    return qs.order_by("-year", "-id")


@dataclass
class Found:
    kind: Kind
    label: str
    count: int


def search(user, terms: list[str], kind: Kind, unit_id: int | None = None) -> QuerySet:
    """The person's `kind` objects matching every term (all of them when there are no terms but a unit)."""
    return _matching(scoped(user, kind, unit_id), FIELDS[kind], terms)


def counts(user, terms: list[str], unit_id: int | None = None) -> list[Found]:
    """How many of each kind match, one query per kind."""
    return [Found(k, LABELS[k], search(user, terms, k, unit_id).count()) for k in kinds_for(user)]
