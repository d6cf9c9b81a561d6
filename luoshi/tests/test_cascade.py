"""逐级分解 (cascade): a district breaks a city task down for its streets; the streets' accepted reports
roll up into the district's assignment on the city task and on up the city's tree; the city sees the chain;
a loop is refused; the city may override the rolled-up figure with a note."""

from decimal import Decimal

import pytest

from luoshi.audit.services import Actor
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.org.access import Action, restrict
from luoshi.org.models import Unit, User
from luoshi.plans import services
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.reports import services as reports
from luoshi.reports.models import Report
from luoshi.tests import factories as f

from ..conftest import _user, login


@pytest.fixture
def streets(own_unit):
    return [
        f.UnitFactory(
            name=f"江岸区{n}街道", short_name=f"{n}街道", kind=Unit.Kind.STREET, parent=own_unit, order=i
        )
        for i, n in enumerate(["大智", "一元"], start=1)
    ]


@pytest.fixture
def district_supervisor(own_unit):
    return _user("jiangan-duban", User.Role.SUPERVISOR, own_unit)


@pytest.fixture
def street_liaisons(streets):
    return [_user(f"street{i}", User.Role.LIAISON, s) for i, s in enumerate(streets)]


def _cascade_to_streets(district_supervisor, own_assignment, streets) -> Plan:
    actor = Actor(user=district_supervisor)
    sub = services.cascade_assignment(actor, own_assignment)
    line = sub.tasks.get()
    services.assign(actor, line, lead_units=streets, co_units=[])
    services.publish_plan(actor, sub)
    return sub


def _street_reports(sub, street_liaisons, district_supervisor, percents):
    for liaison, percent in zip(street_liaisons, percents, strict=True):
        a = Assignment.objects.get(task__plan=sub, unit=liaison.unit)
        services.acknowledge(Actor(user=liaison), a, responsible_person="王芳")
        report = reports.start_report(Actor(user=liaison), a, period="2025-03")
        Report.objects.filter(pk=report.pk).update(percent=percent, narrative="已召开推进会。")
        report.refresh_from_db()
        reports.submit_report(Actor(user=liaison), report)
        reports.accept_report(Actor(user=district_supervisor), report)


def test_street_progress_rolls_up_to_the_city(
    district_supervisor, own_assignment, streets, street_liaisons, task
):
    sub = _cascade_to_streets(district_supervisor, own_assignment, streets)
    assert sub.deploying_unit == own_assignment.unit and sub.cascaded_from == own_assignment
    assert sub.cascade_plans == f"/{task.plan_id}/"

    _street_reports(sub, street_liaisons, district_supervisor, [40, 80])

    own_assignment.refresh_from_db()
    task.refresh_from_db()
    assert own_assignment.cascade_progress == Decimal("60.00")
    assert own_assignment.progress == Decimal("60.00")
    assert task.progress == Decimal("60.00")


def test_the_districts_own_report_does_not_overwrite_the_rolled_up_figure(
    district_supervisor, own_assignment, streets, street_liaisons, task, liaison, supervisor
):
    sub = _cascade_to_streets(district_supervisor, own_assignment, streets)
    _street_reports(sub, street_liaisons, district_supervisor, [20, 40])
    report = reports.start_report(Actor(user=liaison), own_assignment, period="2025-03")
    Report.objects.filter(pk=report.pk).update(percent=95, narrative="全区推进顺利。")
    report.refresh_from_db()
    reports.submit_report(Actor(user=liaison), report)
    reports.accept_report(Actor(user=supervisor), report)
    own_assignment.refresh_from_db()
    assert own_assignment.progress == Decimal("30.00")


def test_the_city_overrides_the_rolled_up_figure_with_a_note(
    district_supervisor, own_assignment, streets, street_liaisons, task, supervisor
):
    sub = _cascade_to_streets(district_supervisor, own_assignment, streets)
    _street_reports(sub, street_liaisons, district_supervisor, [40, 80])
    with pytest.raises(ServiceError, match="调整说明"):
        services.override_assignment_progress(Actor(user=supervisor), own_assignment, progress=90, note="")
    services.override_assignment_progress(
        Actor(user=supervisor), own_assignment, progress=Decimal("70"), note="区级统筹工作另计"
    )
    task.refresh_from_db()
    own_assignment.refresh_from_db()
    assert (own_assignment.cascade_progress, own_assignment.progress) == (Decimal("60.00"), Decimal("70.00"))
    assert task.progress == Decimal("70.00")
    # A later change below moves the computed figure, not the overridden one.
    street = Assignment.objects.filter(task__plan=sub).first()
    Assignment.objects.filter(pk=street.pk).update(progress=100)
    from luoshi.plans.progress.recompute import recompute_task

    recompute_task(street.task)
    own_assignment.refresh_from_db()
    assert own_assignment.progress == Decimal("70.00") and own_assignment.cascade_progress != Decimal("60.00")
    services.override_assignment_progress(Actor(user=supervisor), own_assignment, progress=None, note="")
    own_assignment.refresh_from_db()
    assert own_assignment.progress == own_assignment.cascade_progress


def test_override_only_for_a_cascaded_assignment(own_assignment, supervisor):
    with pytest.raises(ServiceError, match="已分解并发布"):
        services.override_assignment_progress(
            Actor(user=supervisor), own_assignment, progress=50, note="估计"
        )


def test_a_district_cascades_once_and_only_its_own_assignment(
    district_supervisor, own_assignment, other_assignment, streets
):
    actor = Actor(user=district_supervisor)
    with pytest.raises(AccessDenied):
        services.cascade_assignment(actor, other_assignment)
    services.cascade_assignment(actor, own_assignment)
    with pytest.raises(ServiceError, match="不能重复分解"):
        services.cascade_assignment(actor, own_assignment)
    assert Plan.objects.filter(cascaded_from__isnull=False).count() == 1


def test_a_cascade_that_would_loop_is_refused(city, own_unit, streets, district_supervisor, own_assignment):
    """After a reorganisation puts the city under one of its streets, the street's cascade would bring the
    chain back to the city: refused in Chinese, nothing stored."""
    sub = _cascade_to_streets(district_supervisor, own_assignment, streets)
    street_assignment = Assignment.objects.filter(task__plan=sub).first()
    # The street's own supervisor cascades to a unit that already deploys a plan above in the chain.
    street_supervisor = _user("street-duban", User.Role.SUPERVISOR, street_assignment.unit)
    sub2 = services.cascade_assignment(Actor(user=street_supervisor), street_assignment)
    assert sub2.cascade_units == f"/{city.pk}/{own_unit.pk}/"
    # The district is (by a reorganisation) placed under the street, and given a task of the street's plan.
    Unit.objects.filter(pk=own_unit.pk).update(parent=street_assignment.unit)
    loop = Assignment.objects.create(task=sub2.tasks.get(), unit=own_unit)
    Plan.objects.filter(pk=sub2.pk).update(status=Plan.Status.PUBLISHED)
    before = Plan.objects.count()
    with pytest.raises(ServiceError, match="循环"):
        services.cascade_assignment(Actor(user=district_supervisor), loop)
    assert Plan.objects.count() == before


def test_the_city_sees_the_chain_and_the_district_sees_the_city_task(
    supervisor,
    district_supervisor,
    own_assignment,
    other_assignment,
    streets,
    street_liaisons,
    task,
    other_task,
):
    sub = _cascade_to_streets(district_supervisor, own_assignment, streets)
    street_tasks = Task.objects.filter(plan=sub)
    assert set(restrict(supervisor, Action.VIEW_PLAN, Plan.objects.all())) >= {task.plan, sub}
    assert (
        restrict(supervisor, Action.VIEW_ASSIGNMENT, Assignment.objects.filter(task__plan=sub)).count() == 2
    )
    assert not restrict(supervisor, Action.EDIT_PLAN, Plan.objects.filter(pk=sub.pk)).exists()
    # The district's supervisor sees the city task assigned to it, not the other district's.
    visible = Task.objects.visible_to(district_supervisor)
    assert task in visible and other_task not in visible
    assert set(street_tasks) <= set(visible)
    # A street liaison sees its own work only, not the city's plan.
    assert not Plan.objects.visible_to(street_liaisons[0]).filter(pk=task.plan_id).exists()


def test_pages(client, supervisor, district_supervisor, own_assignment, streets, street_liaisons, task):
    login(client, district_supervisor)
    page = client.get(f"/plans/tasks/{task.pk}/")
    assert "分解到下级单位" in page.content.decode()
    response = client.post(f"/plans/assignments/{own_assignment.pk}/cascade/")
    sub = Plan.objects.get(cascaded_from=own_assignment)
    assert response.status_code == 302 and response["Location"] == f"/plans/{sub.pk}/"
    detail = client.get(f"/plans/{sub.pk}/").content.decode()
    assert "逐级分解自" in detail and task.title in detail
    # The district reads the city plan's page with its own task only.
    city_page = client.get(f"/plans/{task.plan_id}/").content.decode()
    assert task.title in city_page
    assert client.get(f"/plans/{task.plan_id}/export/").status_code == 404
    actor = Actor(user=district_supervisor)
    services.assign(actor, sub.tasks.get(), lead_units=streets, co_units=[])
    services.publish_plan(actor, sub)
    _street_reports(sub, street_liaisons, district_supervisor, [50, 70])

    client.force_login(supervisor)
    chain = client.get(f"/plans/tasks/{task.pk}/chain/").content.decode()
    assert "大智街道" in chain and "一元街道" in chain and "60%" in chain
    response = client.post(
        f"/plans/assignments/{own_assignment.pk}/override/", {"progress": "65", "note": "区级统筹另计"}
    )
    assert response.status_code == 302
    own_assignment.refresh_from_db()
    assert own_assignment.progress == Decimal("65.00")
    # The district may not override the city's figure.
    client.force_login(district_supervisor)
    response = client.post(
        f"/plans/assignments/{own_assignment.pk}/override/", {"progress": "99", "note": "x"}
    )
    assert response.status_code == 404


def test_a_cascaded_assignment_is_not_dropped(
    supervisor, district_supervisor, own_assignment, other_unit, task
):
    services.cascade_assignment(Actor(user=district_supervisor), own_assignment)
    with pytest.raises(ServiceError, match="已将该任务逐级分解"):
        services.assign(Actor(user=supervisor), task, lead_units=[other_unit], co_units=[])
    assert Assignment.objects.filter(pk=own_assignment.pk).exists()
