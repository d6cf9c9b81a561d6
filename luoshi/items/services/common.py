"""What the 督办 acts share: the acting user, the locked assignment, the item a task came from."""

from __future__ import annotations

from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.plans.progress.locks import lock_plan


def user_of(actor: Actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def locked_assignment(assignment: Assignment) -> Assignment:
    """The assignment's row under the plan's lock (lock order: plan, rows, audit), refused when its plan
    is not in progress or its task is cancelled. Call inside transaction.atomic()."""
    plan_id = Assignment.objects.values_list("task__plan_id", flat=True).get(pk=assignment.pk)
    lock_plan(plan_id)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("task__plan", "unit")
        .get(pk=assignment.pk)
    )
    if assignment.task.plan.status != Plan.Status.PUBLISHED:
        raise ServiceError("该工作部署未发布或已归档，不能办理。")
    if assignment.task.status == Task.Status.CANCELLED:
        raise ServiceError("该任务已取消，不能办理。")
    return assignment


def lead_assignment(task: Task) -> Assignment | None:
    """The task's first lead unit (主办): the one that asks to close the task."""
    return task.assignments.filter(role=Assignment.Role.LEAD).order_by("unit__order", "id").first()


def item_of(task: Task):
    """The 督办事项 the task was dispatched from, or None for a task of an ordinary plan."""
    from ..models import Item

    return Item.objects.filter(task_id=task.pk).first()
