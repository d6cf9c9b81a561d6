"""A tiny run of the supervise benchmark's comparison: the ORM selection and the hand-written SQL select the
same steps (times are not checked here), with a 特急 item among them so the major ladder and the 签收
chase are compared too."""

from datetime import timedelta

from bench.bench_supervise import compare_once
from bench.generate import AS_OF, generate
from luoshi.audit.services import Actor
from luoshi.items import services as items
from luoshi.items.models import Source, Urgency
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment
from luoshi.supervise import ladder
from luoshi.supervise.run import supervise
from luoshi.supervise.selection import due_steps
from luoshi.workdays.models import working_days


def _overdue_extra_urgent_item() -> Assignment:
    office = Unit.objects.filter(parent__isnull=True).order_by("id").first()
    unit = Unit.objects.filter(parent=office).order_by("order", "id").first()
    made = items.register_item(
        Actor.system(),
        deploying_unit=office,
        source=Source.ASSIGNED,
        urgency=Urgency.EXTRA_URGENT,
        title="特急交办事项",
        origin_author="省委办公厅",
        lead_units=[unit],
    )
    made = items.approve_item(Actor.system(), made)
    Assignment.objects.filter(task=made.task).update(due_on=AS_OF - timedelta(days=3), acknowledged_at=None)
    return made.task.assignments.get()


def test_the_orm_and_sql_select_the_same_steps(db):
    generate(scale=0.01, seed=7, verbose=False)
    urgent = _overdue_extra_urgent_item()
    kinds = compare_once(AS_OF)
    assert kinds.get("escalation", 0) + kinds.get("chase", 0) > 0 and kinds.get("missing_report", 0) > 0
    assert kinds.get("acknowledge", 0) > 0
    steps = {(s.assignment_id, s.kind) for s in due_steps(AS_OF, working_days(), ladder.LadderSettings())}
    assert (urgent.pk, "warning") in steps and (urgent.pk, "chase") not in steps
    # Once the job has recorded them, neither side selects them again.
    supervise(AS_OF, send=False)
    assert compare_once(AS_OF) == {}
