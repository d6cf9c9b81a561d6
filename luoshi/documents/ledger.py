"""The 进度台账 of a plan for one period as Excel: one row per assignment of a counted task, in task order and
then lead before co-operating units in official order, with the period's report (latest version) and where
the work stands (progress, light, days overdue as the last refresh stored them).

Laid out for printing like the 任务分解表 (luoshi.intake.export_xlsx): a title row, a two-row header whose
groups are merged cells, widths, frozen panes under the header, the header rows repeated on every printed
page, A4 landscape fitted to the width; every text cell that Excel would read as a formula is escaped."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from luoshi.intake.export_xlsx import as_text
from luoshi.lib.cndates import cn_date, cn_datetime, cn_period
from luoshi.lib.codes import code_sort_key
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.reports.models import Report

# (group, column, width in characters)
COLUMNS = [
    ("任务", "编号", 8),
    ("任务", "任务名称", 30),
    ("任务", "完成时限", 13),
    ("责任单位", "单位", 20),
    ("责任单位", "角色", 6),
    ("责任单位", "签收", 8),
    ("本期报送", "状态", 8),
    ("本期报送", "报送时间", 17),
    ("本期报送", "工作进展", 44),
    ("本期报送", "填报进度", 8),
    ("落实情况", "当前进度", 8),
    ("落实情况", "亮灯", 6),
    ("落实情况", "逾期天数", 8),
]
SHEET = "进度台账"
_CENTERED = {"编号", "完成时限", "角色", "签收", "状态", "填报进度", "当前进度", "亮灯", "逾期天数"}


def ledger_title(plan: Plan, period: str) -> str:
    return f"{plan.title}{cn_period(period)}进度台账"


def ledger_rows(plan: Plan, period: str) -> list[list]:
    counted = Task.objects.filter(plan=plan).counted()
    assignments = list(Assignment.objects.filter(task__in=counted).select_related("task", "unit"))
    latest: dict[int, Report] = {}
    for report in Report.objects.filter(assignment__task__plan=plan, period=period).order_by("version"):
        latest[report.assignment_id] = report
    assignments.sort(
        key=lambda a: (code_sort_key(a.task.code), a.role != Assignment.Role.LEAD, a.unit.order, a.unit_id)
    )
    rows = []
    for a in assignments:
        report = latest.get(a.pk)
        rows.append(
            [
                a.task.code,
                a.task.title,
                cn_date(a.task.deadline) or a.task.deadline_text,
                a.unit.name,
                a.get_role_display(),
                "已签收" if a.is_acknowledged else "未签收",
                report.get_status_display() if report else "未报",
                cn_datetime(report.submitted_at) if report and report.submitted_at else "",
                report.narrative if report else "",
                f"{report.percent}%" if report else "",
                f"{a.progress.normalize():f}%",
                a.get_light_display(),
                a.days_overdue or "",
            ]
        )
    return rows


def ledger_workbook(plan: Plan, period: str) -> bytes:
    rows = ledger_rows(plan, period)
    return write_table(ledger_title(plan, period), COLUMNS, rows, sheet=SHEET, centered=_CENTERED)


def write_table(title: str, columns, rows: list[list], *, sheet: str, centered=frozenset()) -> bytes:
    """A printable sheet: title row, grouped two-row header (groups merged), body rows, as .xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    n = len(columns)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    left = Alignment(wrap_text=True, vertical="center", horizontal="left")
    head_font, body_font = Font(name="宋体", size=11, bold=True), Font(name="仿宋", size=11)

    ws.append([title] + [None] * (n - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws["A1"].font = Font(name="宋体", size=16, bold=True)
    ws["A1"].alignment = center
    ws.row_dimensions[1].height = 32
    ws.append([group for group, _, _ in columns])
    ws.append([name for _, name, _ in columns])
    start = 1
    for col in range(1, n + 2):
        if col == n + 1 or columns[col - 1][0] != columns[start - 1][0]:
            if col - 1 > start:
                ws.merge_cells(start_row=2, start_column=start, end_row=2, end_column=col - 1)
            start = col
    for row in (2, 3):
        for col in range(1, n + 1):
            cell = ws.cell(row=row, column=col)
            cell.font, cell.alignment, cell.border = head_font, center, border
    for values in rows:
        ws.append(values)
    for row_cells in ws.iter_rows(min_row=4):
        for cell, (_, name, _) in zip(row_cells, columns, strict=True):
            cell.font, cell.border = body_font, border
            cell.alignment = center if name in centered else left
            as_text(cell)
    for i, (_, _, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "C4"
    print_layout(ws, "2:3")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def print_layout(ws, title_rows: str) -> None:
    """A4 landscape fitted to the page width, `title_rows` (the header) repeated on every printed page,
    centred, with 第 N 页 in the footer."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
