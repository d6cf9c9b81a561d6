"""The 督办 statistics as an Excel workbook: by unit, by urgency, and the assignments not yet acknowledged.
Text from plans and unit names is kept as text, never a formula (`as_text`, as in the division table)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font

from luoshi.intake.export_xlsx import as_text
from luoshi.lib.cndates import cn_date

from .statistics import BUCKET_LABELS, BUCKETS, Figures, Statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIGURE_HEADERS = [
    "交办数",
    *[f"签收：{BUCKET_LABELS[b]}" for b in BUCKETS],
    "按时签收",
    "按时签收率",
    "已办结",
    "按时办结",
    "按时办结率",
    "逾期数",
    "逾期天数合计",
    "收到催办",
]


def _figures(f: Figures) -> list:
    return [
        f.assignments,
        *f.bucket_list,
        f.acknowledged_on_time,
        f.acknowledged_on_time_rate,
        f.completed,
        f.completed_on_time,
        f.completed_on_time_rate,
        f.overdue,
        f.overdue_days,
        f.chases,
    ]


def _sheet(ws, title: str, header: list[str], rows: list[list]) -> None:
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            as_text(cell)
    for column in ws.columns:
        ws.column_dimensions[column[0].column_letter].width = 14
    ws.column_dimensions["A"].width = 24
    ws.freeze_panes = "B2"


def workbook(stats: Statistics) -> bytes:
    book = Workbook()
    _sheet(
        book.active,
        "按单位",
        ["单位", *FIGURE_HEADERS],
        [[f.label, *_figures(f)] for f in [*stats.units, stats.total]],
    )
    _sheet(
        book.create_sheet(),
        "按紧急程度",
        ["紧急程度", *FIGURE_HEADERS],
        [[f.label, *_figures(f)] for f in stats.urgencies],
    )
    _sheet(
        book.create_sheet(),
        "未签收",
        ["单位", "任务编号", "任务", "交办日期", "已等待工作日", "是否超时"],
        [
            [
                r["unit"],
                r["task__code"],
                r["task__title"],
                cn_date(r["assigned_on"]),
                r["waiting"],
                "超时" if r["late"] else "",
            ]
            for r in stats.not_acknowledged
        ],
    )
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def download(stats: Statistics) -> HttpResponse:
    response = HttpResponse(workbook(stats), content_type=XLSX)
    name = f"督办统计_{stats.plan.title}_{stats.today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
