from django.apps import AppConfig


def item_urgencies(assignment_ids: list[int]) -> dict[int, str]:
    """The urgency of each assignment that belongs to a 督办事项 (its one-task plan), for `plans.urgency`."""
    from luoshi.plans.models import Assignment

    rows = Assignment.objects.filter(pk__in=assignment_ids, task__plan__item__isnull=False)
    return dict(rows.values_list("pk", "task__plan__item__urgency"))


class ItemsConfig(AppConfig):
    name = "luoshi.items"
    label = "items"
    verbose_name = "督办事项"

    def ready(self) -> None:
        from luoshi.plans import urgency

        urgency.register(item_urgencies)
