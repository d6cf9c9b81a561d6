"""The spine, walked in a real browser by the three people it is for (issue 3, item 7):

督办员 creates a plan, adds a task with a deadline, assigns 江岸区 as lead unit and publishes; 江岸区's
联络员 finds it in 我的任务, acknowledges naming a responsible person, writes a draft report with an
evidence file and submits; the 督办员 returns it with a reason; the 联络员 sees the reason and resubmits;
the 督办员 accepts; the 领导 watches the dashboard's light and progress change along the way.

Elements are found by their visible Chinese labels, button names and roles, as a person would find them.
Each step leaves a screenshot (see conftest.py for where).
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from luoshi.tests import factories as f

from .conftest import PHONE, no_horizontal_scroll, png_bytes

pytestmark = pytest.mark.browser

PLAN = "统战工作落实测试部署"
TASK = "开展新时代统战理论专题培训"
REASON = "请补充培训签到表和现场照片"
PERSON = "李明"


@pytest.fixture
def cast(transactional_db, supervisor, liaison, leader, own_unit, other_unit):
    """The three demo-like accounts (duban, jiangan, lingdao) and two districts under the city."""
    return {"supervisor": supervisor, "liaison": liaison, "leader": leader}


def nav(page, name: str) -> None:
    """Follow a link of the top navigation bar (on a phone, after opening 菜单)."""
    menu = page.locator(".nav-toggle-label")
    if menu.is_visible():
        menu.click()
    page.get_by_role("navigation").get_by_role("link", name=name).click()


def line_row(page, task: str):
    """The dashboard's 按任务条线 row of `task`."""
    return page.locator("#lines-panel tr", has_text=task)


def test_plan_to_accepted_report_journey(cast, person):
    deadline = datetime.date.today() + datetime.timedelta(days=90)
    # Faults that do not stop the journey are collected and reported at the end, so one cosmetic fault
    # does not hide whether the rest of the loop works.
    problems: list[str] = []

    # --- 督办员: plan, task with a deadline and a target, lead unit, publish -----------------------------------
    duban = person("duban")
    page = duban.page
    expect(page.get_by_role("heading", name="工作部署")).to_be_visible()
    page.get_by_role("link", name="新建部署").first.click()
    page.get_by_label("标题").fill(PLAN)
    duban.shot("new-plan")
    page.get_by_role("button", name="创建并添加任务").click()
    expect(page.get_by_role("heading", name=PLAN)).to_be_visible()
    assert "已新建工作部署" in duban.message()

    page.get_by_role("link", name="添加任务").first.click()
    page.get_by_label(re.compile(r"^\s*任务")).fill(TASK)
    page.get_by_label("层级").select_option(label="重点")
    page.get_by_label(re.compile(r"^\s*完成时限")).fill(deadline.isoformat())
    page.locator("[name=targets-0-metric]").fill("培训人次")
    page.locator("[name=targets-0-target_value]").fill("200")
    page.locator("[name=targets-0-unit]").fill("人次")
    duban.shot("add-task")
    page.get_by_role("button", name="保存并交办").click()

    expect(page.get_by_role("heading", name="交办任务 1")).to_be_visible()
    page.get_by_label("江岸区 牵头").check()
    duban.shot("assign")
    page.get_by_role("button", name="保存交办").click()
    assert "已交办任务 1" in duban.message()

    page.get_by_role("link", name="发布").click()
    expect(page.get_by_role("heading", name=f"确认发布：{PLAN}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("江岸区")  # the confirmation names who will see it
    duban.shot("confirm-publish")
    page.get_by_role("button", name="确认发布").click()
    assert "已发布" in duban.message()
    expect(page.locator(".plan-status")).to_have_text("已发布")
    expect(page.locator("#overview").get_by_text(TASK)).to_be_visible()
    duban.shot("published")

    # --- 领导: the published plan, nothing reported yet ---------------------------------------------------------
    lingdao = person("lingdao")
    expect(lingdao.page.get_by_role("heading", name="领导驾驶舱")).to_be_visible()
    expect(lingdao.page.locator("#plan-select")).to_contain_text(PLAN)
    expect(line_row(lingdao.page, TASK)).to_contain_text("0%")
    lingdao.shot("dashboard-published")

    # --- 联络员: 我的任务, 签收, draft with evidence, submit ---------------------------------------------------------
    jiangan = person("jiangan")
    page = jiangan.page
    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()
    row = page.locator("tr", has_text=TASK)
    expect(row).to_contain_text("未签收")
    jiangan.shot("my-tasks")
    row.get_by_role("link", name="签收").click()

    panel = page.locator("#acknowledge")
    panel.get_by_label("责任人").fill(PERSON)
    panel.get_by_label("联系电话").fill("027-85551234")
    panel.get_by_role("button", name="签收").click()
    expect(panel).to_contain_text(PERSON)
    expect(panel).to_contain_text("签收时间")
    jiangan.shot("acknowledged")

    page.get_by_role("button", name="填报进度").click()
    expect(page.get_by_role("heading", name="填报进度")).to_be_visible()
    page.get_by_label("工作进展").fill("3月举办专题培训班1期，培训党外代表人士80人次。")
    page.get_by_label("完成进度（%）").fill("40")
    page.locator("input[name^=target_]").fill("80")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "培训现场.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="保存草稿").click()
    assert "草稿已保存" in jiangan.message()
    expect(page.get_by_text("培训现场.png")).to_be_visible()
    jiangan.shot("draft-with-evidence")
    page.get_by_role("button", name="报送", exact=True).click()
    assert "已报送" in jiangan.message()
    jiangan.shot("submitted")

    # --- 督办员: review queue, return with a reason ------------------------------------------------------------
    page = duban.page
    nav(page, "审核队列")
    row = page.locator("tr", has_text=TASK)
    expect(row).to_contain_text("江岸区")
    duban.shot("queue")
    row.get_by_role("link", name="审核").click()
    expect(page.get_by_text("培训党外代表人士80人次")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="培训现场.png").click()
    assert download.value.suggested_filename == "培训现场.png"
    page.get_by_label("退回理由").fill(REASON)
    duban.shot("review")
    page.get_by_role("button", name="退回").click()
    assert "已退回" in duban.message()
    expect(page.get_by_text("没有待审核的报送")).to_be_visible()
    duban.shot("returned")

    # --- 领导: the returned report turns the task yellow --------------------------------------------------------
    lingdao.page.reload()
    expect(line_row(lingdao.page, TASK).locator(".light-tag")).to_have_text("黄灯")
    lingdao.shot("dashboard-returned")

    # --- 联络员: sees the return and its reason, reworks and resubmits ----------------------------------------------
    page = jiangan.page
    nav(page, "我的任务")
    row = page.locator("tr", has_text=TASK)
    expect(row).to_contain_text("退回")
    expect(row).to_contain_text(REASON)
    jiangan.shot("sees-return")
    row.get_by_role("button", name="修改重报").click()
    expect(page.get_by_text("上一版已退回")).to_be_visible()
    expect(page.get_by_text(REASON)).to_be_visible()
    expect(page.get_by_text("培训现场.png")).to_be_visible()  # the evidence carries over to the new version
    shown = page.locator("input[name^=target_]").input_value()
    if shown != "80":
        problems.append(f"the reworked report shows the earlier actual value 80 as {shown!r}")
    page.get_by_label("工作进展").fill("3月举办专题培训班1期，培训党外代表人士80人次。已补充签到表。")
    page.get_by_label("完成进度（%）").fill("60")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "签到表.png", "mimeType": "image/png", "buffer": png_bytes(64, 40)}]
    )
    jiangan.shot("rework")
    page.get_by_role("button", name="报送", exact=True).click()
    assert "已报送" in jiangan.message()
    jiangan.shot("resubmitted")

    # --- 督办员: accepts -------------------------------------------------------------------------------------
    page = duban.page
    nav(page, "审核队列")
    page.locator("tr", has_text=TASK).get_by_role("link", name="审核").click()
    expect(page.get_by_text("已补充签到表")).to_be_visible()
    expect(page.get_by_text("签到表.png")).to_be_visible()
    page.get_by_role("button", name="采纳").click()
    assert "已采纳" in duban.message()
    duban.shot("accepted")

    # --- 领导: progress shown, light back to green ------------------------------------------------------------
    lingdao.page.reload()
    row = line_row(lingdao.page, TASK)
    expect(row).to_contain_text("60%")
    expect(row.locator(".light-tag")).to_have_text("绿灯")
    lingdao.shot("dashboard-accepted")

    # --- 联络员: the accepted version and the returned one stay on record --------------------------------------
    page = jiangan.page
    nav(page, "我的任务")
    expect(page.locator("tr", has_text=TASK)).to_contain_text("已采纳")
    page.locator("tr", has_text=TASK).get_by_role("link", name=TASK).click()
    history = page.locator("section", has_text="本单位报送记录")
    expect(history).to_contain_text("已采纳")
    expect(history).to_contain_text(REASON)
    jiangan.shot("history")

    for someone in (duban, jiangan, lingdao):
        if someone.errors:
            problems.append(f"JavaScript errors for {someone.username}: {someone.errors}")
    assert not problems, problems


@pytest.fixture
def published_assignment(cast, city, own_unit):
    """A published plan with one task assigned to 江岸区, ready for the liaison."""
    from luoshi.audit.services import Actor
    from luoshi.plans import services

    actor = Actor(user=cast["supervisor"], ip="127.0.0.1")
    plan = services.create_plan(actor, deploying_unit=city, title=PLAN, year=2025)
    task = services.add_task(
        actor,
        plan,
        title=TASK,
        tier="key",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        targets=[{"metric": "培训人次", "target_value": 200, "unit": "人次"}],
    )
    services.assign(actor, task, lead_units=[own_unit], co_units=[])
    services.publish_plan(actor, plan)
    return task.assignments.get()


def test_liaison_pages_fit_a_phone(cast, published_assignment, person):
    """At 390×844 every liaison page fits the screen's width and its main buttons can be reached."""
    jiangan = person("jiangan", viewport=PHONE)
    page = jiangan.page
    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()
    expect(page.get_by_text(TASK)).to_be_visible()
    jiangan.shot("my-tasks")
    assert no_horizontal_scroll(page), "我的任务 is wider than the phone"

    page.locator("tr", has_text=TASK).get_by_role("link", name="签收").click()
    panel = page.locator("#acknowledge")
    panel.get_by_label("责任人").fill(PERSON)
    panel.get_by_role("button", name="签收").click()
    expect(panel).to_contain_text(PERSON)
    jiangan.shot("assignment")
    assert no_horizontal_scroll(page), "the assignment page is wider than the phone"

    page.get_by_role("button", name="填报进度").click()
    page.get_by_label("工作进展").fill("已开展培训。")
    page.get_by_label("完成进度（%）").fill("20")
    expect(page.get_by_role("button", name="报送", exact=True)).to_be_visible()
    jiangan.shot("editor")
    assert no_horizontal_scroll(page), "the report editor is wider than the phone"
    page.get_by_role("button", name="报送", exact=True).click()
    assert "已报送" in jiangan.message()
    jiangan.shot("submitted")
    assert no_horizontal_scroll(page)

    nav(page, "我的任务")
    page.locator("tr", has_text=TASK).get_by_role("link", name="查看").click()
    expect(page.get_by_text("已报送").first).to_be_visible()
    jiangan.shot("report")
    assert no_horizontal_scroll(page), "the report page is wider than the phone"
    assert not jiangan.errors, jiangan.errors


def test_the_leader_dashboard_fits_a_narrow_phone(cast, city, person):
    """At 375 px a long plan title in the plan picker used to push the page 6 px wider than the screen."""
    f.PlanFactory(deploying_unit=city, title="2025年全市统一战线“四项工程”重点任务暨基层统战工作体系建设安排")
    lingdao = person("lingdao", viewport={"width": 375, "height": 812})
    lingdao.go("/supervise/")
    expect(lingdao.page.get_by_role("heading", name="领导驾驶舱")).to_be_visible()
    lingdao.shot("dashboard-375")
    assert no_horizontal_scroll(lingdao.page), "the dashboard is wider than the phone"
