"""A published plan's 任务分解表 as Excel: for the supervisors and leaders who can see the plan."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.plans.models import Assignment
from luoshi.tests import factories as f


@pytest.fixture
def division_plan(plan, own_unit, other_unit, city):
    line = f.TaskFactory(plan=plan, code="1", position=0, title="深化凝心工程", tier="key", weight=Decimal(3))
    study = f.TaskFactory(
        plan=plan,
        parent=line,
        code="1.1",
        position=0,
        title="主题教育",
        description="主题教育。组织专题学习。",
        tier="highlight",
        weight=Decimal("2.5"),
        deadline=date(2025, 6, 30),
        deadline_text="6月底前",
    )
    f.TargetFactory(task=study, metric="覆盖社团", target_value=Decimal(100), unit="%")
    f.TargetFactory(task=study, metric="全年培训200人次", target_value=Decimal(200), unit="人次", position=1)
    third = f.UnitFactory(name="硚口区委统战部", short_name="硚口区", parent=city, order=3)
    # Assigned out of official order: the table lists units as the register orders them.
    for unit, role in ((third, "lead"), (own_unit, "lead"), (other_unit, "co")):
        f.AssignmentFactory(task=study, unit=unit, role=role)
    f.TaskFactory(plan=plan, parent=line, code="1.2", position=1, title="四个重点", is_guidance=True)
    f.TaskFactory(plan=plan, code="2", position=1, title="已取消的任务", status="cancelled")
    return plan


def rows(response) -> dict[str, dict]:
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    return {r[0]: dict(zip(values[1], r, strict=True)) for r in values[2:]}, values[0][0]


@pytest.mark.parametrize("who", ["supervisor", "leader"])
def test_the_plan_exports_its_division_table(client, request, division_plan, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("plans:export", args=[division_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert quote("2025年统战工作要点任务分解表.xlsx") in response["Content-Disposition"]
    table, title = rows(response)
    assert title == "2025年统战工作要点任务分解表"
    assert list(table) == ["1", "1.1", "1.2"]  # cancelled work is not in the table
    study = table["1.1"]
    assert study["任务"] == "主题教育" and study["具体内容"] == "组织专题学习。"
    assert study["牵头单位"] == "江岸区委统战部、硚口区委统战部"
    assert study["配合单位"] == "江汉区委统战部"
    assert study["完成时限"] == "2025年6月30日（6月底前）"
    assert study["量化指标"] == "覆盖社团 100%；全年培训200人次"
    assert (study["层级"], study["权重"]) == ("亮点", "2.5")
    assert (table["1"]["层级"], table["1"]["权重"]) == ("重点", "3")
    assert table["1.2"]["层级"] == "工作要求"
    assert Assignment.objects.filter(task__plan=division_plan).count() == 3


def test_the_plan_page_offers_the_export_to_those_who_may_use_it(client, plan, supervisor, leader):
    url = reverse("plans:export", args=[plan.pk])
    for user in (supervisor, leader):
        client.force_login(user)
        page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
        assert url in page and "导出任务分解表" in page
