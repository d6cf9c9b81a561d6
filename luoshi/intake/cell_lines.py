"""Task-division tables that a web page or a copy-paste flattened to one cell per line.

Two shapes are seen: every cell followed by a `|` (on its own line, or closing the cell's last line —
a cell may wrap over several lines, and `|` right after `|` is an empty cell), and cells on lines of
their own parted by blank lines. The rows are found by table geometry, not by words: the 序号 column
counts 1, 2, 3 … down the table, so each number in sequence opens a row. The header, when there is
one, is the run of header words (序号, 重点工作, 责任单位 …) just before the first number.
"""

from __future__ import annotations

import re

from .segment import Span
from .tables import CO, CONTENT, GROUP, LEAD, LEADER, RESP, SEQ, TARGET, TASK, _role

_NOT_WORD = re.compile(r"[\s|]+")
_SEQ_CELL = re.compile(r"[0-9０-９]{1,3}[.．、]?")
_MIN_ROWS = 3
_MIN_ROWS_UNDER_HEADER = 2  # an excerpt of a table whose header words stand right above its numbers
_MAX_CELL = 600
_MAX_HEADER_CELL = 14  # a longer "cell" is a paragraph of prose, not a flattened table
_MAX_COLUMNS = 100  # as many columns as a sheet may have (readers.MAX_COLS)
_PIPE_SHARE = 3  # at least one line in this many must be or end in | for the | shape

Cell = tuple[str, int, int]  # text, start, end in the source


def find_cell_line_table(text: str) -> tuple[list[list[str]], list[Span]] | None:
    """Rows (the header first, when there is one) and each row's span in `text`, or None."""
    cells = _cells(text)
    if cells is None:
        return None
    first, rows = _numbered_rows(cells)
    header = _header_before(cells, first) if rows else []
    if len(rows) < (_MIN_ROWS_UNDER_HEADER if header else _MIN_ROWS):
        return None
    table_chars = sum(len(c) for row in rows for c, _, _ in row)
    if table_chars * 10 < len(_NOT_WORD.sub("", text)) * 4:
        return None  # a few numbered lines in a document that is mostly prose
    lead_cols = _columns_before_seq(header)
    group: list[str] = []
    if lead_cols and len(header) > lead_cols + 2:
        # 分类 | 序号 | … | 牵头单位 | <first group's name> | 1 | …: the group cell is written once, before
        # the first number of its group, so the cells just before 1 name the first group.
        group = [c for c, _, _ in header[-lead_cols:]]
        header = header[:-lead_cols]
    width = len(header) if header else max(len(r) for r in rows)
    if width > _MAX_COLUMNS:
        return None  # a "row" of hundreds of cells is a run of numbers in text, not a table
    unit_cols = {i - lead_cols for i, (c, _, _) in enumerate(header) if _role(c) in (LEAD, CO, RESP)}
    person_cols = {i - lead_cols for i, (c, _, _) in enumerate(header) if _role(c) == LEADER}
    task_col = next((i - lead_cols for i, (c, _, _) in enumerate(header) if _role(c) == TASK), None)
    grid, spans = [], []
    for row in rows:
        values = [c for c, _, _ in row]
        next_group = []
        if lead_cols and len(values) > width - lead_cols and not _UNIT_END.search(values[-1]):
            values, next_group = values[:-lead_cols], values[-lead_cols:]
        values = _fit(values, width - lead_cols, unit_cols, person_cols, task_col)
        values[0] = ""  # a running row number, not an outline heading's number
        if lead_cols:
            # The cells past the row's width name the next group (written before its first number).
            values = (group + [""] * lead_cols)[:lead_cols] + values[: width - lead_cols]
            group = next_group or group
        grid.append(values)
        spans.append((row[0][1], row[-1][2]))
    names = _name_task_column([c for c, _, _ in header], grid) if header else _column_names(grid)
    if names is None:
        return None
    start = header[0][1] if header else spans[0][0]
    return [names, *grid], [(start, header[-1][2] if header else start), *spans]


# What a column's cells look like, for a table that came without its header row.
_UNIT_END = re.compile(r"(?:科|局|委|办|中心|部|室|处|院|所|站|队|公司|政府|街道|镇|乡|会|组|馆|社)$")
_DEADLINE_CELL = re.compile(
    r"(?:[0-9０-９]{4}年)?(?:[0-9０-９]{1,2}月|年底|年内|月底|全年|长期|持续|[一二三四]季度|前)"
)
_SECTION_CELL = re.compile(r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]")
_PERSON_CELL = re.compile(r"[\u4e00-\u9fff]{2,4}")
_MOSTLY = 0.6


def _column_names(grid: list[list[str]]) -> list[str] | None:
    """Header words for a headerless table, from what each column holds: section headings (分类),
    units (责任单位), deadlines (完成时限), people (责任人); the longest text column is the task."""
    width = max(len(r) for r in grid)
    names: list[str] = ["序号"] + [""] * (width - 1)
    free = []
    for col in range(1, width):
        cells = [r[col] for r in grid if col < len(r) and r[col]]
        if not cells:
            continue
        lines = [line for c in cells for line in c.split("\n") if line]
        if all(_SECTION_CELL.match(c) for c in cells) and len(cells) < len(grid):
            names[col] = "分类"
        elif _share(lines, _UNIT_END.search) >= _MOSTLY:
            names[col] = "责任单位"
        elif _share(cells, _DEADLINE_CELL.search) >= _MOSTLY and max(map(len, cells)) <= 20:
            names[col] = "完成时限"
        elif _share(lines, _PERSON_CELL.fullmatch) >= _MOSTLY:
            names[col] = "责任人"
        elif not any(ch.isdigit() for c in cells for ch in c[:1]) or _share(cells, str.isdigit) < _MOSTLY:
            free.append((sum(map(len, cells)) / len(cells), col))
    if not free:
        # Short task cells (推进甲) read like names: the longest such column is the task after all.
        free = [(sum(len(r[c]) for r in grid if c < len(r)), c) for c, n in enumerate(names) if n == "责任人"]
    if not free or "责任单位" not in names:
        return None
    names[max(free)[1]] = "工作任务"
    return names


def _name_task_column(names: list[str], grid: list[list[str]]) -> list[str]:
    """序号 | 民生实事 | 责任单位: when no header word names the task column, the unnamed column with the
    longest cells is it (given the task column's header word, so the table reader gives it that role)."""
    if any(_role(n) in (TASK, CONTENT, TARGET) for n in names):
        return names
    free = [(sum(len(r[i]) for r in grid if i < len(r)), i) for i, n in enumerate(names) if _role(n) is None]
    if free:
        names = list(names)
        names[max(free)[1]] = "工作任务"
    return names


def _share(values: list[str], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


_LINE_SPACE = " \t\r\u3000\xa0"


def _cells(text: str) -> list[Cell] | None:
    raw = text.split("\n")
    stripped = [line.strip(_LINE_SPACE) for line in raw]
    n_filled = len(stripped) - stripped.count("")
    if n_filled < 3 * _MIN_ROWS:
        return None
    # The shape is told from the stripped lines alone; offsets are worked out only for a table.
    piped = sum(1 for s in stripped if s.endswith("|"))
    if piped * _PIPE_SHARE < n_filled:
        # Blank-line shape: most filled lines stand between blank lines.
        blank_parted = sum(
            1
            for k in range(1, len(stripped) - 1)
            if stripped[k] and not stripped[k - 1] and not stripped[k + 1]
        )
        if blank_parted * 2 < n_filled:
            return None
    lines: list[tuple[str, int, int]] = []
    pos = 0
    for line, s in zip(raw, stripped, strict=True):
        lead = len(line) - len(line.lstrip(_LINE_SPACE))
        lines.append((s, pos + lead, pos + lead + len(s)))
        pos += len(line) + 1
    filled = [ln for ln in lines if ln[0]]
    if piped * _PIPE_SHARE >= len(filled):
        return _piped_cells(filled)
    return [ln for ln in filled if len(ln[0]) <= _MAX_CELL]


def _piped_cells(lines: list[tuple[str, int, int]]) -> list[Cell]:
    cells: list[Cell] = []
    parts: list[tuple[str, int, int]] = []
    seen_pipe = False
    for s, start, _ in lines:
        closes = s.endswith("|")
        if not seen_pipe and not closes:
            cells.append((s.strip("| \t\u3000"), start, start + len(s)))  # lines above the table
            continue
        seen_pipe = True
        body = s[:-1].rstrip(" \t\u3000") if closes else s
        body = body.lstrip("|").strip(" \t\u3000")
        if body:
            parts.append((body, start, start + len(s)))
        if closes:
            if parts:
                cells.append(("\n".join(p[0] for p in parts), parts[0][1], parts[-1][2]))
            else:
                cells.append(("", start, start))  # | after |: an empty cell
            parts = []
    if parts:
        cells.append(("\n".join(p[0] for p in parts), parts[0][1], parts[-1][2]))
    return cells


def _seq_value(cell: str) -> int | None:
    if not _SEQ_CELL.fullmatch(cell):
        return None
    digits = cell.rstrip(".．、").translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(digits)


def _numbered_rows(cells: list[Cell]) -> tuple[int, list[list[Cell]]]:
    """The longest run of cells numbered n, n+1, n+2 … (an excerpt may start past 1), each at least two
    cells after the one before, and the rows they open: (index of the first, rows). One pass: a number
    extends the longest run that ended at the number before it."""
    ending: dict[int, tuple[int, int]] = {}  # value -> (length, index) of the longest run ending there
    previous: dict[int, int] = {}
    best_end, best_len = -1, 0
    for i, (c, _, _) in enumerate(cells):
        value = _seq_value(c)
        if value is None:
            continue
        before = ending.get(value - 1)
        length = 1
        if before is not None and before[1] < i - 1:
            length = before[0] + 1
            previous[i] = before[1]
        if length > ending.get(value, (0, -1))[0]:
            ending[value] = (length, i)
        if length > best_len:
            best_end, best_len = i, length
    best: list[int] = []
    k = best_end
    while k >= 0 and len(best) < best_len:
        best.append(k)
        k = previous.get(k, -1)
    best.reverse()
    if len(best) < _MIN_ROWS_UNDER_HEADER:
        return 0, []
    rows = [cells[a:b] for a, b in zip(best, [*best[1:], len(cells)], strict=True)]
    return best[0], rows


_HEADER_MAX_CELLS = 12


def _fit_score(row: list[str], unit_cols: set[int], person_cols: set[int], task_col: int | None) -> int:
    """How well a row's cells sit under the header: unit names under unit columns, a person's name under
    the person column, no other text under either, and the task column filled. max() keeps the first of
    equal placements."""
    score = 1 if task_col is not None and task_col < len(row) and row[task_col] else 0
    for col, cell in enumerate(row):
        if not cell or col == 0:
            continue
        if col in unit_cols:
            names = [u for u in re.split(r"[、，,；;\n]", cell) if u]
            score += 1 if _share(names, _UNIT_END.search) >= 0.5 else -1
        elif col in person_cols:
            score += 1 if _PERSON_CELL.fullmatch(cell) else -1
    return score


def _header_before(cells: list[Cell], first: int) -> list[Cell]:
    """Header words right before the first number, from the 序号 cell (or a group column's word
    before it) on; a column named in words of its own (民生实事) may stand among them. Else []."""
    lo = max(0, first - _HEADER_MAX_CELLS)
    seq = next((k for k in range(first - 1, lo - 1, -1) if _role(cells[k][0]) == SEQ), None)
    if seq is None:
        return []
    k = seq
    while k > lo and _role(cells[k - 1][0]) == GROUP:
        k -= 1
    header = cells[k:first]
    named = sum(1 for c, _, _ in header if _role(c))
    if len(header) < 2 or named * 2 < len(header) or any(len(c) > _MAX_HEADER_CELL for c, _, _ in header):
        return []
    return header


def _columns_before_seq(header: list[Cell]) -> int:
    roles = [_role(c) for c, _, _ in header]
    return roles.index(SEQ) if SEQ in roles else 0


def _fit(
    values: list[str],
    width: int,
    unit_cols: set[int] | None = None,
    person_cols: set[int] | None = None,
    task_col: int | None = None,
) -> list[str]:
    """A row (from its 序号) to the header's width. A row cells short lacks a cell the page dropped: the
    blanks go where the row's unit names then stand under the unit columns (and a person under the
    责任领导 column); with nothing to tell, right after the 序号 (a section written once for its group).
    A row cells long holds a cell of several lines: a unit column takes the unit names that follow it;
    what is still over stays beyond the width."""
    while len(values) > 2 and not values[-1] and len(values) > width - 1:
        values = values[:-1]  # | closing an empty trailing cell the header does not have
    missing = width - len(values)
    if missing > 0:
        # Blanks go in one place, the rest (if any) at the row's end: empty trailing cells.
        placed = [
            values[:p] + [""] * k + values[p:] + [""] * (missing - k)
            for k in range(missing, 0, -1)
            for p in range(1, len(values) + 1)
        ]
        return max(
            placed, key=lambda row: _fit_score(row, unit_cols or set(), person_cols or set(), task_col)
        )
    surplus = -missing
    out: list[str] = []
    pos = 0
    for col in range(width):
        if pos >= len(values):
            break
        cell = values[pos]
        pos += 1
        while col in (unit_cols or ()) and surplus and pos < len(values) and _UNIT_END.search(values[pos]):
            cell, pos, surplus = f"{cell}\n{values[pos]}", pos + 1, surplus - 1
        out.append(cell)
    return out + values[pos:]
