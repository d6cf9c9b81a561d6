"""The leader's drill-down, in a real browser: from the dashboard's red count of a task line to the
tasks behind it, to the task page, to the unit's row that explains why it is red, and on to the report
behind the light (issue 11: "from the leader dashboard a leader reaches, in clicks, the report behind any
red light and reads why it is red")."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from luoshi.plans.progress.recompute import recompute_plan
from luoshi.tests import factories as f

from .conftest import PHONE, no_horizontal_scroll

pytestmark = pytest.mark.browser

LINE = "深化凝心工程"
TASK = "开展同心教育实践活动"


@pytest.fixture
def red_plan(transactional_db, city, own_unit, other_unit, leader, supervisor):
    """This year's plan with one line whose task is 12 days overdue for 江岸区 at 40%."""
    today = datetime.date.today()
    plan = f.PlanFactory(
        deploying_unit=city,
        title="统战工作要点",
        year=today.year,
        starts_on=today - datetime.timedelta(days=100),
        due_on_previous_workday=False,  # 12 days overdue whatever weekday the deadline falls on
    )
    line = f.TaskFactory(plan=plan, code="1", title=LINE, position=1)
    task = f.TaskFactory(
        plan=plan, parent=line, code="1.1", depth=2, title=TASK, deadline=today - datetime.timedelta(days=12)
    )
    fine = f.TaskFactory(
        plan=plan,
        parent=line,
        code="1.2",
        depth=2,
        title="加强理论研究",
        deadline=today + datetime.timedelta(days=200),
    )
    late = f.AssignmentFactory(
        task=task, unit=own_unit, acknowledged=True, progress=40, responsible_person="王五"
    )
    f.AssignmentFactory(task=fine, unit=other_unit, acknowledged=True, progress=60)  # ahead of time
    f.ReportFactory(
        assignment=late,
        period=f"{today.year}-01",
        status="accepted",
        percent=40,
        narrative="已完成前期调研。",
    )
    recompute_plan(plan)
    return plan


def test_the_leader_reaches_the_report_behind_a_red_light_and_reads_why(red_plan, person):
    lingdao = person("lingdao")
    page = lingdao.page
    lingdao.go("/supervise/")
    expect(page.get_by_role("heading", name="领导驾驶舱")).to_be_visible()
    row = page.locator("#lines-panel tr", has_text=LINE)
    expect(row.locator(".light-tag")).to_have_text("红灯")
    lingdao.shot("dashboard")

    # The line's red count is a link to the red tasks of that line.
    row.locator("td").nth(7).get_by_role("link").click()
    expect(page.locator("#overview")).to_contain_text(TASK)
    expect(page.locator("#overview")).not_to_contain_text("加强理论研究")
    lingdao.shot("red-tasks-of-the-line")

    page.locator("#overview").get_by_role("link", name=TASK).click()
    expect(page.get_by_role("heading", name=TASK)).to_be_visible()
    unit = page.locator("#units tr", has_text="江岸区")
    expect(unit.locator(".light-tag")).to_have_text("红灯")
    expect(unit).to_contain_text("已逾期12天")
    expect(unit).to_contain_text("时间进度 100%，实际 40%")
    expect(unit).to_contain_text("王五")
    lingdao.shot("task-page")

    unit.get_by_role("link", name="第1版").click()
    expect(page.locator("body")).to_contain_text("已完成前期调研。")
    lingdao.shot("report")
    assert not lingdao.errors


def test_the_task_page_fits_a_phone(red_plan, person):
    lingdao = person("lingdao", viewport=PHONE)
    task = red_plan.tasks.get(code="1.1")
    lingdao.go(f"/plans/tasks/{task.pk}/")
    expect(lingdao.page.locator("#units")).to_contain_text("已逾期12天")
    assert no_horizontal_scroll(lingdao.page)
    lingdao.shot("task-page-phone")


def test_the_task_page_prints_without_navigation_and_with_lights_in_words(red_plan, person):
    lingdao = person("lingdao")
    task = red_plan.tasks.get(code="1.1")
    lingdao.go(f"/plans/tasks/{task.pk}/")
    lingdao.page.emulate_media(media="print")
    expect(lingdao.page.locator("header.topbar")).to_be_hidden()
    expect(lingdao.page.locator("#units .light-tag").first).to_have_text("红灯")
    lingdao.page.pdf(path=str(lingdao.shots / "drilldown-task-page.pdf"), format="A4")
