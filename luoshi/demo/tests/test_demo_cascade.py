"""The demo's 上下联动: 黄陂区 breaks its share of 完善基层统战工作网络 down to two streets, 前川街道 breaks
its share down to two communities, and what they report rolls up to the city's task."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from luoshi.demo.loader import load_demo
from luoshi.org.models import Unit, User
from luoshi.plans.models import Assignment, Plan

DEMO_DAY = date(2025, 5, 20)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for the module and rolled back afterwards, so no other test finds its units."""
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = load_demo(DEMO_DAY, history_months=1)
        yield loaded
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_districts_have_streets_with_liaisons(demo):
    for district in ("jiangan", "jianghan", "huangpi"):
        streets = Unit.objects.filter(parent=demo.units[district], kind=Unit.Kind.STREET)
        assert streets.count() == 3
        assert User.objects.filter(unit__in=streets, role=User.Role.LIAISON).count() == 3


@pytest.mark.django_db
def test_a_city_task_is_cascaded_two_levels_and_rolls_up(demo):
    c = demo.cascade
    assert c.district_plan.cascaded_from == c.assignment and c.district_plan.status == Plan.Status.PUBLISHED
    assert c.street_plan.cascade_plans == f"/{demo.plan.pk}/{c.district_plan.pk}/"
    street = Assignment.objects.get(task__plan=c.district_plan, unit=c.units["huangpi-qianchuan"])
    assert street.progress == Decimal("50.00")  # 东门 60, 西门 40
    assignment = Assignment.objects.get(pk=c.assignment.pk)
    assert assignment.cascade_progress == assignment.progress == Decimal("60.00")  # 前川 50, 滠口 70


@pytest.mark.django_db
def test_the_strong_base_line_shows_its_four_duty_holders(demo, client):
    from luoshi.plans.duties import duties_of

    line = demo.plan.tasks.get(parent__isnull=True, title__contains="强基")
    duties, source = duties_of(line.children.first())
    assert source == line
    assert [d.get_kind_display() for d in duties] == ["主体责任", "监督责任", "第一责任人", "一岗双责"]
    client.force_login(demo.people["duban"])
    page = client.get(f"/plans/tasks/{line.pk}/").content.decode()
    assert "驻市委统战部纪检监察组" in page and "第一责任人" in page
