from django.apps import AppConfig

# Above this many ids, reading every item's assignments and picking the asked ones is cheaper than a long
# IN list (the supervise job asks about thousands of assignments; items have far fewer).
LONG_ID_LIST = 500


def item_urgencies(assignment_ids: list[int]) -> dict[int, str]:
    """The urgency of each assignment that belongs to a 督办事项 (its one-task plan), for `plans.urgency`."""
    from luoshi.plans.models import Assignment

    rows = Assignment.objects.filter(task__plan__item__isnull=False)
    if len(assignment_ids) <= LONG_ID_LIST:
        return dict(rows.filter(pk__in=assignment_ids).values_list("pk", "task__plan__item__urgency"))
    asked = set(assignment_ids)
    return {pk: u for pk, u in rows.values_list("pk", "task__plan__item__urgency") if pk in asked}


def next_milestones(task_ids: list[int]):
    """The next unfinished milestone of each task that has one, for the light rule (`plans.progress.nodes`)."""
    from luoshi.plans.progress.nodes import Node

    from .models import Milestone

    found = {}
    rows = Milestone.objects.filter(task_id__in=task_ids, done_on__isnull=True).order_by(
        "task_id", "due_on", "id"
    )
    for task_id, title, due_on in rows.values_list("task_id", "title", "due_on"):
        found.setdefault(task_id, Node(title, due_on))
    return found


class ItemsConfig(AppConfig):
    name = "luoshi.items"
    label = "items"
    verbose_name = "督办事项"

    def ready(self) -> None:
        from luoshi.plans import urgency
        from luoshi.plans.progress import nodes

        urgency.register(item_urgencies)
        nodes.register(next_milestones)
