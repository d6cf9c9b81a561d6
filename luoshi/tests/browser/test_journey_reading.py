"""Reading journeys in a real browser (issue 11): a supervisor finds a reviewed report by search, a liaison
finds only their own unit's things; the draft editor adds an item and undoes it, opens a large tree
branch by branch and closes it again, and publishes through the settings step; the leader's first screen
names the worst units; a supervisor's menu folds on a phone."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from luoshi.audit.services import Actor
from luoshi.drafts import services as drafts
from luoshi.drafts.models import Draft
from luoshi.plans.models import Plan
from luoshi.plans.progress.recompute import recompute_plan
from luoshi.tests import factories as f

from .conftest import PHONE, no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture
def reviewed(transactional_db, city, own_unit, other_unit, supervisor, leader, liaison, other_liaison):
    today = datetime.date.today()
    plan = f.PlanFactory(
        deploying_unit=city, title="统战工作要点", year=today.year, starts_on=today.replace(month=1, day=1)
    )
    line = f.TaskFactory(plan=plan, code="1", title="深化凝心工程", position=1)
    task = f.TaskFactory(plan=plan, parent=line, code="1.1", depth=2, title="开展民营经济人士培训",
                         deadline=today - datetime.timedelta(days=5))  # fmt: skip
    other = f.TaskFactory(plan=plan, parent=line, code="1.2", depth=2, title="走访民营企业", deadline=today)
    mine = f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True, progress=30)
    theirs = f.AssignmentFactory(task=other, unit=other_unit, acknowledged=True, progress=50)
    f.ReportFactory(assignment=mine, period=f"{today.year}-01", status="accepted", percent=30,
                    narrative="组织民营经济人士专题培训两期，参训八十人次。")  # fmt: skip
    f.ReportFactory(assignment=theirs, period=f"{today.year}-01", status="returned", percent=50,
                    narrative="走访民营企业十二家。", return_reason="请附走访记录")  # fmt: skip
    recompute_plan(plan)
    return plan


def test_a_supervisor_finds_a_reviewed_report_by_search_and_opens_it(reviewed, person):
    duban = person("duban")
    page = duban.page
    page.get_by_role("navigation").get_by_role("link", name="搜索").click()
    page.get_by_role("searchbox").fill("民营 培训")
    page.get_by_role("button", name="搜索").click()
    tabs = page.get_by_role("navigation", name="结果分类")
    expect(tabs).to_contain_text("任务 1")
    tabs.get_by_role("link", name="报送").click()
    results = page.locator(".search-results")
    expect(results.locator("mark").first).to_have_text("民营")
    expect(results).not_to_contain_text("走访民营企业十二家")
    duban.shot("search-reports")
    results.get_by_role("link", name="江岸区").click()
    expect(page.locator("body")).to_contain_text("参训八十人次")
    duban.shot("report")
    assert not duban.errors


def test_a_liaison_finds_only_their_own_unit_on_a_phone(reviewed, person):
    jiangan = person("jiangan", viewport=PHONE)
    jiangan.go("/search/?q=民营")
    page = jiangan.page
    expect(page.locator(".search-results")).to_contain_text("开展民营经济人士培训")
    expect(page.locator("body")).not_to_contain_text("走访民营企业")
    assert no_horizontal_scroll(page)
    jiangan.shot("search-phone")


TEXT = (
    "一、加强思想政治引领\n"
    "（一）深化理论学习。组织专题培训，全年培训200人次。年底前完成。\n"
    "（二）健全工作机制。完善联系制度。年底前完成。\n"
)


@pytest.fixture
def draft(transactional_db, city, own_unit, supervisor):
    actor = Actor(user=supervisor, ip="127.0.0.1")
    return drafts.create_draft_from_text(
        actor, deploying_unit=city, title="思想政治引领", year=2025, text=TEXT
    )


def test_the_editor_adds_an_item_and_undoes_it(draft, person):
    duban = person("duban")
    page = duban.page
    duban.go(f"/drafts/{draft.pk}/")
    rows = page.locator(".node-row:not(.node-head)")
    expect(rows).to_have_count(3)
    first = rows.first
    first.get_by_role("button", name="加同级").click()
    expect(rows).to_have_count(4)
    expect(page.locator('input.title-input[value="新条目（请修改名称）"]')).to_be_visible()
    duban.shot("added")
    page.get_by_role("button", name="撤销上一步").click()
    expect(rows).to_have_count(3)
    expect(page.locator('input.title-input[value="新条目（请修改名称）"]')).to_have_count(0)
    # The item's content, weight and targets open under it.
    rows.nth(1).get_by_role("button", name="内容").click()
    expect(page.locator(".content-editor textarea")).to_be_visible()
    page.locator(".content-editor input[name=weight]").fill("2")
    page.locator(".content-editor").get_by_role("button", name="保存").click()
    expect(page.get_by_role("button", name="撤销上一步")).to_be_visible()
    duban.shot("after-undo-and-content")
    assert not duban.errors
    draft.refresh_from_db()
    assert draft.tree[0]["children"][0]["weight"] == "2"


def test_the_editor_fits_a_phone(draft, person):
    duban = person("duban", viewport=PHONE)
    duban.go(f"/drafts/{draft.pk}/")
    expect(duban.page.get_by_role("button", name="添加一级条目")).to_be_visible()
    assert no_horizontal_scroll(duban.page)
    duban.shot("editor-phone")


def _node(i: int, title: str, children: list) -> dict:
    return {"id": i, "title": title, "text": title, "tier": "routine", "lead": [], "co": [], "targets": [],
            "children": children}  # fmt: skip


def test_a_large_draft_opens_collapsed_and_expands_a_branch(transactional_db, city, supervisor, person):
    ids = iter(range(1, 10**6))
    tree = [
        _node(next(ids), f"任务线{a}", [_node(next(ids), f"任务{a}-{b}", [_node(next(ids), f"细项{a}-{b}-{c}", []) for c in range(5)]) for b in range(20)])
        for a in range(1, 5)
    ]  # fmt: skip
    draft = Draft.objects.create(
        deploying_unit=city, created_by=supervisor, title="大草稿", year=2025, tree=tree, next_id=next(ids)
    )
    duban = person("duban")
    page = duban.page
    duban.go(f"/drafts/{draft.pk}/")
    expect(page.locator(".node-row:not(.node-head)")).to_have_count(4)
    page.get_by_role("button", name="展开 1 的下级条目").click()
    expect(page.locator(".node-row:not(.node-head)")).to_have_count(24)
    duban.shot("large-expanded")
    # An edit keeps the open branch open.
    page.locator(".node-row", has_text="1.2").first.get_by_role("button", name="下移").click()
    expect(page.locator("#tree")).to_have_attribute("data-revision", "2")
    expect(page.locator(".node-row:not(.node-head)")).to_have_count(24)
    expect(page.locator("#node-8 .node-code")).to_have_text("1.3")  # 任务1-1 moved below 任务1-2
    # The open branch closes again (the tree redrawn after the edit still offers it), and opens again.
    page.get_by_role("button", name="收起 1 的下级条目").click()
    expect(page.locator(".node-row:not(.node-head)")).to_have_count(4)
    page.get_by_role("button", name="展开 1 的下级条目").click()
    expect(page.locator(".node-row:not(.node-head)")).to_have_count(24)
    page.get_by_role("button", name="收起 1 的下级条目").click()
    expect(page.locator(".node-row:not(.node-head)")).to_have_count(4)
    duban.shot("large-closed-again")
    assert not duban.errors


def test_the_leaders_first_screen_names_the_worst_units(reviewed, person):
    for viewport, name in ((None, "dashboard"), (PHONE, "dashboard-phone")):
        lingdao = person("lingdao", **({"viewport": viewport} if viewport else {}))
        lingdao.go(f"/supervise/?plan={reviewed.pk}")
        panel = lingdao.page.locator("#worst-units")
        expect(panel).to_contain_text("江岸区")
        if viewport:
            assert no_horizontal_scroll(lingdao.page)
        lingdao.shot(name)
    panel.get_by_role("link", name="报送").first.click()
    expect(lingdao.page.locator(".search-results")).to_contain_text("参训八十人次")


def test_publishing_goes_through_the_settings_step(transactional_db, city, own_unit, supervisor, person):
    actor = Actor(user=supervisor, ip="127.0.0.1")
    text = "一、做好信息工作\n（一）报送工作信息。每季度末完成。（江岸区委统战部牵头）\n"
    draft = drafts.create_draft_from_text(actor, deploying_unit=city, title="信息工作", year=2025, text=text)
    duban = person("duban")
    page = duban.page
    duban.go(f"/drafts/{draft.pk}/")
    page.get_by_role("link", name="发布为工作部署").click()
    expect(page.locator("h1")).to_have_text("发布设置")
    page.fill("input[name=starts_on]", "2025-02-01")
    page.select_option("select[name=period]", "quarterly")
    page.fill("input[name=weight_key]", "0")
    page.get_by_role("button", name="确认发布").click()
    expect(page.locator("body")).to_contain_text("重点任务的权重应大于0。")
    assert not Plan.objects.exists()
    duban.shot("publish-settings-refused")
    page.fill("input[name=weight_key]", "2")
    page.get_by_role("button", name="确认发布").click()
    expect(page.locator("body")).to_contain_text("已发布工作部署")
    plan = Plan.objects.get()
    assert (plan.starts_on, plan.period, plan.tier_weights["key"]) == (
        datetime.date(2025, 2, 1),
        "quarterly",
        "2",
    )
    task = plan.tasks.get(depth=2)
    assert task.recurrence == "quarterly" and task.deadline == datetime.date(2025, 12, 31)
    assert not duban.errors


def test_a_supervisors_menu_folds_on_a_phone(reviewed, person):
    duban = person("duban", viewport=PHONE)
    page = duban.page
    duban.go("/plans/")
    nav = page.locator("nav.mainnav")
    expect(nav).to_be_hidden()
    assert page.locator("header.topbar").bounding_box()["height"] < 60  # one line, not three
    duban.shot("menu-folded")
    page.locator(".nav-toggle-label").click()
    expect(nav.get_by_role("link", name="审核队列")).to_be_visible()
    duban.shot("menu-open")
    nav.get_by_role("link", name="审核队列").click()
    expect(page.locator("h1")).to_contain_text("审核")
    assert no_horizontal_scroll(page)
    assert not duban.errors
