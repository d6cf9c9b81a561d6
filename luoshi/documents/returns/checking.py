"""Check a return's rows against what the unit owes — pure Python, no database, so every rule has a unit
test and hypothesis can throw any cell at it.

A row names a task by its 编号 and, for a task with targets, one target by its 指标; the unit fills in 完成值
(a number), 完成进度 (a whole number 0–100) and 工作进展 on the task's first row. Every problem is reported
with its row and column; the return is accepted only when there is none."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal

from . import layout


@dataclass(frozen=True)
class Owed:
    """One assignment the unit reports on: its task's code and title, and its targets (id by 指标)."""

    assignment_id: int
    code: str
    title: str
    targets: dict[str, int] = field(default_factory=dict)


@dataclass
class Filled:
    """What a return says about one assignment."""

    assignment_id: int
    code: str
    row: int
    percent: int | None = None
    narrative: str = ""
    values: dict[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True, order=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else ""
        where += f"“{self.column}”列" if self.column else ""
        return f"{where}：{self.message}" if where else self.message


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value) -> Decimal | None:
    """A number from a numeric cell or a cell of digits typed as text; None when it is not one."""
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return None
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = cell_text(value).replace(",", "").replace("，", "")
        try:
            number = parse_decimal(text, "完成值")
        except ServiceError:
            return None
    return number if number.is_finite() else None


def check_rows(rows: list[tuple[int, list]], owed: list[Owed]) -> tuple[list[Filled], list[Problem]]:
    """The reports a return fills in, and every problem in it (the reports count only when there is none).

    `rows` are (Excel row number, cells in `layout.COLUMNS` order)."""
    by_code = {o.code: o for o in owed}
    filled: dict[int, Filled] = {}
    problems: list[Problem] = []
    seen_targets: set[tuple[int, int]] = set()
    headers = layout.HEADERS

    def problem(row: int, column: int | None, message: str) -> None:
        problems.append(Problem(row, headers[column] if column is not None else "", message))

    for number, cells in rows:
        code = cell_text(cells[layout.CODE])
        item = by_code.get(code)
        if item is None:
            problem(
                number,
                layout.CODE,
                f"任务编号“{code}”不是本单位在该工作部署中承办的任务。" if code else "缺少任务编号。",
            )
            continue
        report = filled.get(item.assignment_id)
        first_row = report is None
        if first_row:
            report = filled[item.assignment_id] = Filled(item.assignment_id, code, number)

        metric = cell_text(cells[layout.METRIC])
        actual = cells[layout.ACTUAL]
        if item.targets:
            target_id = item.targets.get(metric)
            if target_id is None:
                problem(number, layout.METRIC, f"任务{code}没有“{metric}”这项指标，请不要改动指标名称。")
            elif (item.assignment_id, target_id) in seen_targets:
                problem(number, layout.METRIC, f"任务{code}的指标“{metric}”填了不止一行。")
            else:
                seen_targets.add((item.assignment_id, target_id))
                if cell_text(actual):
                    value = _number(actual)
                    if value is None:
                        problem(number, layout.ACTUAL, f"应填数字，现为“{cell_text(actual)[:20]}”。")
                    elif value < 0 or abs(value) >= Decimal("1e12"):
                        problem(number, layout.ACTUAL, "完成值应为不小于0的数字。")
                    else:
                        report.values[target_id] = value.quantize(Decimal("0.01"))
        elif metric or cell_text(actual):
            problem(
                number,
                layout.ACTUAL if cell_text(actual) else layout.METRIC,
                f"任务{code}没有量化指标，不填完成值。",
            )

        percent, narrative = cells[layout.PERCENT], cell_text(cells[layout.NARRATIVE])
        if not first_row:
            if cell_text(percent) or narrative:
                column = layout.PERCENT if cell_text(percent) else layout.NARRATIVE
                problem(number, column, f"完成进度和工作进展只在任务{code}的第一行（第{report.row}行）填写。")
            continue
        if cell_text(percent):
            value = _number(percent)
            if value is None:
                problem(number, layout.PERCENT, f"应填0到100的整数，现为“{cell_text(percent)[:20]}”。")
            elif value != value.to_integral_value() or not 0 <= value <= 100:
                problem(number, layout.PERCENT, f"应填0到100的整数，现为{cell_text(percent)}。")
            else:
                report.percent = int(value)
        report.narrative = narrative
        if len(narrative) > 5000:
            problem(number, layout.NARRATIVE, "工作进展过长（不超过5000字）。")

    reports = [r for r in filled.values() if r.percent is not None or r.narrative or r.values]
    if not reports and not problems:
        problems.append(Problem(0, "", "报送表中没有填写任何内容。"))
    return reports, sorted(problems)
