from django.apps import AppConfig


def item_urgencies(assignment_ids: list[int]) -> dict[int, str]:
    """The urgency of each assignment that belongs to a 督办事项 (its one-task plan), for `plans.urgency`."""
    from luoshi.plans.models import Assignment

    rows = Assignment.objects.filter(pk__in=assignment_ids, task__plan__item__isnull=False)
    return dict(rows.values_list("pk", "task__plan__item__urgency"))


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
