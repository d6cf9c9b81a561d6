"""What the plan, task and assignment acts share: who may act, input checks, snapshots for the audit
record, and renumbering."""

from __future__ import annotations

from decimal import Decimal

from luoshi.audit.services import Actor, snapshot
from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action

from ..models import Plan, Task
from ..progress.locks import lock_plan
from ..progress.recompute import recompute_task

PLAN_FIELDS = {
    "title",
    "year",
    "kind",
    "period",
    "rollup",
    "starts_on",
    "source_text",
    "due_on_previous_workday",
}
TASK_FIELDS = {
    "title",
    "description",
    "tier",
    "weight",
    "deadline",
    "deadline_text",
    "is_guidance",
    "source_start",
    "source_end",
    "status",
}


# --- who may act -----------------------------------------------------------------------------------------


def _check_supervisor(actor: Actor, plan: Plan) -> None:
    """Only a supervisor of the plan's deploying unit (or the system) changes a plan."""
    access.require(actor, Action.EDIT_PLAN, plan)


def _user(actor: Actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


# --- small helpers ---------------------------------------------------------------------------------------


def _not_archived(plan: Plan) -> None:
    if plan.status == Plan.Status.ARCHIVED:
        raise ServiceError("该工作部署已归档，不能再修改。")


def _locked_live_task(task: Task, cancelled_message: str) -> Task:
    """The task's row, locked for an act that changes it: the plan's lock first (see progress.locks), then the
    row; refused when the plan is archived or the task cancelled. Call inside transaction.atomic()."""
    lock_plan(task.plan_id)
    task = Task.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
    _not_archived(task.plan)
    if task.status == Task.Status.CANCELLED:
        raise ServiceError(cancelled_message)
    return task


def _choice(value: str, choices, label: str) -> str:
    if value not in choices.values:
        raise ServiceError(f"{label}“{value}”无效。")
    return value


def _clean_targets(targets: list[dict]) -> list[dict]:
    cleaned = []
    for item in targets:
        metric = clean_text(item.get("metric")).strip()
        if not metric:
            raise ServiceError("量化指标须填写指标名称。")
        cleaned.append(
            {
                "id": item.get("id"),
                "metric": metric[:100],
                "target_value": parse_decimal(
                    item.get("target_value"), f"指标“{metric}”的目标值", low=Decimal(0)
                ),
                "unit": clean_text(item.get("unit")).strip()[:20],
            }
        )
    return cleaned


def _task_snapshot(task: Task) -> dict:
    data = snapshot(task)
    data["targets"] = [
        {"id": t.pk, "metric": t.metric, "target_value": str(t.target_value), "unit": t.unit}
        for t in task.targets.all()
    ]
    return data


def _assignments_snapshot(task: Task) -> list[dict]:
    return [
        {"unit": a.unit_id, "role": a.role, "acknowledged": a.is_acknowledged}
        for a in task.assignments.order_by("role", "unit__order", "id")
    ]


def _subtree_ids(task: Task) -> list[int]:
    """Ids of the task and all tasks under it (one query, walked in memory)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Task.objects.filter(plan_id=task.plan_id).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    ids, stack = [], [task.pk]
    while stack:
        pk = stack.pop()
        ids.append(pk)
        stack.extend(children.get(pk, []))
    return ids


def _recompute(task: Task) -> None:
    """Derived figures follow a change in a published plan (a draft has nothing to show yet)."""
    if task.plan.status == Plan.Status.PUBLISHED:
        recompute_task(task)


def _renumber(plan: Plan, parent_id: int | None) -> None:
    """Give the siblings under `parent_id` codes 1..n in position order, and their subtrees to match.
    Used only in draft plans, where nobody outside the deploying unit has seen a code yet."""
    tasks = list(Task.objects.filter(plan=plan).only("id", "parent_id", "code", "position"))
    by_parent: dict[int | None, list[Task]] = {}
    for t in tasks:
        by_parent.setdefault(t.parent_id, []).append(t)
    for siblings in by_parent.values():
        siblings.sort(key=lambda t: (t.position, t.id))
    prefix = ""
    if parent_id is not None:
        prefix = next(t.code for t in tasks if t.id == parent_id) + "."
    changed = []
    stack = [(prefix, parent_id)]
    while stack:
        prefix, pid = stack.pop()
        for n, t in enumerate(by_parent.get(pid, []), start=1):
            code = f"{prefix}{n}"
            if t.code != code:
                t.code = code
                changed.append(t)
            stack.append((code + ".", t.id))
    Task.objects.bulk_update(changed, ["code"], batch_size=500)
