"""The 考核得分表 of a plan as Excel: one sheet per live scheme (one class of assessed units), one row per
unit in ranking order, and for every scored indicator the unit's self score (自评) beside the office's (审核:
the final score once approved, else the reviewed one, else the computed one), then the 平时/年终 parts, the
bonus, the total and the grade — all read from `assess.scoring.score_sheet`.

Laid out for printing like the 进度台账: title rows, a three-row header (一级指标 over its rows, each row's
name and points over its 自评/审核 pair) whose groups are merged cells, widths, frozen panes under the header
and beside the unit names, the header repeated on every printed page, A4 landscape fitted to the width;
text that Excel would read as a formula is escaped."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from luoshi.assess import scoring
from luoshi.assess.models import Scheme
from luoshi.intake.export_xlsx import as_text
from luoshi.lib.cndates import cn_date
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Plan

from .ledger import print_layout

HEADER_ROWS = (3, 4, 5)
FIRST_BODY_ROW = 6
LEADING = [("名次", 6), ("单位", 24)]
TRAILING = [("平时考核", 9), ("年终考核", 9), ("加分", 7), ("总分", 9), ("等次", 7), ("备注", 18)]
NO_SCHEME = "该工作部署还没有已发布的考核方案，无法导出考核得分表。"


def scores_title(plan: Plan) -> str:
    return f"{plan.title}考核得分表"


def live_schemes(plan: Plan) -> list[Scheme]:
    return list(Scheme.objects.filter(plan=plan, status=Scheme.Status.PUBLISHED).order_by("unit_kind", "pk"))


def score_workbook(plan: Plan, *, today=None) -> bytes:
    """The plan's 考核得分表, one sheet per live scheme; refused while no scheme is published."""
    schemes = live_schemes(plan)
    if not schemes:
        raise ServiceError(NO_SCHEME)
    wb = Workbook()
    wb.remove(wb.active)
    for scheme in schemes:
        _sheet(wb, scheme, today)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet(wb: Workbook, scheme: Scheme, today) -> None:
    rows, sheet = scoring.score_sheet(scheme)
    ws = wb.create_sheet(scheme.get_unit_kind_display()[:31])
    n = len(LEADING) + 2 * len(rows) + len(TRAILING)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    left = Alignment(wrap_text=True, vertical="center", horizontal="left")
    head_font, body_font = Font(name="宋体", size=10, bold=True), Font(name="仿宋", size=10)

    ws.cell(1, 1, f"{scheme.title}得分表").font = Font(name="宋体", size=16, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.cell(1, 1).alignment = center
    ws.row_dimensions[1].height = 32
    as_of = scoring.default_as_of(scheme, today)
    ws.cell(
        2,
        1,
        f"第{scheme.version}版　考核环节：{scheme.get_stage_display()}　统计截至{cn_date(as_of)}　"
        "“审核”列为考核科室核定的得分（已审定的为最终得分，含复核调整；未经审核的为系统计算分）",
    ).font = Font(name="仿宋", size=10)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n)
    as_text(ws.cell(1, 1))

    def head(row: int, col: int, text: str, *, down: int = 0, across: int = 1) -> None:
        ws.cell(row, col, text)
        as_text(ws.cell(row, col))
        if down or across > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + down, end_column=col + across - 1)

    col = 1
    for name, width in LEADING:
        head(3, col, name, down=2)
        ws.column_dimensions[get_column_letter(col)].width = width
        col += 1
    for i, row in enumerate(rows):
        if row.parent_id is None:
            head(3, col, f"{row.name}（{row.points}分）", down=1, across=2)
        else:
            if i == 0 or rows[i - 1].parent_id != row.parent_id:  # a run of one parent's rows
                run = next((j for j in range(i, len(rows)) if rows[j].parent_id != row.parent_id), len(rows))
                head(3, col, f"{row.parent.name}", across=2 * (run - i))
            head(4, col, f"{row.name}（{row.points}分）", across=2)
        head(5, col, "自评")
        head(5, col + 1, "审核")
        for c in (col, col + 1):
            ws.column_dimensions[get_column_letter(c)].width = 7
        col += 2
    for name, width in TRAILING:
        head(3, col, name, down=2)
        ws.column_dimensions[get_column_letter(col)].width = width
        col += 1
    for r in HEADER_ROWS:
        ws.row_dimensions[r].height = 30 if r == 4 else 20
        for c in range(1, n + 1):
            cell = ws.cell(r, c)
            cell.font, cell.alignment, cell.border = head_font, center, border

    for i, entry in enumerate(sheet):
        r = FIRST_BODY_ROW + i
        s = entry.standing
        by_indicator = {line.indicator_id: line for line in entry.lines}
        values: list = [s.rank, s.unit.name]
        for row in rows:
            line = by_indicator.get(row.pk)
            values += [line.self_score if line else None, line.current if line else None]
        values += [s.regular, s.year_end, s.bonus, s.total, s.grade_label, s.grade_note]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.font, cell.border = body_font, border
            cell.alignment = left if c in (2, n) else center
            if isinstance(value, str):
                as_text(cell)
            elif value is not None and c > 1:
                cell.number_format = "0.00"
    ws.freeze_panes = ws.cell(FIRST_BODY_ROW, len(LEADING) + 1).coordinate
    print_layout(ws, f"{HEADER_ROWS[0]}:{HEADER_ROWS[-1]}")
