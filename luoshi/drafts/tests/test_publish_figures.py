"""Publishing computes the plan's figures on its rows before inserting them (`NewPlanFigures`); what it
stores must be exactly what a recompute of the inserted rows stores: figures and light history."""

from datetime import timedelta

from django.utils import timezone

from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.plans.models import Assignment, LightChange, Task
from luoshi.plans.progress.lights import Light
from luoshi.plans.progress.recompute import recompute_plan, stale_figures
from luoshi.tests.factories import lead_unassigned

from .test_services import flat


def _history(plan) -> set[tuple]:
    return set(
        LightChange.objects.filter(plan=plan).values_list(
            "task_id", "assignment_id", "on", "light", "previous", "reason"
        )
    )


def _figures(plan) -> set[tuple]:
    tasks = Task.objects.filter(plan=plan).values_list(
        "id", "computed_progress", "progress", "light", "is_overdue", "days_overdue"
    )
    assignments = Assignment.objects.filter(task__plan=plan).values_list(
        "id", "light", "is_overdue", "days_overdue"
    )
    return set(tasks) | set(assignments)


def test_published_figures_and_history_equal_a_recompute_after_insert(draft, actor, own_unit):
    draft = services.resolve_unknown_unit(actor, draft, flat(draft)["1.1"]["id"], "市侨联", None)
    draft = lead_unassigned(actor, draft, own_unit)
    today = timezone.localdate()
    due = {"1.1": today + timedelta(days=3), "1.2": today - timedelta(days=10), "2.1": today + timedelta(300)}
    for node, code, _depth, _parent in T.walk(draft.tree):
        node["deadline"] = due[code].isoformat() if code in due else None
    draft.save(update_fields=["tree"])

    plan = services.publish_draft(actor, draft)

    assert stale_figures(plan) == []
    published = _figures(plan), _history(plan)
    lights = set(Task.objects.filter(plan=plan).values_list("light", flat=True))
    assert {Light.RED, Light.YELLOW, Light.GREEN} <= lights  # the comparison covers every colour
    # The rows as a plain insert leaves them, then the bulk recompute publishing used to run.
    LightChange.objects.filter(plan=plan).delete()
    Task.objects.filter(plan=plan).update(
        computed_progress=0, progress=0, light=Light.GREEN, is_overdue=False, days_overdue=0
    )
    Assignment.objects.filter(task__plan=plan).update(light=Light.GREEN, is_overdue=False, days_overdue=0)
    recompute_plan(plan, today)
    assert (_figures(plan), _history(plan)) == published
