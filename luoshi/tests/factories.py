"""factory_boy factories shared by every app's tests."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from luoshi.org.models import Unit, User
from luoshi.plans.models import Assignment, Plan, Target, Task
from luoshi.reports.models import Report


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    short_name = factory.Sequence(lambda n: f"单位{n}")
    kind = Unit.Kind.DISTRICT
    order = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    role = User.Role.LIAISON
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("luoshi-test")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    year = 2025
    title = factory.Sequence(lambda n: f"2025年工作要点{n}")
    deploying_unit = factory.SubFactory(UnitFactory, kind=Unit.Kind.DEPARTMENT)
    status = Plan.Status.PUBLISHED
    starts_on = datetime.date(2025, 1, 1)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"任务{n}")
    deadline = datetime.date(2025, 12, 31)
    weight = Decimal("1")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    task = factory.SubFactory(TaskFactory)
    metric = "培训人次"
    target_value = Decimal("200")
    unit = "人次"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Assignment.Role.LEAD
    # Assigned when the plan starts, so fixed-date tests are not moved by the real calendar.
    assigned_on = factory.LazyAttribute(lambda a: a.task.plan.starts_on)

    class Params:
        acknowledged = factory.Trait(
            acknowledged_at=factory.LazyFunction(timezone.now), responsible_person="张明"
        )


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    assignment = factory.SubFactory(AssignmentFactory)
    period = "2025-03"
    narrative = "按计划推进。"
    percent = 30


def lead_unassigned(actor, draft, unit):
    """Give every item of an intake draft that still needs a lead unit (and names no unmatched one) `unit`
    as its lead, the way a supervisor does it in the editor, item by item."""
    from luoshi.drafts import services as drafts
    from luoshi.drafts import tree as T

    needing = [
        n["id"]
        for n, *_ in T.walk(draft.tree)
        if not n.get("children") and not n.get("guidance") and not n["lead"] and not n.get("unknown_lead")
    ]
    for node_id in needing:
        node = T.get(draft.tree, node_id)
        draft = drafts.set_units(
            actor, draft, node_id, lead=[unit.pk], co=node["co"], revision=draft.revision
        )
    return draft
