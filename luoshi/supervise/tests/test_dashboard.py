"""The leader's dashboard: who may open it, which plans it shows, and that its figures are right."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.plans.models import Plan, Task
from luoshi.plans.progress.recompute import recompute_plan
from luoshi.supervise import queries
from luoshi.tests import factories as f

URL = reverse("supervise:dashboard")
TODAY = datetime.date(2025, 7, 10)
JUNE_END = datetime.date(2025, 6, 30)


@pytest.fixture
def board_plan(city, own_unit, other_unit):
    """A small plan whose every figure is worked out by hand in the tests below.

    1 深化凝心工程 (weight 2, 50%)        2 深化聚力工程 (weight 1, 80%, leaf, no deadline)
      1.1 leaf green 100%                  3 cancelled line
      1.2 parent
        1.2.1 leaf red, due 2025-06-30
        1.2.2 cancelled
      1.3 guidance
    """
    plan = f.PlanFactory(deploying_unit=city, title="2025年统战工作要点", published_at=None)
    t1 = f.TaskFactory(plan=plan, code="1", position=1, depth=1, weight=2, progress=50, light="yellow")
    t11 = f.TaskFactory(
        plan=plan, parent=t1, code="1.1", depth=2, progress=100, light="green", deadline=JUNE_END
    )
    t12 = f.TaskFactory(plan=plan, parent=t1, code="1.2", depth=2, progress=25, light="red")
    t121 = f.TaskFactory(
        plan=plan,
        parent=t12,
        code="1.2.1",
        depth=3,
        progress=25,
        light="red",
        deadline=JUNE_END,
        is_overdue=True,
        days_overdue=10,
    )
    t122 = f.TaskFactory(
        plan=plan, parent=t12, code="1.2.2", depth=3, light="yellow", status=Task.Status.CANCELLED
    )
    f.TaskFactory(plan=plan, parent=t1, code="1.3", depth=2, is_guidance=True, light="red")
    t2 = f.TaskFactory(
        plan=plan, code="2", position=2, depth=1, weight=1, progress=80, light="green", deadline=None
    )
    f.TaskFactory(plan=plan, code="3", position=3, depth=1, status=Task.Status.CANCELLED, light="red")

    acked = datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
    a1 = f.AssignmentFactory(task=t11, unit=own_unit, progress=100, light="green", acknowledged_at=acked)
    # Past the deadline on TODAY, unfinished: overdue by 10 days, as the daily refresh stores it.
    late = {"is_overdue": True, "days_overdue": 10}
    a2 = f.AssignmentFactory(task=t121, unit=own_unit, progress=20, light="red", **late)
    a3 = f.AssignmentFactory(
        task=t121, unit=other_unit, role="co", progress=30, light="yellow", acknowledged_at=acked, **late
    )
    a4 = f.AssignmentFactory(task=t2, unit=other_unit, progress=80, light="green")
    f.AssignmentFactory(task=t122, unit=own_unit, progress=0, light="red")  # cancelled task: not counted

    f.ReportFactory(assignment=a1, period="2025-01", percent=50, status="accepted")
    f.ReportFactory(assignment=a1, period="2025-02", percent=90, status="accepted")
    f.ReportFactory(assignment=a2, period="2025-02", percent=20, status="accepted")
    f.ReportFactory(assignment=a3, period="2025-02", version=1, percent=60, status="returned")
    f.ReportFactory(assignment=a3, period="2025-02", version=2, percent=30, status="accepted")
    f.ReportFactory(assignment=a4, period="2025-03", percent=80, status="submitted")
    f.ReportFactory(assignment=a2, period="2025-03", percent=25, status="draft")
    f.ReportFactory(assignment=a1, period="2024-12", percent=10, status="accepted")  # another year
    return plan


def test_lines_count_leaf_tasks_of_each_top_level_line(board_plan):
    rows = queries.lines(board_plan)
    assert [
        (r["code"], r["progress"], r["light"], r["tasks"], r["green"], r["yellow"], r["red"]) for r in rows
    ] == [
        ("1", Decimal(50), "yellow", 2, 1, 0, 1),
        ("2", Decimal(80), "green", 1, 1, 0, 0),
    ]


def test_overall_progress_is_weighted_by_top_level_weight(board_plan):
    assert queries.overall_progress(board_plan) == Decimal("60.0")  # (50×2 + 80×1) / 3


def test_overall_progress_is_a_simple_mean_when_the_plan_says_so(board_plan):
    board_plan.rollup = Plan.Rollup.MEAN
    assert queries.overall_progress(board_plan) == Decimal("65.0")


def test_units_are_in_official_order_with_their_figures(board_plan):
    rows, total, page = queries.units(board_plan)
    assert (total, page) == (2, 1)
    assert [
        (
            r["name"],
            r["assignments"],
            r["mean_progress"],
            r["green"],
            r["yellow"],
            r["red"],
            r["overdue"],
            r["not_acknowledged"],
        )
        for r in rows
    ] == [
        ("江岸区", 2, Decimal("60.0"), 1, 0, 1, 1, 1),
        ("江汉区", 2, Decimal("55.0"), 1, 1, 0, 1, 1),
    ]


def test_overdue_lists_unfinished_assignments_past_their_deadline(board_plan):
    rows, total = queries.overdue(board_plan)
    assert total == 2
    assert [(r["unit"], r["task__code"], r["due_on"], r["days_overdue"]) for r in rows] == [
        ("江岸区", "1.2.1", JUNE_END, 10),
        ("江汉区", "1.2.1", JUNE_END, 10),
    ]


def test_nothing_is_overdue_on_the_deadline_itself(board_plan):
    recompute_plan(board_plan, JUNE_END)
    assert queries.overdue(board_plan)[1] == 0
    recompute_plan(board_plan, JUNE_END + datetime.timedelta(days=1))
    assert queries.overdue(board_plan)[1] == 2


def test_trend_counts_accepted_reports_per_period_of_the_year(board_plan):
    rows = queries.trend(board_plan)
    assert len(rows) == 12
    assert [(r["period"], r["accepted"], r["mean_percent"]) for r in rows[:4]] == [
        ("2025-01", 1, Decimal("50.0")),
        ("2025-02", 3, Decimal("46.7")),  # (90 + 20 + 30) / 3
        ("2025-03", 0, None),
        ("2025-04", 0, None),
    ]


def test_quarterly_plans_trend_by_quarter(board_plan):
    board_plan.period = Plan.Period.QUARTERLY
    assignment = board_plan.tasks.get(code="1.1").assignments.get()
    f.ReportFactory(assignment=assignment, period="2025-Q1", percent=40, status="accepted")
    assert [r["period"] for r in queries.trend(board_plan)] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def test_cards_add_up(board_plan):
    board = queries.dashboard(board_plan, TODAY)
    assert board.totals == {"tasks": 3, "green": 2, "yellow": 0, "red": 1}
    assert (board.overdue_total, board.awaiting_review, board.progress) == (2, 1, Decimal("60.0"))


def test_it_renders_for_a_leader(client, leader, board_plan):
    client.force_login(leader)
    r = client.get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert "2025年统战工作要点" in html
    assert "亮灯截至" in html
    assert "2025年6月30日" in html  # the overdue list's deadline, Chinese style
    assert "1.2.1" in html and "天" in html
    assert 'id="dashboard-data"' in html and "vendor/echarts.min.js" in html
    # The tables carry the figures, so the page reads without the chart script.
    assert "江岸区" in html and "江汉区" in html and "60%" in html


def test_it_renders_for_the_deploying_units_supervisor(client, supervisor, board_plan):
    client.force_login(supervisor)
    assert client.get(URL, {"plan": board_plan.pk}).status_code == 200


def test_it_defaults_to_the_latest_published_plan(client, leader, city, board_plan):
    f.PlanFactory(deploying_unit=city, year=2026, title="2026年草稿", status=Plan.Status.DRAFT)
    f.PlanFactory(deploying_unit=city, year=2024, title="2024年工作要点", status=Plan.Status.ARCHIVED)
    client.force_login(leader)
    r = client.get(URL)
    assert r.context["plan"] == board_plan


def test_it_opens_on_the_leaders_own_units_plan_of_this_year(client, leader, city, own_unit, board_plan):
    """Not a district's newer plan, nor one already published for next year with nothing in it yet."""
    f.PlanFactory(deploying_unit=own_unit, year=2025, title="江岸区工作要点", published_at=timezone.now())
    f.PlanFactory(deploying_unit=city, year=2099, title="远期工作要点", published_at=timezone.now())
    client.force_login(leader)
    assert client.get(URL).context["plan"] == board_plan


def test_it_hides_another_citys_plan(client, leader, other_city):
    other = f.PlanFactory(deploying_unit=other_city)
    client.force_login(leader)
    assert client.get(URL, {"plan": other.pk}).status_code == 404


def test_it_hides_another_units_plan_from_a_supervisor(client, other_supervisor, board_plan):
    client.force_login(other_supervisor)
    assert client.get(URL, {"plan": board_plan.pk}).status_code == 404


def test_it_does_not_show_drafts(client, leader, city):
    draft = f.PlanFactory(deploying_unit=city, status=Plan.Status.DRAFT)
    client.force_login(leader)
    assert client.get(URL, {"plan": draft.pk}).status_code == 404


def test_it_rejects_a_malformed_plan_parameter(client, leader, board_plan):
    client.force_login(leader)
    assert client.get(URL, {"plan": "x"}).status_code == 404


def test_it_says_so_when_nothing_is_published(client, leader):
    client.force_login(leader)
    r = client.get(URL)
    assert r.status_code == 200 and "还没有已发布的工作部署" in r.content.decode()


@pytest.mark.parametrize("who", ["liaison", "sysadmin"])
def test_it_forbids_other_roles(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_people_to_login(client):
    r = client.get(URL)
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_htmx_paging_returns_only_the_units_panel(client, leader, board_plan):
    client.force_login(leader)
    r = client.get(
        URL, {"plan": board_plan.pk, "units_page": 1}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="units"
    )
    html = r.content.decode()
    assert r.status_code == 200 and 'id="units"' in html and "<html" not in html


def test_a_units_page_past_the_end_shows_the_last_page(board_plan):
    rows, _, page = queries.units(board_plan, page=9, per_page=1)
    assert (page, [r["name"] for r in rows]) == (2, ["江汉区"])


def _grow(plan, city, n):
    """Add n units, each with a two-level task line and assignments and reports, to `plan`."""
    for i in range(n):
        unit = f.UnitFactory(parent=city)
        top = f.TaskFactory(plan=plan, depth=1, code=f"{10 + i}", progress=10, light="red")
        leaf = f.TaskFactory(
            plan=plan, parent=top, depth=2, code=f"{10 + i}.1", deadline=JUNE_END, light="red"
        )
        a = f.AssignmentFactory(task=leaf, unit=unit, progress=10, light="red")
        f.ReportFactory(assignment=a, period="2025-02", status="accepted")


@pytest.mark.parametrize("extra", [0, 30])
def test_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, leader, city, board_plan, extra
):
    _grow(board_plan, city, extra)
    client.force_login(leader)
    with django_assert_max_num_queries(18):  # 16, the worst units and the header's unread-notification count
        r = client.get(URL, {"plan": board_plan.pk})
    assert r.status_code == 200
    assert r.context["board"].units_total == 2 + extra


def test_query_count_is_the_same_for_two_and_thirty_two_units(client, leader, city, board_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(leader)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"plan": board_plan.pk})
    _grow(board_plan, city, 30)
    with CaptureQueriesContext(connection) as large:
        client.get(URL, {"plan": board_plan.pk})
    assert len(small) == len(large)


# --- drill-down: every figure is a link to the list behind it ------------------------------------------------


def _task(plan, code):
    return Task.objects.get(plan=plan, code=code)


def test_the_dashboard_links_each_line_and_each_count_to_what_lies_behind_it(client, leader, board_plan):
    from luoshi.conftest import login

    html = login(client, leader).get(URL, {"plan": board_plan.pk}).content.decode()
    overview = reverse("plans:detail", args=[board_plan.pk])
    line = _task(board_plan, "1")
    assert f'href="{reverse("plans:task", args=[line.pk])}"' in html
    assert f'href="{overview}?line={line.pk}&amp;light=red"' in html
    assert f'href="{overview}?light=red"' in html
    late = board_plan.tasks.get(code="1.2.1").assignments.get(role="lead")
    assert f'href="{reverse("plans:task", args=[late.task_id])}#assignment-{late.pk}"' in html
    assert f'href="{overview}?unit={late.unit_id}&amp;overdue=on"' in html
    assert reverse("reports:review_queue") not in html.split("</header>", 1)[1]  # leaders do not review


def test_the_supervisor_reaches_the_reports_awaiting_review(client, supervisor, board_plan):
    from luoshi.conftest import login

    html = login(client, supervisor).get(URL, {"plan": board_plan.pk}).content.decode()
    assert f'href="{reverse("reports:review_queue")}?plan={board_plan.pk}"' in html


def test_a_lines_red_count_leads_to_as_many_red_tasks_on_the_overview(client, leader, board_plan):
    from luoshi.conftest import login

    line = _task(board_plan, "1")
    response = login(client, leader).get(
        reverse("plans:detail", args=[board_plan.pk]), {"line": line.pk, "light": "red"}
    )
    rows = response.context["rows"]
    assert {t.code for t in rows} == {"1.2", "1.2.1"}
    assert response.context["summary"].lights["red"] == 1  # the dashboard's 红 1 for line 1


def test_a_units_light_count_leads_to_that_units_own_assignments(client, leader, board_plan, other_unit):
    from luoshi.conftest import login

    response = login(client, leader).get(
        reverse("plans:detail", args=[board_plan.pk]), {"unit": other_unit.pk, "light": "yellow"}
    )
    # 江汉区's yellow is its assignment on 1.2.1, a task red as a whole.
    assert [t.code for t in response.context["rows"]] == ["1.2.1"]


@pytest.mark.parametrize("role", ["supervisor", "leader"])
def test_the_nav_names_the_dashboard_as_its_page_does(client, request, role, board_plan):
    import re

    from luoshi.conftest import login

    html = login(client, request.getfixturevalue(role)).get(URL).content.decode()
    nav = re.search(rf'<a href="{URL}">([^<]+)</a>', html).group(1)
    title = re.search(r"<h1>([^<]+)</h1>", html).group(1)
    assert nav == title == "领导驾驶舱"


def test_the_red_tasks_come_first_with_why_they_are_red(client, leader, board_plan):
    from luoshi.conftest import login
    from luoshi.plans.models import LightChange

    red = board_plan.tasks.get(code="1.2.1")
    LightChange.objects.create(
        plan=board_plan, task=red, on=TODAY, previous="green", light="red", reason="已逾期10天"
    )
    html = login(client, leader).get(URL, {"plan": board_plan.pk}).content.decode()
    panel = html.split('id="red-panel"', 1)[1].split("</section>", 1)[0]
    assert f'href="{reverse("plans:task", args=[red.pk])}"' in panel
    assert "已逾期10天" in panel
    assert html.index('id="red-panel"') < html.index('id="lines-panel"')
