"""逐级分解 walked in a browser (issue 12, item 1): 江岸区's 督办员 finds the city task assigned to the
district, breaks it down to two streets and publishes; each street's 联络员 acknowledges and reports; the
district's 督办员 accepts; the city's 督办员 sees the streets' progress roll up into 江岸区's figure on the
city task, and the chain down to the streets."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from luoshi.org.models import Unit, User
from luoshi.tests import factories as f

from ...conftest import _user
from .conftest import PHONE, no_horizontal_scroll

pytestmark = pytest.mark.browser

STREETS = ("大智街道", "一元街道")


@pytest.fixture
def cast(transactional_db, supervisor, own_assignment, own_unit, task):
    streets = [
        f.UnitFactory(name=f"江岸区{n}", short_name=n, kind=Unit.Kind.STREET, parent=own_unit, order=i)
        for i, n in enumerate(STREETS, start=1)
    ]
    _user("jiangan-duban", User.Role.SUPERVISOR, own_unit)
    for i, s in enumerate(streets):
        _user(f"street{i}", User.Role.LIAISON, s)
    return task


def test_district_cascades_to_two_streets_and_progress_rolls_up(cast, person):
    task = cast
    # --- 江岸区督办员: the city task assigned to the district, broken down and published ---------------------
    district = person("jiangan-duban")
    page = district.page
    page.get_by_role("link", name=task.plan.title).click()
    page.get_by_role("link", name=task.title).click()
    district.shot("city-task")
    page.get_by_role("button", name="分解到下级单位").click()
    assert "已生成分解计划草稿" in district.message()
    expect(page.get_by_text("逐级分解自")).to_be_visible()
    district.shot("sub-plan-draft")
    page.locator("#overview").get_by_role("link", name="交办", exact=True).click()
    for street in STREETS:
        page.get_by_label(f"{street} 牵头").check()
    page.get_by_role("button", name="保存交办").click()
    page.get_by_role("link", name="发布").click()
    page.get_by_role("button", name="确认发布").click()
    assert "已发布" in district.message()
    district.shot("sub-plan-published")

    # --- each street's 联络员: 签收 and report -----------------------------------------------------------------
    for i, percent in enumerate(("40", "80")):
        street = person(f"street{i}")
        page = street.page
        row = page.locator("tr", has_text=task.title)
        row.get_by_role("link", name="签收").click()
        panel = page.locator("#acknowledge")
        panel.get_by_label("责任人").fill("王芳")
        panel.get_by_role("button", name="签收").click()
        page.get_by_role("button", name="填报进度").click()
        page.get_by_label("工作进展").fill("社区统战工作站已挂牌运行。")
        page.get_by_label("完成进度（%）").fill(percent)
        page.get_by_role("button", name="报送", exact=True).click()
        assert "已报送" in street.message()
        street.shot("submitted")

    # --- 江岸区督办员: accepts both ------------------------------------------------------------------------------
    page = district.page
    for _ in STREETS:
        page.get_by_role("navigation").get_by_role("link", name="审核队列").click()
        page.locator("tr", has_text=task.title).first.get_by_role("link", name="审核").click()
        page.get_by_role("button", name="采纳").click()
        assert "已采纳" in district.message()

    # --- 市督办员: the district's figure is the streets' mean, and the chain shows the streets ---------------
    city = person("duban")
    page = city.page
    city.go(f"/plans/tasks/{task.pk}/")
    row = page.locator(f"#assignment-{task.assignments.get().pk}")
    expect(row).to_contain_text("60%")
    expect(row).to_contain_text("下级汇总")
    city.shot("city-task-rolled-up")
    page.get_by_role("link", name="逐级分解情况").click()
    for street in STREETS:
        expect(page.locator("table.chain")).to_contain_text(street)
    city.shot("chain")
    phone = person("duban", viewport=PHONE)
    phone.go(f"/plans/tasks/{task.pk}/chain/")
    assert no_horizontal_scroll(phone.page)
    phone.shot("chain-phone")
