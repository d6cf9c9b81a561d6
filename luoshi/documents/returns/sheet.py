"""Write a unit's return sheet for one period: its assignments in the plan (counted tasks, task order),
one row per quantified target (a task without targets has one row), the unit's columns left blank to fill
in — or holding what its current draft already says. The unit, period and plan are written above the table;
the reader checks them against who uploads and for which period."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from luoshi.intake.export_xlsx import as_text
from luoshi.lib.cndates import cn_date, cn_period
from luoshi.lib.codes import code_sort_key
from luoshi.plans.models import Assignment, Plan, Task

from . import layout


def sheet_title(plan: Plan, unit, period: str) -> str:
    return f"{unit.name}{plan.title}{cn_period(period)}进度报送表"


def sheet_rows(plan: Plan, unit, period: str) -> list[list]:
    assignments = (
        Assignment.objects.filter(task__in=Task.objects.filter(plan=plan).counted(), unit=unit)
        .select_related("task")
        .prefetch_related("task__targets")
    )
    rows = []
    for a in sorted(assignments, key=lambda a: code_sort_key(a.task.code)):
        task = a.task
        head = [task.code, task.title, a.get_role_display(), cn_date(task.deadline) or task.deadline_text]
        targets = list(task.targets.all()) or [None]
        for target in targets:
            if target is None:
                rows.append([*head, "", "", "", "", None, ""])
            else:
                value = f"{target.target_value.normalize():f}"
                rows.append([*head, target.metric, value, target.unit, None, None, ""])
    return rows


def return_sheet(plan: Plan, unit, period: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = layout.SHEET
    n = len(layout.COLUMNS)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    to_fill = PatternFill("solid", fgColor="FFF2CC")

    ws.cell(layout.TITLE_ROW, 1, sheet_title(plan, unit, period)).font = Font(name="宋体", size=16, bold=True)
    ws.merge_cells(start_row=layout.TITLE_ROW, start_column=1, end_row=layout.TITLE_ROW, end_column=n)
    ws.cell(layout.TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[layout.TITLE_ROW].height = 30
    meta = [layout.META_LABELS[0], unit.name, layout.META_LABELS[1], period, layout.META_LABELS[2], plan.pk]
    for col, value in enumerate(meta, start=1):
        cell = ws.cell(layout.META_ROW, col, value)
        cell.font = Font(name="宋体", size=11, bold=col % 2 == 1)
    ws.cell(
        layout.META_ROW + 1,
        1,
        "请只填写黄色底纹的列：完成值、完成进度（0—100的整数）、工作进展；不要改动其他内容。",
    )
    for col, (header, width, filled) in enumerate(layout.COLUMNS, start=1):
        cell = ws.cell(layout.HEADER_ROW, col, header)
        cell.font, cell.border, cell.alignment = Font(name="宋体", size=11, bold=True), border, wrap
        if filled:
            cell.fill = to_fill
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(sheet_rows(plan, unit, period), start=layout.FIRST_DATA_ROW):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(r, col, value)
            cell.font, cell.border, cell.alignment = Font(name="仿宋", size=11), border, wrap
            if layout.COLUMNS[col - 1][2]:
                cell.fill = to_fill
            as_text(cell)
    ws.freeze_panes = ws.cell(layout.FIRST_DATA_ROW, 3).coordinate
    ws.print_title_rows = f"{layout.HEADER_ROW}:{layout.HEADER_ROW}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
