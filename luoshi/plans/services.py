"""Writes to plans, tasks and assignments. Each function is named for the act, owns its transaction and
writes an audit entry (who, when, from where, what, before and after). Views never save models directly.

Errors a person can fix raise `ServiceError` with a Chinese message.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from luoshi.audit.services import Actor

from .models import Assignment, Plan, Task


class ServiceError(Exception):
    """A refused act, with a message in Chinese for the person who tried it."""


def create_plan(actor: Actor, *, title: str, year: int, deploying_unit, kind: str = Plan.Kind.ANNUAL,
                period: str = Plan.Period.MONTHLY, rollup: str = Plan.Rollup.WEIGHTED,
                source_text: str = "", starts_on: date | None = None) -> Plan:
    raise NotImplementedError


def update_plan(actor: Actor, plan: Plan, **fields) -> Plan:
    """Change a plan's title, year, period, rollup or start; status changes go through publish/archive."""
    raise NotImplementedError


def add_task(actor: Actor, plan: Plan, *, title: str, parent: Task | None = None, description: str = "",
             tier: str = Task.Tier.ROUTINE, weight: Decimal = Decimal("1"), deadline: date | None = None,
             deadline_text: str = "", is_guidance: bool = False, targets: list[dict] | None = None,
             source_start: int | None = None, source_end: int | None = None) -> Task:
    """Append a task under `parent` (or at the top); its code (1, 1.2, 1.2.3) follows its position.
    `targets` is a list of {"metric", "target_value", "unit"}."""
    raise NotImplementedError


def update_task(actor: Actor, task: Task, *, targets: list[dict] | None = None, **fields) -> Task:
    raise NotImplementedError


def delete_task(actor: Actor, task: Task) -> None:
    """Delete a task and its subtree from a draft plan; in a published plan a task is cancelled instead."""
    raise NotImplementedError


def cancel_task(actor: Actor, task: Task, *, note: str = "") -> Task:
    raise NotImplementedError


def assign(actor: Actor, task: Task, *, lead_units: list, co_units: list) -> list[Assignment]:
    """Set the task's lead and co-operating units (replacing the previous set; acknowledged assignments
    that stay keep their acknowledgement)."""
    raise NotImplementedError


def publish_plan(actor: Actor, plan: Plan) -> Plan:
    """草稿 → 已发布. Refused when the plan has no tasks or a non-guidance leaf task has no lead unit."""
    raise NotImplementedError


def archive_plan(actor: Actor, plan: Plan) -> Plan:
    raise NotImplementedError


def acknowledge(actor: Actor, assignment: Assignment, *, responsible_person: str,
                responsible_phone: str = "") -> Assignment:
    """签收: the liaison confirms receipt and names the responsible person."""
    raise NotImplementedError


def override_progress(actor: Actor, task: Task, *, progress: Decimal | None, note: str) -> Task:
    """A supervisor's hand-set progress for a task, shown beside the computed one; None clears it.
    A note is required when setting."""
    raise NotImplementedError
