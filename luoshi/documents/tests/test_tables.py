"""The Excel 任务分解表 and 进度台账 open cleanly (well-formed XML, openpyxl and python-calamine read them back)
and are laid out for printing; text that looks like a formula stays text."""

import io
import zipfile

import pytest
from lxml import etree
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.documents import ledger, services
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Task

from .test_results_bulletin import final, scheme_in_publicity  # noqa: F401  (fixtures)


def _opens_cleanly(data: bytes) -> list[list]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))  # raises on malformed XML
    load_workbook(io.BytesIO(data))
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return workbook.get_sheet_by_index(0).to_python()


def test_the_ledger_has_grouped_headers_and_every_assignment(june):
    Task.objects.filter(code="1").update(title='=HYPERLINK("http://x")')
    data = ledger.ledger_workbook(june, "2025-06")
    rows = _opens_cleanly(data)
    assert rows[0][0] == "2025年统战工作要点2025年6月进度台账"
    assert (
        rows[1][0] == "任务" and rows[1][3] == "责任单位" and rows[2][:3] == ["编号", "任务名称", "完成时限"]
    )
    body = rows[3:]
    assert [r[3] for r in body] == ["江岸区委统战部", "江汉区委统战部", "硚口区委统战部", "汉阳区委统战部"]
    assert body[0][1] == '=HYPERLINK("http://x")' and body[1][6] == "草稿" and body[2][6] == "退回"
    ws = load_workbook(io.BytesIO(data)).active
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:M1", "A2:C2", "D2:F2", "G2:J2", "K2:M2"}
    assert ws.freeze_panes == "C4" and ws.print_title_rows == "$2:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws["B4"].data_type == "s" and ws["B4"].quotePrefix
    assert ws.column_dimensions["I"].width == 44


def test_the_task_division_table_opens_cleanly_in_calamine(june):
    data, name = services.export_table(Actor(None), june, "tasks")
    rows = _opens_cleanly(data)
    assert name == "2025年统战工作要点任务分解表.xlsx"
    assert rows[1][:3] == ["序号", "任务", "具体内容"]
    assert AuditEntry.objects.filter(action="export_table").count() == 1


def test_scores_wait_for_a_published_scheme(june):
    with pytest.raises(ServiceError, match="还没有已发布的考核方案"):
        services.export_table(Actor(None), june, "scores")


def test_the_score_table_opens_cleanly(june, final):  # noqa: F811
    data, name = services.export_table(Actor(None), june, "scores")
    rows = _opens_cleanly(data)
    assert name == "2025年统战工作要点考核得分表.xlsx"
    assert rows[4][2:4] == ["自评", "审核"]
    assert AuditEntry.objects.filter(action="export_table").count() == 1


def test_the_ledger_defaults_to_the_latest_period_and_checks_the_format(june):
    _, name = services.export_table(Actor(None), june, "ledger")
    assert "2025年6月" in name
    with pytest.raises(ServiceError, match="格式不对"):
        services.export_table(Actor(None), june, "ledger", period="2025-13")
