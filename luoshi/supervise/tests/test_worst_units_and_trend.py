"""The dashboard's first screen names the worst units, and its trend starts where the data starts."""

import datetime
from decimal import Decimal

from django.urls import reverse

from luoshi.conftest import login
from luoshi.plans.models import Plan
from luoshi.supervise import queries
from luoshi.tests import factories as f

from .test_dashboard import TODAY, URL, board_plan  # noqa: F401 — the fixture


def test_worst_units_have_the_most_red_then_the_most_overdue(board_plan, own_unit, other_unit):  # noqa: F811
    rows = queries.worst_units(board_plan)
    # own: one red (1.2.1) and one overdue; other: no red, one overdue (1.2.1 as co-operating unit).
    assert [(r["unit_id"], r["red"], r["overdue"]) for r in rows] == [
        (own_unit.pk, 1, 1),
        (other_unit.pk, 0, 1),
    ]
    assert rows[0]["name"] == own_unit.short_name or own_unit.name


def test_units_with_nothing_wrong_are_not_listed(board_plan, city):  # noqa: F811
    calm = f.UnitFactory(parent=city)
    f.AssignmentFactory(task=board_plan.tasks.get(code="2"), unit=calm, light="green", progress=90)
    assert calm.pk not in {r["unit_id"] for r in queries.worst_units(board_plan)}


def test_the_panel_links_each_unit_to_its_red_overdue_and_reports(client, leader, board_plan, own_unit):  # noqa: F811
    page = login(client, leader).get(URL, {"plan": board_plan.pk}).content.decode()
    overview = reverse("plans:detail", args=[board_plan.pk])
    panel = page[page.index('id="worst-units"') :]
    assert f"{overview}?unit={own_unit.pk}&amp;light=red" in panel
    assert f"{overview}?unit={own_unit.pk}&amp;overdue=on" in panel
    assert f"{reverse('search:search')}?unit={own_unit.pk}&amp;kind=reports" in panel
    # The reports link finds the unit's reports for the leader.
    reports = login(client, leader).get(reverse("search:search"), {"unit": own_unit.pk, "kind": "reports"})
    assert reverse("reports:report_review", args=[own_unit.assignments.first().reports.exclude(status="draft").first().pk]) in reports.content.decode()  # fmt: skip


def test_the_trend_starts_at_the_first_accepted_report_and_runs_to_today(board_plan):  # noqa: F811
    rows = queries.trend(board_plan, TODAY)
    assert [r["period"] for r in rows] == [
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
        "2025-07",
    ]
    assert rows[2] == {"period": "2025-03", "accepted": 0, "mean_percent": None}  # a gap, not a zero


def test_the_trend_does_not_start_before_the_plan(board_plan):  # noqa: F811
    board_plan.starts_on = datetime.date(2025, 2, 10)
    rows = queries.trend(board_plan, TODAY)
    assert rows[0]["period"] == "2025-02" and rows[0]["mean_percent"] == Decimal("46.7")


def test_a_past_year_runs_to_its_last_period(board_plan):  # noqa: F811
    assert queries.trend(board_plan, datetime.date(2026, 3, 1))[-1]["period"] == "2025-12"
    board_plan.period = Plan.Period.QUARTERLY
    assert [r["period"] for r in queries.trend(board_plan, TODAY)] == []  # monthly reports, no quarter data


def test_no_accepted_reports_no_trend(client, leader, city):
    plan = f.PlanFactory(deploying_unit=city, year=2025)
    assert queries.trend(plan, TODAY) == []
    page = login(client, leader).get(URL, {"plan": plan.pk}).content.decode()
    assert "还没有采纳的报送" in page and 'id="chart-trend"' not in page
