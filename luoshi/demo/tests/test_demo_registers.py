"""The demo's risk register: a handful of realistic risks, each a task of the year's risk plan, marked as demo
data; one closed out with evidence (已化解), one with a review date already missed (red)."""

from datetime import date

import pytest
from django.db import transaction

from luoshi.demo.loader import load_demo
from luoshi.items.services import task_light
from luoshi.plans.models import Plan
from luoshi.registers.models import Risk

DEMO_DAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = load_demo(DEMO_DAY, history_months=1)
        yield loaded
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_risks_are_demo_data_in_one_risk_plan(demo):
    risks = Risk.objects.select_related("task__plan")
    assert risks.count() >= 4 and all(r.is_demo for r in risks)
    plans = {r.task.plan for r in risks}
    assert len(plans) == 1 and all(p.is_demo and p.kind == Plan.Kind.RISK for p in plans)
    assert {r.level for r in risks} == set(Risk.Level.values)


def test_one_risk_is_resolved_and_one_is_red(demo):
    statuses = [r.status for r in Risk.objects.select_related("task")]
    assert statuses.count(Risk.Status.RESOLVED) == 1
    lights = [task_light(r.task, r.task.milestones.all(), DEMO_DAY).light for r in Risk.objects.all()]
    assert "red" in lights and "green" in lights


def test_the_representatives_are_demo_data_along_the_pipeline(demo):
    from luoshi.registers.models import Representative

    people = Representative.objects.all()
    assert people.count() == 5 and all(p.is_demo for p in people)
    assert {p.stage for p in people} == {"reserve", "cultivate", "use"}
    used = people.get(stage="use")
    assert [c.stage for c in used.stage_changes.all()] == ["reserve", "cultivate", "use"]
    assert all("*" in p.id_number_masked for p in people)
