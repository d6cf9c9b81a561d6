"""Task-division tables (任务分解表) → task tree.

An office's table has a title row (often merged across all columns), one or two header rows
(序号 | 重点任务 | 具体内容 | 牵头单位 | 配合单位 | 完成时限 …), group rows whose one text spans the row
(一、xxx), task rows and perhaps a note row at the end. Readers hand us the grid as strings, with a
merged range's value already copied into every cell it covers. We find the header by its words, give
each column a role, and build the tree from the 序号 numbering: 一 → （一） → 1 → （1） → ①, dotted
codes (1.1, 1.1.2) nesting by their dots. The numbering types nest in the order the table first uses
them, as they do in a Chinese outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Node, ParseResult, Target
from .numerals import CN_DIGITS
from .options import ParseOptions
from .units import inline_roles, split_top

# Column roles.
SEQ, TASK, CONTENT, LEAD, CO, RESP = "seq", "task", "content", "lead", "co", "resp"
DEADLINE, TARGET, NOTE, LEADER, GROUP = "deadline", "target", "note", "leader", "group"

_SPACE = re.compile(r"[\s\u3000\xa0]+")
_HEADER_PUNCT = re.compile(r"[\s\u3000\xa0（）()【】\[\]:：、/／*＊]+")
_MAX_HEADER_CELL = 14  # header cells are short; a longer cell is data

# Header words, by role. "in" lists match inside a cell, "is" lists the whole cell.
_SEQ_IS = frozenset(["序号", "编号", "序", "号", "序列", "项次", "序次"])
_GROUP_IS = frozenset(
    [
        "类别",
        "分类",
        "类型",
        "领域",
        "板块",
        "方面",
        "专项",
        "工作类别",
        "任务类别",
        "工作领域",
        "重点领域",
        "项目类别",
        "所属领域",
    ]
)
_LEAD_IS = frozenset(["主办单位", "主责单位", "主要责任单位", "主责部门", "主办部门"])
# 主办/承办/主责 + a unit word (主办科室, 承办处室, 主责部门): the lead unit.
_LEAD_START = ("主办", "承办", "主责")
_PERSON_IS = frozenset(["责任人", "负责人", "联系人", "具体责任人", "联络人"])
_CO_IN = ("配合", "协办", "协助", "参与", "协同")
_RESP_IN = (
    "责任单位",
    "责任部门",
    "负责单位",
    "承办单位",
    "承办部门",
    "实施单位",
    "责任主体",
    "落实单位",
    "办理单位",
    "主体单位",
)
_RESP_IS = frozenset(["责任", "单位", "部门"])
_DEADLINE_IN = ("时限", "时间", "期限", "节点", "日期", "进度安排", "时序")
_TASK_IN = ("任务", "事项", "项目")
_TASK_IS = frozenset(["工作内容", "名称", "工作", "内容名称", "重点工作", "主要工作", "工作要点"])
_TARGET_IN = ("指标", "目标", "成效")
_CONTENT_IN = ("内容", "措施", "举措", "要求", "具体工作", "工作重点", "做法")


def _role(cell: str) -> str | None:
    """The role a header cell names, or None when it names none."""
    c = _HEADER_PUNCT.sub("", cell)
    if not c or len(c) > _MAX_HEADER_CELL:
        return None
    checks = (
        (SEQ, c in _SEQ_IS or c.startswith("序号")),
        (LEADER, "领导" in c or c in _PERSON_IS),  # 责任领导 / 牵头领导 / 责任人: people, not units
        (NOTE, c.startswith("备注") or c == "说明"),
        (GROUP, c in _GROUP_IS),
        (LEAD, "牵头" in c or c in _LEAD_IS or c.startswith(_LEAD_START)),
        (CO, any(w in c for w in _CO_IN)),
        # 责任单位/责任部门/责任科室/责任处室/责任主体…: any 责任 column that does not name people.
        (
            RESP,
            any(w in c for w in _RESP_IN)
            or c in _RESP_IS
            or (c.startswith("责任") and not any(w in c for w in _DEADLINE_IN)),
        ),
        (DEADLINE, any(w in c for w in _DEADLINE_IN)),
        (TASK, any(w in c for w in _TASK_IN) or c in _TASK_IS),  # 目标任务 is a task, 工作目标 a target
        (TARGET, any(w in c for w in _TARGET_IN)),
        (CONTENT, any(w in c for w in _CONTENT_IN)),
    )
    return next((role for role, hit in checks if hit), None)


@dataclass
class _Header:
    """Where the header ends and which column plays which role."""

    end: int  # index of the first row after the header
    roles: list[str | None]
    signature: tuple = field(default=())
    start: int = 0  # index of the first header row

    def columns(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    def first(self, role: str) -> int | None:
        cols = self.columns(role)
        return cols[0] if cols else None


def _row_roles(row: list[str]) -> list[str | None]:
    return [_role(c) for c in row]


def _is_header_row(row: list[str]) -> bool:
    """A header row names at least two different roles, one of them a unit, time, 序号 or task role,
    and most of its filled cells are header words."""
    roles = _row_roles(row)
    named = {r for r in roles if r}
    filled = [c for c in row if c.strip()]
    if len(named) < 2 or not filled:
        return False
    if not named & {SEQ, LEAD, CO, RESP, DEADLINE, TASK}:
        return False
    recognised = sum(1 for r, c in zip(roles, row, strict=False) if r and c.strip())
    return recognised * 2 >= len(filled)


def _find_header(rows: list[list[str]], scan: int = 20) -> _Header | None:
    """The header row(s) near the top of the grid, merged into one list of column roles."""
    for i, row in enumerate(rows[:scan]):
        if not _is_header_row(row):
            continue
        roles = _row_roles(row)
        end = i + 1
        # A second header row refines the first (责任单位 over 牵头单位 | 配合单位), or names the columns
        # the first left blank under a merged cell.
        while end < len(rows) and end < i + 3:
            nxt = rows[end]
            nroles = _row_roles(nxt)
            filled = [c for c in nxt if c.strip()]
            named = [r for r, c in zip(nroles, nxt, strict=False) if r and c.strip()]
            if not filled or len(named) * 2 < len(filled) or _looks_like_marker(_first_filled(nxt)):
                break
            roles = [n or r for r, n in zip(roles + [None] * len(nroles), nroles, strict=False)] + roles[
                len(nroles) :
            ]
            end += 1
        return _Header(
            end=end, roles=_settle_roles(roles), signature=tuple(_row_roles(rows[end - 1])), start=i
        )
    return None


def _settle_roles(roles: list[str | None]) -> list[str | None]:
    """Decide 责任单位 (lead when there is no 牵头 column; two of them read as lead then co) and a
    table whose only text column is 具体内容 (it is then the task column)."""
    roles = list(roles)
    resp = [i for i, r in enumerate(roles) if r == RESP]
    if resp and LEAD not in roles:
        roles[resp[0]] = LEAD
        resp = resp[1:]
    for i in resp:
        roles[i] = CO
    # A merged header spread over two columns (牵头单位 | 牵头单位) reads as lead then co.
    leads = [i for i, r in enumerate(roles) if r == LEAD]
    if len(leads) > 1 and CO not in roles:
        for i in leads[1:]:
            roles[i] = CO
    if TASK not in roles and CONTENT in roles:
        roles[roles.index(CONTENT)] = TASK
    elif TASK not in roles and TARGET in roles:
        # 序号 | 2026年预期目标 | 责任单位: a table of targets, each row one to assign.
        roles[roles.index(TARGET)] = TASK
    return roles


def looks_like_division_table(rows: list[list[str]]) -> bool:
    """True when the grid has a task-division header near its top (used by the readers to pick the
    table out of a Word file or a workbook)."""
    header = _find_header(rows, scan=6)
    if header is None:
        return False
    roles = set(header.roles)
    return bool(roles & {LEAD, CO}) or (TASK in roles and bool(roles & {SEQ, DEADLINE}))


# ----------------------------------------------------------------------------------------------------
# Numbering

_CN = CN_DIGITS + "百零〇两"
_MARKER = re.compile(
    rf"""^\s*(?:
        (?P<paren_cn>[(（][{_CN}]+[)）])
      | (?P<paren_num>[(（][0-9０-９]+[)）])
      | (?P<circled>[①-⑳])
      | (?P<ordinal>第[{_CN}]+[条项部分]?)
      | (?P<dotted>[0-9０-９]+(?:[.．][0-9０-９]+)+)[.．、]?
      | (?P<num>[0-9０-９]+)(?:[.．、)）]|(?=\s*$))
      | (?P<cn>[{_CN}]+)(?:[、.．]|(?=\s*$))
    )\s*""",
    re.VERBOSE,
)


def _looks_like_marker(cell: str) -> bool:
    """The whole cell is an enumerator (a 序号 cell): 一 （一） 3 1.2 ①."""
    m = _MARKER.match(cell or "")
    return m is not None and m.end() >= len(cell.rstrip()) and len(cell.strip()) <= 10


def _marker_kind(marker: str) -> tuple | None:
    """The numbering type of a marker: its nesting depends on the type, not the value."""
    m = _MARKER.match(marker)
    if not m:
        return None
    kind = m.lastgroup
    if kind == "dotted":
        return ("num", len(re.split(r"[.．]", m.group("dotted"))))
    if kind == "num":
        return ("num", 1)
    return (kind, 0)


def _split_marker(text: str) -> tuple[str | None, str]:
    """A leading enumerator in a cell's text (一、 （一） 1. 1.2) and the rest."""
    m = _MARKER.match(text)
    if not m or m.end() >= len(text.rstrip()):
        return None, text
    return text[: m.end()].strip(), text[m.end() :].strip()


# ----------------------------------------------------------------------------------------------------
# Cells

# Separators between unit names in a cell; split only outside brackets (各县（市、区）妇联 is one unit).
_UNIT_SEPARATORS = "、，,；;/／ \t\n\r\u3000\xa0"
_UNIT_TAIL = re.compile(r"(?:等)(?:有关|相关|各)?(?:部门|单位|部门和单位|单位和部门|部门单位)?$")
_UNIT_LABEL = re.compile(
    r"(牵头单位|牵头部门|牵头科室|牵头处室|牵头|主办单位|承办单位|责任单位|责任部门|责任科室|责任处室|"
    r"配合单位|配合部门|配合科室|配合处室|协办单位|参与单位|配合|协办)\s*[:：]"
)
_LEAD_NOTE = re.compile(r"[(（]\s*牵头\s*[)）]$")


def _clean_unit(unit: str) -> str:
    unit = unit.strip(" \t\n\u3000\xa0。．.:：()（）")
    if _UNIT_TAIL.search(unit) and _UNIT_TAIL.sub("", unit):
        unit = _UNIT_TAIL.sub("", unit)
    return unit


def split_units(cell: str) -> list[str]:
    """Units named in one cell, in order: split on 、，,；; and whitespace, trailing 等 dropped."""
    units: list[str] = []
    for part in split_top(cell or "", _UNIT_SEPARATORS):
        part = _clean_unit(part)
        if part and part not in units and part not in {"等", "无", "/", "—", "-"}:
            units.append(part)
    return units


_FIRST_LEADS = re.compile(r"(?:列|排)(?:在)?(?:第一|首)位的?(?:者|单位|部门)?(?:为|是)牵头")


def _units_from_cell(cell: str, role: str, first_leads: bool = False) -> tuple[list[str], list[str]]:
    """(lead, co) from one unit cell. A cell may carry its own labels (牵头单位：A；配合单位：B) or mark
    its lead with （牵头）; otherwise every unit takes the column's role, except that when the table
    says the unit listed first leads (列第一位者为牵头单位), the others in a lead column cooperate."""
    lead: list[str] = []
    co: list[str] = []
    labelled = list(_UNIT_LABEL.finditer(cell))
    if labelled:
        for j, m in enumerate(labelled):
            stop = labelled[j + 1].start() if j + 1 < len(labelled) else len(cell)
            label = m.group(1)
            inline = inline_roles(cell[m.end() : stop])
            if inline:  # 责任单位：A牵头，B配合 — the value states its own roles
                lead.extend(inline[0])
                co.extend(inline[1])
                continue
            names = split_units(cell[m.end() : stop])
            is_lead = (
                "牵头" in label
                or "主办" in label
                or "承办" in label
                or (
                    label.startswith("责任")
                    and role == LEAD
                    and not any("牵头" in x.group(1) for x in labelled)
                )
            )
            (lead if is_lead else co).extend(names)
        return lead, co
    inline = inline_roles(cell or "")
    if inline:  # A牵头，B、C配合 in one cell, whatever the column
        return list(inline[0]), list(inline[1])
    parts = [p.strip() for p in split_top(cell or "", _UNIT_SEPARATORS)]
    marked = any(_LEAD_NOTE.search(p) for p in parts)  # A（牵头）、B: the others cooperate
    for part in parts:
        is_lead = bool(_LEAD_NOTE.search(part)) if marked else role == LEAD
        for unit in split_units(_LEAD_NOTE.sub("", part)):
            (lead if is_lead else co).append(unit)
    if first_leads and not marked and role == LEAD and len(lead) > 1:
        lead, co = lead[:1], lead[1:] + co
    return lead, co


_TARGET = re.compile(
    r"(?P<value>[0-9０-９]+(?:[.．][0-9]+)?)\s*(?P<mult>[万亿千百])?\s*"
    r"(?P<unit>%|％|个百分点|万元|亿元|元|人次|户次|家次|场次|批次|人|户|家|个(?!月)|项|次|场|所|座|套|件|篇|期|"
    r"平方米|平方公里|亩|公里|千米|米|吨|辆|台|条|名|支|批|份|张|处|栋|间|床|万|千)"
)


def _targets(text: str) -> list[Target]:
    """Quantified targets (a number and its unit) in a cell's text."""
    found: list[Target] = []
    for clause in re.split(r"[。；;！!？?\n]", text or ""):
        for m in _TARGET.finditer(clause):
            digits = m.group("value").translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
            try:
                value = float(digits)
            except ValueError:  # pragma: no cover - the pattern only admits digits
                continue
            unit = (m.group("mult") or "") + m.group("unit")
            unit = "%" if unit == "％" else unit
            found.append(
                Target(value=int(value) if value.is_integer() else value, unit=unit, text=clause.strip())
            )
    return found


try:  # prefer the text parser's recogniser (luoshi/intake/targets.py) when it is there
    from .targets import find_targets as _shared_targets
except ImportError:  # pragma: no cover - the text parser ships it
    _shared_targets = None


def _find_targets(text: str) -> list[Target]:
    """Quantified targets in a cell's text: the text parser's recogniser, else a small one of ours."""
    if _shared_targets is not None:
        return list(_shared_targets(text, 0, len(text)))
    return _targets(text)


_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def _head(text: str) -> str:
    """An item's head: its text up to the first full stop, or the whole of a short name."""
    text = text.strip()
    m = _SENTENCE_END.search(text)
    head = text[: m.start()] if m else text
    return head.strip(" ：:，,").strip() or text


def _first_filled(row: list[str]) -> str:
    return next((c for c in row if c.strip()), "")


# ----------------------------------------------------------------------------------------------------
# Assembly


@dataclass
class _Frame:
    kind: tuple | None
    node: Node
    group: bool  # a group row (no content of its own), so unmarked rows after it are its children


def _norm_cell(value: object) -> str:
    """A cell as one clean string: runs of spaces collapsed within each of its lines."""
    if value is None:
        return ""
    lines = (_SPACE.sub(" ", line).strip() for line in str(value).splitlines())
    return "\n".join(line for line in lines if line)


def _spanning_text(row: list[str], skip: set[int]) -> str | None:
    """The one text that fills a row (a merged title, group or note row), or None."""
    values = [c for i, c in enumerate(row) if c and i not in skip]
    if not values or len(set(values)) != 1:
        return None
    return values[0]


def _is_note(text: str) -> bool:
    return bool(re.match(r"^\s*(注|备注|说明|附注|填表说明)\s*[0-9一二三]*\s*[:：.、]", text))


def parse_table(
    rows: list[list[str]],
    options: ParseOptions | None = None,
    *,
    spans: list[tuple[int, int]] | None = None,
    source: str | None = None,
) -> ParseResult:
    """Build the task tree from a task-division table's cells (rows of strings, merged cells filled).

    Node offsets point into the result's `source`: by default a text rebuilt from the grid (one line a
    row, cells tab-separated), which is what a spreadsheet or a Word table has to show. A table found in
    pasted text passes the text as `source` and each row's (start, end) in it as `spans`, so offsets
    point at the lines as written.

    Never raises on odd grids: a grid with no recognisable header is read with the numbering column
    guessed, or handed to the text parser when it has none.
    """
    if spans is not None and (source is None or len(spans) != len(rows)):
        raise ValueError("spans need the source text and one span for every row")
    kept = [k for k, r in enumerate(rows) if r is not None]
    grid = [[_norm_cell(c) for c in rows[k]] for k in kept]
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    if spans is not None and source is not None:
        offsets = [spans[k] for k in kept]
    else:
        offsets, lines, pos = [], [], 0
        for r in grid:
            line = "\t".join(c.replace("\n", " ") for c in _once(r))
            lines.append(line)
            offsets.append((pos, pos + len(line)))
            pos += len(line) + 1
        source = "\n".join(lines)

    header = _find_header(grid)
    if header is None:
        header = _guess_header(grid)
        if header is None:
            return _text_fallback(grid, options or ParseOptions())
    return ParseResult(
        meeting=None,
        items=_TreeBuilder(grid, header, offsets).build(),
        source=source,
        title=_title_above(grid[: header.start]),
    )


def _once(row: list[str]) -> list[str]:
    """The row's cells for the rebuilt text, a run of equal cells (one merged cell read into each column
    it spans) written once."""
    return [c for i, c in enumerate(row) if i == 0 or not c or c != row[i - 1]]


def _title_above(rows: list[list[str]]) -> str | None:
    """The table's title: the last one-text row above the header that is not an 附件 label."""
    title = None
    for row in rows:
        values = {c for c in row if c}
        if len(values) == 1:
            text = values.pop()
            if not re.fullmatch(r"附件\s*[0-9０-９一二三四五六七八九十]*[:：]?", text):
                title = text.replace("\n", "")
    return title


def _guess_header(grid: list[list[str]]) -> _Header | None:
    """No header words: a column most of whose cells are enumerators is the 序号 column, the longest
    text column beside it the task column."""
    if not grid:
        return None
    width = len(grid[0])
    best = None
    for col in range(width):
        cells = [r[col] for r in grid if r[col]]
        if len(cells) >= 2 and sum(_looks_like_marker(c) for c in cells) * 10 >= len(cells) * 6:
            best = col
            break
    if best is None:
        return None
    lengths = [
        (sum(len(r[c]) for r in grid) / max(1, sum(1 for r in grid if r[c])), c)
        for c in range(width)
        if c != best
    ]
    if not lengths:
        return None
    task_col = max(lengths)[1]
    roles: list[str | None] = [None] * width
    roles[best] = SEQ
    roles[task_col] = TASK
    return _Header(end=0, roles=roles)


def _text_fallback(grid: list[list[str]], options: ParseOptions) -> ParseResult:
    text = "\n".join(" ".join(c for c in r if c) for r in grid if any(r))
    from .text import parse_text  # the text parser itself: no second look for a table

    return parse_text(text, options)


@dataclass
class _Row:
    """One task row's cells, read by column role."""

    task: str  # the task cell as written
    contents: list[str]
    lead: list[str]
    co: list[str]
    deadline: str | None
    target_text: str
    start: int
    end: int


def _merge_units(nodes: list[Node]) -> tuple[list[str], list[str]]:
    lead = list(dict.fromkeys(u for n in nodes for u in n.lead_units))
    co = [u for u in dict.fromkeys(u for n in nodes for u in n.co_units) if u not in lead]
    return lead, co


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


class _TreeBuilder:
    """Turns the rows under the header into the task tree, one row at a time.

    The stack holds the open outline levels; a marker of a type already on the stack closes the levels
    below it (二 after （三） closes （三）), a new type opens a level under the last one.
    """

    def __init__(self, grid: list[list[str]], header: _Header, offsets: list[tuple[int, int]]) -> None:
        self.grid, self.header, self.offsets = grid, header, offsets
        self.seq = header.first(SEQ)
        self.task = header.first(TASK)
        self.group_col = header.first(GROUP)
        self.content_cols = header.columns(CONTENT)
        self.lead_cols = header.columns(LEAD)
        self.co_cols = header.columns(CO)
        self.deadline_col = header.first(DEADLINE)
        self.target_cols = header.columns(TARGET)
        self.first_leads = not self.co_cols and any(
            _FIRST_LEADS.search(c) for r in grid for c in r if "牵头" in c
        )
        self.roots: list[Node] = []
        self.stack: list[_Frame] = []
        self.last: Node | None = None  # the node the row above made
        self.last_key: tuple[str, str] | None = None  # its (序号, task) cells
        self.rows: dict[int, _Row] = {}  # id(node) → its own row, for a later split into sub-items
        self.split: set[int] = set()
        self.category = ""
        self.seen_task = False

    def build(self) -> list[Node]:
        for index in range(self.header.end, len(self.grid)):
            row = self.grid[index]
            if not any(row):
                continue
            if _row_roles(row) == list(self.header.signature) or _is_header_row(row):
                continue  # a header repeated on a new page or a second table
            self._row(row, *self.offsets[index])
        return self.roots

    # -- placing nodes ------------------------------------------------------------------------------

    def _attach(self, node: Node, kind: tuple | None, group: bool) -> None:
        stack = self.stack
        if kind is None:
            # Unmarked: a child of the group above, else a sibling of the row above.
            while stack and not stack[-1].group:
                stack.pop()
        else:
            depth = next((i for i, f in enumerate(stack) if f.kind == kind), None)
            if depth is None and kind[0] == "num":
                # Dotted codes nest by their dots: 2 after 1.1.1 closes every deeper code.
                depth = next((i for i, f in enumerate(stack) if _deeper_code(f.kind, kind)), None)
            if depth is not None:
                del stack[depth:]
        parent = stack[-1].node if stack else None
        (parent.children if parent else self.roots).append(node)
        node.level = (parent.level or 0) + 1 if parent else 1
        if kind is not None or group:
            stack.append(_Frame(kind=kind, node=node, group=group))

    # -- rows ---------------------------------------------------------------------------------------

    def _row(self, row: list[str], start: int, end: int) -> None:
        seq_cell = row[self.seq] if self.seq is not None else ""
        seq_marker = seq_cell if _looks_like_marker(seq_cell) else None
        if self.group_col is not None:
            self._category(row, start, end)
        skip = {i for i in (self.seq if seq_marker else None, self.group_col) if i is not None}
        span = _spanning_text(row, skip)
        if span is not None:
            filled = sum(1 for i, c in enumerate(row) if c and i not in skip)
            self._spanning_row(span, seq_cell, seq_marker, filled, start, end)
        else:
            self._task_row(row, seq_cell, seq_marker, start, end)

    def _category(self, row: list[str], start: int, end: int) -> None:
        """A category column (类别/领域) opens a group whenever its value changes."""
        value = row[self.group_col]
        if not value or value == self.category:
            return
        self.category = value
        others = [c for i, c in enumerate(row) if c and i not in {self.group_col, self.seq}]
        if others and any(c != value for c in others):
            marker, rest = _split_marker(value)
            self.stack.clear()
            node = Node(title=_head(rest), text=rest, marker=marker, start=start, end=end)
            self._attach(node, _marker_kind(marker) if marker else ("category", 0), group=True)

    def _spanning_row(
        self, span: str, seq_cell: str, seq_marker: str | None, filled: int, start: int, end: int
    ) -> None:
        """One text across the row: a group heading, or a title / note that is not a task."""
        if _is_note(span):
            return
        marker, rest = (seq_marker, span) if seq_marker else _split_marker(span)
        if marker is None and not self.seen_task and filled > 1:
            return  # a title row between the header and the first task
        if marker is None and not seq_cell and self.last is not None and self.seq is not None and filled <= 1:
            # A lone unnumbered cell in a numbered table (merged cells read back blank): the row above
            # goes on.
            self.last.text = _join(self.last.text, span)
            return
        node = Node(title=_head(rest), text=rest, marker=marker, start=start, end=end)
        self._attach(node, _marker_kind(marker) if marker else None, group=True)
        self.last, self.last_key = node, None
        self.seen_task = True

    def _cells(self, row: list[str], start: int, end: int) -> _Row:
        task = row[self.task] if self.task is not None else ""
        lead: list[str] = []
        co: list[str] = []
        for cols, role in ((self.lead_cols, LEAD), (self.co_cols, CO)):
            for c in cols:
                got = _units_from_cell(row[c], role, self.first_leads)
                lead += got[0]
                co += got[1]
        lead = list(dict.fromkeys(lead))
        return _Row(
            task=task,
            contents=[row[c] for c in self.content_cols if row[c] and row[c] != task],
            lead=lead,
            co=[u for u in dict.fromkeys(co) if u not in lead],
            deadline=(row[self.deadline_col] or None) if self.deadline_col is not None else None,
            target_text=_join(*(row[c] for c in self.target_cols)),
            start=start,
            end=end,
        )

    def _task_row(self, row: list[str], seq_cell: str, seq_marker: str | None, start: int, end: int) -> None:
        cells = self._cells(row, start, end)
        key = (seq_cell, cells.task)
        last = self.last
        if cells.task and last is not None and key == self.last_key and id(last) in self.rows:
            self._merged_row(last, cells)
            return
        marker = seq_marker
        task_text = cells.task
        contents = list(cells.contents)
        text_marker, body = _split_marker(task_text) if task_text else (None, "")
        if text_marker and (marker is None or _marker_kind(text_marker) == _marker_kind(marker)):
            marker, task_text = marker or text_marker, body
        if not task_text and contents:
            task_text = contents.pop(0)
            if marker is None:
                text_marker, body = _split_marker(task_text)
                if text_marker:
                    marker, task_text = text_marker, body
        if marker is None and not seq_cell and not cells.task and last is not None and self.seq is not None:
            self._continuation(last, cells, _join(task_text, *contents))
            return
        if not (task_text or contents or cells.lead or cells.co or marker):
            return
        body = _join(task_text, *contents, cells.target_text)
        node = Node(
            title=_head(task_text) if task_text else (marker or ""),
            text=body,
            marker=marker,
            lead_units=list(cells.lead),
            co_units=list(cells.co),
            deadline=cells.deadline,
            targets=_find_targets(cells.target_text or body),
            start=start,
            end=end,
        )
        group = not (contents or cells.lead or cells.co or cells.deadline or cells.target_text)
        self._attach(node, _marker_kind(marker) if marker else None, group=group)
        self.rows[id(node)] = cells
        self.last, self.last_key = node, key
        self.seen_task = True

    def _merged_row(self, last: Node, cells: _Row) -> None:
        """The 序号 and task cells were merged down over this row: it is a sub-item of that task, and
        the task carries the units of all its sub-items."""
        if id(last) not in self.split:
            self.split.add(id(last))
            first = _sub_item(self.rows[id(last)], last)
            if first is not None:
                last.children.append(first)
        child = _sub_item(cells, last)
        if child is not None:
            last.children.append(child)
        extra = _join(*cells.contents, cells.target_text)
        last.text = _join(last.text, extra)
        if last.children:
            last.lead_units, last.co_units = _merge_units([last, *last.children])
        else:
            last.lead_units = list(dict.fromkeys(last.lead_units + cells.lead))
            last.co_units = [u for u in dict.fromkeys(last.co_units + cells.co) if u not in last.lead_units]
        deadlines = list(dict.fromkeys(x for x in [last.deadline, cells.deadline] if x))
        last.deadline = "；".join(deadlines) if deadlines else None
        last.targets += _find_targets(cells.target_text or extra)
        last.end = cells.end

    @staticmethod
    def _continuation(last: Node, cells: _Row, extra: str) -> None:
        """A row with blank 序号 and task cells (merged cells read back empty) adds to the row above."""
        last.text = _join(last.text, extra)
        last.lead_units += [u for u in cells.lead if u not in last.lead_units]
        last.co_units += [u for u in cells.co if u not in last.co_units and u not in last.lead_units]
        last.deadline = last.deadline or cells.deadline
        last.targets += _find_targets(_join(extra, cells.target_text))
        last.end = cells.end


def _deeper_code(open_kind: tuple | None, kind: tuple) -> bool:
    return bool(open_kind) and open_kind[0] == "num" and open_kind[1] >= kind[1]


def _sub_item(cells: _Row, parent: Node) -> Node | None:
    if not cells.contents:
        return None
    text = _join(*cells.contents, cells.target_text)
    return Node(
        title=_head(cells.contents[0]),
        text=text,
        lead_units=list(cells.lead),
        co_units=list(cells.co),
        deadline=cells.deadline,
        targets=_find_targets(cells.target_text or text),
        start=cells.start,
        end=cells.end,
        level=(parent.level or 0) + 1,
    )
