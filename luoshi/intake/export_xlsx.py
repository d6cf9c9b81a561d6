"""Write a task tree as an Excel 任务分解表, laid out for printing: the one writer for a parsed document
(`luoshi parse --format xlsx`), an intake draft and a published plan.

Columns: 序号 | 任务 | 具体内容 | 牵头单位 | 配合单位 | 完成时限 | 量化指标, then 层级 | 权重 when the rows carry
them (drafts and plans do; a bare parse does not). A title row merged across the columns, the header row
repeated on every printed page, A4 landscape fitted to the page width, wrapped text, thin borders,
宋体/仿宋. A node with children and nothing of its own is written as a group row (its 序号, then its title
merged across the rest), as offices lay such tables out; the readers and `tables.parse_table` read the
file back into the same tree (they pass over 层级 and 权重).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import BinaryIO

from .model import Node, ParseResult

DIVISION_COLUMNS = ["序号", "任务", "具体内容", "牵头单位", "配合单位", "完成时限", "量化指标"]
ASSESSMENT_COLUMNS = ["层级", "权重"]  # written when any row has them
COLUMN_WIDTHS = {
    "序号": 8,
    "任务": 24,
    "具体内容": 52,
    "牵头单位": 18,
    "配合单位": 22,
    "完成时限": 14,
    "量化指标": 18,
    "层级": 8,
    "权重": 6,
}  # in characters of the default font
_CENTERED = {"序号", "完成时限", "层级", "权重"}
UNIT_SEPARATOR = "、"
DEFAULT_TITLE = "任务分解表"
# A cell beginning with one of these is a formula to Excel (or becomes one when edited): it is written as text
# with Excel's quote prefix (the leading apostrophe), never as a formula — titles come from pasted documents.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TITLE_FONT = "宋体"
_BODY_FONT = "仿宋"


@dataclass
class DivisionRow:
    """One row of the table, already in words: units as names, the deadline and targets as written."""

    code: str
    title: str
    content: str = ""
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    deadline: str = ""
    targets: list[str] = field(default_factory=list)
    tier: str = ""  # 例行 / 重点 / 亮点, or 工作要求
    weight: str = ""
    has_children: bool = False

    @property
    def is_group(self) -> bool:
        """A heading with nothing of its own: its title spans the row."""
        return self.has_children and not (
            self.content or self.lead or self.co or self.deadline or self.targets or self.tier or self.weight
        )

    def cells(self, columns: list[str]) -> list[str]:
        if self.is_group:
            return [self.code, self.title] + [""] * (len(columns) - 2)
        values = {
            "序号": self.code,
            "任务": self.title,
            "具体内容": self.content,
            "牵头单位": UNIT_SEPARATOR.join(self.lead),
            "配合单位": UNIT_SEPARATOR.join(self.co),
            "完成时限": self.deadline,
            "量化指标": "；".join(dict.fromkeys(self.targets)),
            "层级": self.tier,
            "权重": self.weight,
        }
        return [values[c] for c in columns]


def content_of(title: str, text: str) -> str:
    """An item's text less its head, which has a column of its own."""
    text = (text or "").strip()
    title = (title or "").strip()
    if title and text.startswith(title):
        text = text[len(title) :].lstrip("。；;：:，, \n")
    return text


def number_text(value) -> str:
    """200, 12.5 — never 200.0 or 2E+2."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "normalize"):  # Decimal
        return f"{value.normalize():f}"
    return str(value)


def _code(path: list[int]) -> str:
    return ".".join(str(i) for i in path)


def _all_marked(nodes: list[Node]) -> bool:
    return all((n.marker or "").strip() and _all_marked(n.children) for n in nodes if not n.mirror)


def _flatten(nodes: list[Node], prefix: list[int], as_written: bool | None = None) -> list[tuple[Node, str]]:
    """Nodes depth first with their 序号: the markers as written when every node has one, else
    computed codes throughout (a mix of the two would not read back as the same tree)."""
    if as_written is None:
        as_written = _all_marked(nodes)
    out: list[tuple[Node, str]] = []
    nodes = [n for n in nodes if not n.mirror]  # restated items: their headings have their own rows
    for i, node in enumerate(nodes, start=1):
        path = [*prefix, i]
        out.append((node, (node.marker or "").strip() if as_written else _code(path)))
        out.extend(_flatten(node.children, path, as_written))
    return out


def rows_of(result: ParseResult) -> list[DivisionRow]:
    """A parsed document's rows, one per node in document order (a parse knows no tier or weight).

    序号 is the marker as written when every node has one, else a computed hierarchical code
    (1, 1.2, 1.2.3) for every node."""
    return [
        DivisionRow(
            code=code,
            title=node.title,
            content=content_of(node.title, node.text),
            lead=list(node.lead_units),
            co=list(node.co_units),
            deadline=node.deadline or "",
            targets=[f"{number_text(t.value)}{t.unit}" for t in node.targets],
            has_children=bool(node.children),
        )
        for node, code in _flatten(result.items, [])
    ]


def columns_for(rows: list[DivisionRow]) -> list[str]:
    extra = [
        c
        for c, attr in zip(ASSESSMENT_COLUMNS, ("tier", "weight"), strict=True)
        if any(getattr(r, attr) for r in rows)
    ]
    return DIVISION_COLUMNS + extra


def division_rows(result: ParseResult) -> list[list[str]]:
    """The table's body rows as cells (no header; see DIVISION_COLUMNS). A group row (a heading with no
    content of its own) leaves every column but 序号 and 任务 empty."""
    rows = rows_of(result)
    columns = columns_for(rows)
    return [r.cells(columns) for r in rows]


def table_title(title: str) -> str:
    """The title row (and file name) of a plan's or draft's table: its title, ending in 任务分解表."""
    title = (title or "").strip()
    return title if title.endswith(DEFAULT_TITLE) else f"{title}{DEFAULT_TITLE}"


def _row_height(cells: list[str], widths: list[int], points_per_line: float = 15.0) -> float:
    """Enough height for the wrapped text of the tallest cell (Chinese characters count double)."""
    lines = 1
    for text, width in zip(cells, widths, strict=False):
        if not text:
            continue
        n = 0
        for part in str(text).split("\n"):
            units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in part)
            n += max(1, math.ceil(units / max(1, (width - 1))))
        lines = max(lines, n)
    return max(18.0, lines * points_per_line + 4)


def as_text(cell) -> None:
    """Keep a cell that Excel would read as a formula a plain string, its first character escaped."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_division_table(
    result: ParseResult, target: str | os.PathLike | BinaryIO, title: str | None = None
) -> None:
    """Write a parsed document as a printable .xlsx task-division table to a path or a binary stream.

    The title row says `title`, else the parsed document's own title, else 任务分解表.
    """
    write_rows(rows_of(result), target, title or result.title)


def write_rows(
    rows: list[DivisionRow], target: str | os.PathLike | BinaryIO, title: str | None = None
) -> None:
    """Write `rows` as a printable .xlsx task-division table under the title row `title` (else 任务分解表)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    columns = columns_for(rows)
    widths = [COLUMN_WIDTHS[c] for c in columns]
    ncols = len(columns)
    last_col = get_column_letter(ncols)
    wb = Workbook()
    ws = wb.active
    ws.title = DEFAULT_TITLE

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_left = Alignment(wrap_text=True, vertical="center", horizontal="left")
    wrap_center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    body_font = Font(name=_BODY_FONT, size=11)

    ws.append([title or DEFAULT_TITLE] + [None] * (ncols - 1))
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"].font = Font(name=_TITLE_FONT, size=18, bold=True)
    ws["A1"].alignment = wrap_center
    ws.row_dimensions[1].height = 36

    ws.append(columns)
    for col in range(1, ncols + 1):
        cell = ws.cell(row=2, column=col)
        cell.font = Font(name=_TITLE_FONT, size=12, bold=True)
        cell.alignment = wrap_center
        cell.border = border
    ws.row_dimensions[2].height = 24

    for r, row in enumerate(rows, start=3):
        values = row.cells(columns)
        group = row.is_group
        ws.append(values)
        for col, name in enumerate(columns, start=1):
            cell = ws.cell(row=r, column=col)
            cell.border = border
            cell.font = Font(name=_BODY_FONT, size=11, bold=group) if group else body_font
            cell.alignment = wrap_center if name in _CENTERED else wrap_left
        if group:
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols)
            ws.row_dimensions[r].height = _row_height([values[1]], [sum(widths[1:])])
        else:
            ws.row_dimensions[r].height = _row_height(values, widths)

    for row_cells in ws.iter_rows():
        for cell in row_cells:
            as_text(cell)

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    wb.save(target)
