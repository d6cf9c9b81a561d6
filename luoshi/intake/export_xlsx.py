"""Write a task tree as an Excel 任务分解表, laid out for printing.

Columns: 序号 | 任务 | 具体内容 | 牵头单位 | 配合单位 | 完成时限 | 量化指标. A title row merged across the
columns, the header row repeated on every printed page, A4 landscape fitted to the page width, wrapped
text, thin borders, 宋体/仿宋. A node with children and no content of its own is written as a group
row (its 序号, then its title merged across the rest), as offices lay such tables out; the readers and
`tables.parse_table` read the file back into the same tree.
"""

from __future__ import annotations

import math
import os
from typing import BinaryIO

from .model import Node, ParseResult

DIVISION_COLUMNS = ["序号", "任务", "具体内容", "牵头单位", "配合单位", "完成时限", "量化指标"]
COLUMN_WIDTHS = [8, 24, 52, 18, 22, 14, 18]  # in characters of the default font
UNIT_SEPARATOR = "、"
DEFAULT_TITLE = "任务分解表"
_TITLE_FONT = "宋体"
_BODY_FONT = "仿宋"


def _code(path: list[int]) -> str:
    return ".".join(str(i) for i in path)


def _content(node: Node) -> str:
    """The node's text less its head, which has a column of its own."""
    text = (node.text or "").strip()
    title = (node.title or "").strip()
    if title and text.startswith(title):
        text = text[len(title) :].lstrip("。；;：:，, \n")
    return text


def _targets(node: Node) -> str:
    seen: list[str] = []
    for t in node.targets:
        value = int(t.value) if isinstance(t.value, float) and t.value.is_integer() else t.value
        label = f"{value}{t.unit}"
        if label not in seen:
            seen.append(label)
    return "；".join(seen)


def _is_group(node: Node) -> bool:
    return bool(node.children) and not (
        node.lead_units or node.co_units or node.deadline or node.targets or _content(node)
    )


def _all_marked(nodes: list[Node]) -> bool:
    return all((n.marker or "").strip() and _all_marked(n.children) for n in nodes if not n.mirror)


def _flatten(
    nodes: list[Node], prefix: list[int], as_written: bool | None = None
) -> list[tuple[Node, str, bool]]:
    """Nodes depth first with their 序号: the markers as written when every node has one, else
    computed codes throughout (a mix of the two would not read back as the same tree)."""
    if as_written is None:
        as_written = _all_marked(nodes)
    out: list[tuple[Node, str, bool]] = []
    nodes = [n for n in nodes if not n.mirror]  # restated items: their headings have their own rows
    for i, node in enumerate(nodes, start=1):
        path = [*prefix, i]
        out.append((node, (node.marker or "").strip() if as_written else _code(path), _is_group(node)))
        out.extend(_flatten(node.children, path, as_written))
    return out


def division_rows(result: ParseResult) -> list[list[str]]:
    """The table's body rows (no header; see DIVISION_COLUMNS), one per node in document order.

    序号 is the marker as written when every node has one, else a computed hierarchical code
    (1, 1.2, 1.2.3) for every node. A group row (a heading with no content of its own) leaves every column but 序号 and 任务
    empty. Reused by the web layer to show the table before it is downloaded.
    """
    rows = []
    for node, code, group in _flatten(result.items, []):
        if group:
            rows.append([code, node.title, "", "", "", "", ""])
            continue
        rows.append(
            [
                code,
                node.title,
                _content(node),
                UNIT_SEPARATOR.join(node.lead_units),
                UNIT_SEPARATOR.join(node.co_units),
                node.deadline or "",
                _targets(node),
            ]
        )
    return rows


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


def write_division_table(
    result: ParseResult, target: str | os.PathLike | BinaryIO, title: str | None = None
) -> None:
    """Write `result` as a printable .xlsx task-division table to a path or a binary stream.

    The title row says `title`, else the parsed document's own title, else 任务分解表.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    ncols = len(DIVISION_COLUMNS)
    last_col = get_column_letter(ncols)
    wb = Workbook()
    ws = wb.active
    ws.title = DEFAULT_TITLE

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_left = Alignment(wrap_text=True, vertical="center", horizontal="left")
    wrap_center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    body_font = Font(name=_BODY_FONT, size=11)

    ws.append([title or result.title or DEFAULT_TITLE] + [None] * (ncols - 1))
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"].font = Font(name=_TITLE_FONT, size=18, bold=True)
    ws["A1"].alignment = wrap_center
    ws.row_dimensions[1].height = 36

    ws.append(DIVISION_COLUMNS)
    for col in range(1, ncols + 1):
        cell = ws.cell(row=2, column=col)
        cell.font = Font(name=_TITLE_FONT, size=12, bold=True)
        cell.alignment = wrap_center
        cell.border = border
    ws.row_dimensions[2].height = 24

    for r, (values, (_node, _code, group)) in enumerate(
        zip(division_rows(result), _flatten(result.items, []), strict=False), start=3
    ):
        ws.append(values)
        for col in range(1, ncols + 1):
            cell = ws.cell(row=r, column=col)
            cell.border = border
            cell.font = Font(name=_BODY_FONT, size=11, bold=group) if group else body_font
            cell.alignment = wrap_center if col in (1, 6) else wrap_left
        if group:
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols)
            ws.row_dimensions[r].height = _row_height([values[1]], [sum(COLUMN_WIDTHS[1:])])
        else:
            ws.row_dimensions[r].height = _row_height(values, COLUMN_WIDTHS)

    for i, width in enumerate(COLUMN_WIDTHS, start=1):
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
