"""The assessment journey, in a real browser (issue 10, "Done when"): the office defines and publishes next
year's scheme before the year starts, a unit self-assesses, the office reviews and takes the results to
公示, the unit appeals a row and is answered; on last year's final results the ranking explains a unit's
points down to the deduction behind them, and both 通报 and the three Excel tables download and open."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from luoshi.assess import services as assess
from luoshi.assess.models import Scheme
from luoshi.audit.services import Actor
from luoshi.plans.progress.recompute import recompute_plan
from luoshi.tests import factories as f

from .conftest import PHONE, no_horizontal_scroll

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()
LAST, NEXT = TODAY.year - 1, TODAY.year + 1
NEXT_PLAN = f"{NEXT}年统战工作要点"
DONE_PLAN = f"{LAST}年统战工作要点"
SCHEME = f"{NEXT}年度各区统战工作目标考核方案"
DEDUCTION = "3月报送无实质内容"


def _last_year(city, own_unit, other_unit, supervisor):
    """Last year's plan: 江岸区 reported on time, 江汉区 never did and was marked down; its districts'
    scheme went through review and 公示 and its results are final."""
    plan = f.PlanFactory(deploying_unit=city, title=DONE_PLAN, year=LAST, starts_on=datetime.date(LAST, 1, 1))
    task = f.TaskFactory(
        plan=plan, code="1", title="开展同心教育实践活动", deadline=datetime.date(LAST, 6, 30)
    )
    done = f.AssignmentFactory(
        task=task,
        unit=own_unit,
        acknowledged=True,
        progress=100,
        due_on=task.deadline,
        responsible_person="王五",
    )
    f.AssignmentFactory(task=task, unit=other_unit, acknowledged=True, progress=30, due_on=task.deadline)
    submitted = datetime.datetime(LAST, 4, 2, 10, tzinfo=datetime.UTC)
    f.ReportFactory(
        assignment=done, period=f"{LAST}-03", status="accepted", percent=100, submitted_at=submitted
    )
    recompute_plan(plan)
    office = Actor(supervisor)
    scheme = assess.create_scheme(
        office, plan, unit_kind="district", title=f"{LAST}年度各区统战工作目标考核方案"
    )
    work = assess.add_indicator(office, scheme, name="任务落实", points_value="0", office="督查室")
    assess.add_indicator(office, scheme, parent=work, name="按时报送", points_value="60", measure="reporting")
    conduct = assess.add_indicator(office, scheme, name="工作作风", points_value="0", office="办公室")
    criticism = assess.add_indicator(
        office,
        scheme,
        parent=conduct,
        name="通报批评",
        points_value="40",
        method="deduction",
        deduction_cap="40",
    )
    assess.publish_scheme(office, scheme, today=datetime.date(LAST - 1, 12, 20))
    assess.add_deduction(
        office,
        criticism,
        other_unit,
        points_value="5",
        reason=DEDUCTION,
        basis=f"武统督〔{LAST}〕3号",
        on=datetime.date(LAST, 4, 10),
    )
    assess.advance(office, scheme, Scheme.Stage.REVIEW, today=datetime.date(LAST, 12, 31))
    opened = TODAY - datetime.timedelta(days=scheme.publicity_days + 2)
    for stage in (Scheme.Stage.APPROVED, Scheme.Stage.PUBLICITY):
        assess.advance(office, scheme, stage, today=opened)
    assess.advance(office, scheme, Scheme.Stage.FINAL, today=TODAY)
    return scheme


@pytest.fixture
def cast(transactional_db, city, supervisor, liaison, leader, own_unit, other_unit):
    """Next year's plan, published, with one task for 江岸区 and 江汉区; and last year's final results."""
    plan = f.PlanFactory(deploying_unit=city, title=NEXT_PLAN, year=NEXT, starts_on=datetime.date(NEXT, 1, 1))
    task = f.TaskFactory(plan=plan, code="1", title="深化凝心铸魂工程", deadline=datetime.date(NEXT, 12, 31))
    for unit in (own_unit, other_unit):
        f.AssignmentFactory(task=task, unit=unit, acknowledged=True, due_on=task.deadline)
    return {"done": _last_year(city, own_unit, other_unit, supervisor)}


def add_indicator(
    page, name: str, points: str, *, parent: str = "", method: str = "", measure: str = ""
) -> None:
    form = page.locator("form", has=page.get_by_label("指标名称"))
    if parent:
        form.get_by_label("上级指标").select_option(label=parent)
    form.get_by_label("指标名称").fill(name)
    form.get_by_label("分值").fill(points)
    if method:
        form.get_by_label("计分方式").select_option(label=method)
    if measure:
        form.get_by_label("计算口径").select_option(label=measure)
    form.get_by_role("button", name="添加").click()
    expect(page.locator(".messages")).to_contain_text("已添加指标")


def workbook(download):
    """A downloaded .xlsx, opened as Excel would: by its suggested name's type, from its bytes."""
    assert download.suggested_filename.endswith(".xlsx")
    return load_workbook(io.BytesIO(Path(download.path()).read_bytes()))


def word(download):
    assert download.suggested_filename.endswith(".docx")
    return Document(io.BytesIO(Path(download.path()).read_bytes()))


def advance(page, stage: str) -> None:
    page.get_by_role("button", name=f"转入“{stage}”").click()
    expect(page.locator(".messages")).to_contain_text("已转入下一环节")


def test_assessment_journey(cast, person):
    # --- 督办员: next year's scheme, defined and published before the year starts ------------------------------
    duban = person("duban")
    page = duban.page
    duban.go("/assess/")
    form = page.locator("form", has=page.get_by_label("方案名称"))
    form.get_by_label("工作部署").select_option(label=f"{NEXT}年 · {NEXT_PLAN}")
    form.get_by_label("考核对象类别").select_option(label="区")
    form.get_by_label("方案名称").fill(SCHEME)
    form.get_by_role("button", name="新建").click()
    expect(page.get_by_role("heading", name=SCHEME)).to_be_visible()
    expect(page.get_by_text(f"首版方案须在考核年度开始前发布，最迟{NEXT}年1月1日")).to_be_visible()
    add_indicator(page, "重点任务落实", "0")
    add_indicator(page, "序时进度", "60", parent="1 重点任务落实", measure="序时进度")
    add_indicator(page, "工作作风", "0")
    add_indicator(page, "通报批评", "40", parent="2 工作作风", method="满分扣减")
    page.get_by_role("button", name="发布方案（发布后冻结）").click()
    expect(page.locator(".messages")).to_contain_text("方案已发布并冻结")
    scheme_url = page.url
    duban.shot("scheme-published")

    # --- 联络员: self-assessment ------------------------------------------------------------------------------
    jiangan = person("jiangan")
    unit_page = jiangan.page
    jiangan.go("/assess/")
    unit_page.get_by_role("link", name=SCHEME).click()
    unit_page.get_by_label("序时进度自评分").fill("60")
    unit_page.get_by_label("通报批评自评分").fill("40")
    unit_page.get_by_role("button", name="提交自评").click()
    expect(unit_page.locator(".messages")).to_contain_text("自评已提交")
    unit_url = unit_page.url
    jiangan.shot("self-assessed")

    # --- 督办员: review (a reason where the office departs from the self score), approve, 公示 ---------------
    page.goto(scheme_url)
    advance(page, "审核")
    page.goto(unit_url)
    row = page.locator("tr", has_text="通报批评")
    row.get_by_label("审核分").fill("38")
    row.get_by_label("审核理由").fill("3月报告无实质内容，扣2分")
    row.get_by_role("button", name="审核").click()
    expect(page.locator(".messages")).to_contain_text("已审核")
    expect(page.locator("tr", has_text="通报批评")).to_contain_text("38")
    page.goto(scheme_url)
    advance(page, "审定")
    advance(page, "公示")
    page.get_by_role("link", name="得分排名").click()
    ranking = page.locator("table.grid").first
    expect(ranking).to_contain_text("江岸区")
    expect(ranking).to_contain_text("江汉区")
    duban.shot("ranking-in-publicity")

    # --- 联络员: 复核申请 during 公示; 督办员 answers it ---------------------------------------------------------
    unit_page.goto(unit_url)
    appeal_row = unit_page.locator("tr", has_text="通报批评")
    appeal_row.get_by_text("申请复核").click()
    appeal_row.get_by_label("申请理由").fill("3月报告已补充实质内容，请予复核")
    appeal_row.get_by_role("button", name="提交").click()
    expect(unit_page.locator(".messages")).to_contain_text("复核申请已提交")
    page.goto(unit_url)
    answer_row = page.locator("tr", has_text="通报批评")
    answer_row.get_by_label("答复意见").fill("经核实，补充内容属实，恢复2分")
    answer_row.get_by_label("调整后得分").fill("40")
    answer_row.get_by_role("button", name="答复").click()
    expect(page.locator(".messages")).to_contain_text("已答复复核申请")
    expect(page.locator("tr", has_text="通报批评")).to_contain_text("经核实，补充内容属实")
    duban.shot("appeal-answered")

    # --- last year's final results: the ranking explains a unit's points ------------------------------------
    done = cast["done"]
    duban.go(f"/assess/schemes/{done.pk}/ranking/")
    expect(page.get_by_text("最终结果")).to_be_visible()
    page.locator("table.grid").first.get_by_role("link", name="江汉区").click()
    criticism = page.locator("tr", has_text="通报批评")
    criticism.get_by_text("扣减明细").click()
    expect(criticism).to_contain_text(DEDUCTION)
    reporting = page.locator("tr", has_text="按时报送")
    reporting.get_by_text("扣减明细").click()
    expect(reporting.locator("details")).to_contain_text("任务1")
    duban.shot("explanation")

    # --- both 通报 and the three Excel tables download and open ------------------------------------------------
    duban.go(f"/assess/schemes/{done.pk}/ranking/")
    with page.expect_download() as got:
        page.get_by_role("link", name="考核得分表（Excel）").click()
    scores = workbook(got.value)
    assert scores.sheetnames == ["区"] and scores["区"]["C5"].value == "自评"

    page.get_by_role("link", name="考核结果通报").click()
    expect(page.get_by_role("heading", name="考核结果通报")).to_be_visible()
    duban.shot("results-bulletin")
    with page.expect_download() as got:
        page.get_by_role("button", name="下载通报（Word）").click()
    doc = word(got.value)
    assert doc.paragraphs[0].text == f"关于{DONE_PLAN}目标考核结果的通报"
    assert "江汉区委统战部" in "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)

    page.get_by_role("link", name="改为生成报送情况通报").click()
    expect(page.get_by_role("heading", name="报送情况通报")).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("button", name="下载通报（Word）").click()
    doc = word(got.value)
    assert doc.paragraphs[0].text.startswith(f"关于{DONE_PLAN}") and doc.paragraphs[0].text.endswith(
        "情况的通报"
    )
    with page.expect_download() as got:
        page.get_by_role("link", name="进度台账").click()
    assert workbook(got.value).active["A1"].value.endswith("进度台账")

    page.get_by_role("link", name=DONE_PLAN).click()
    with page.expect_download() as got:
        page.get_by_role("link", name="导出任务分解表").click()
    assert workbook(got.value).active.max_row > 1

    # --- the 通报 page on a phone ----------------------------------------------------------------------------
    phone = person("duban", viewport=PHONE)
    phone.go(f"/documents/plans/{done.plan_id}/bulletin/?kind=results")
    expect(phone.page.get_by_role("heading", name="考核结果通报")).to_be_visible()
    assert no_horizontal_scroll(phone.page)
    phone.shot("results-bulletin-phone")
    assert not duban.errors and not jiangan.errors and not phone.errors
