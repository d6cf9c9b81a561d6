"""Import the 党外代表人士 register from Excel: every problem listed by row, and all or nothing.

The file passes the same preflight as a unit's return (size, zip bomb, macros, password, formulas:
`luoshi.documents.returns.reading`), then python-calamine reads the first sheet. Columns are found by their
header, in any order; each row goes through the same `prepare` as the form, so the import refuses exactly
what the form refuses, in the same words. Duplicates — within the file or against the register — are
found by the ID number's keyed hash."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from python_calamine import CalamineWorkbook

from luoshi.audit.services import Actor, record
from luoshi.documents.returns.reading import ReturnFileError, formula_cells, preflight
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit

from .models import Representative
from .services.representatives import prepare, save_new

REQUIRED = ["姓名", "工作单位及职务", "领域", "类别", "队伍阶段", "身份证号码"]
OPTIONAL = ["联系电话", "推荐单位", "政治安排和职务", "教育培训"]
MAX_ROWS = 5000
CHOICES = {
    "领域": Representative.Sector,
    "类别": Representative.Category,
    "队伍阶段": Representative.Stage,
}


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


class RepresentativesRejected(ServiceError):
    """Nothing was imported; `problems` says why, row by row."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"名册有{len(problems)}处问题，未导入任何人员。")


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def read_rows(data: bytes, filename: str = "") -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """The header's columns by name and the non-empty rows (numbered as Excel does), as text."""
    try:
        archive = preflight(data, filename)
    except ReturnFileError as e:
        raise ServiceError(e.message.replace("报送表", "名册")) from None
    formulas = formula_cells(archive)
    if formulas:
        raise ServiceError(f"名册中不能使用公式，请改为直接填写：{'、'.join(formulas[:10])}。")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        values = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own error types for every way a file can be broken
        raise ServiceError("文件无法读取，可能已损坏。") from None
    if not values:
        raise ServiceError("名册是空的。")
    header = {_text(v): i for i, v in enumerate(values[0]) if _text(v)}
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ServiceError(
            f"名册缺少以下列：{'、'.join(missing)}。第一行应为列标题：{'、'.join(REQUIRED + OPTIONAL)}。"
        )
    rows = [
        (number, [_text(v) for v in row])
        for number, row in enumerate(values[1:], start=2)
        if any(_text(v) for v in row)
    ]
    if not rows:
        raise ServiceError("名册中没有人员。")
    if len(rows) > MAX_ROWS:
        raise ServiceError(f"一次最多导入{MAX_ROWS}人，请分批导入。")
    return header, rows


def _units_by_name(deploying_unit: Unit) -> dict[str, Unit]:
    names = {}
    for unit in Unit.objects.subtree(deploying_unit).exclude(pk=deploying_unit.pk):
        for name in (unit.name, unit.short_name):
            if name:
                names[name] = unit
    return names


def _fields(cell, units: dict[str, Unit]) -> dict:
    fields = {}
    for column, choices in CHOICES.items():
        label = cell(column)
        value = next((v for v, text in choices.choices if text == label), None)
        if value is None:
            raise ServiceError(f"{column}“{label}”不在可选范围内（{'、'.join(choices.labels)}）。")
        fields[{"领域": "sector", "类别": "category", "队伍阶段": "stage"}[column]] = value
    unit_name = cell("推荐单位")
    if unit_name and unit_name not in units:
        raise ServiceError(f"推荐单位“{unit_name}”不是本单位管理范围内的单位。")
    return {
        **fields,
        "name": cell("姓名"),
        "workplace": cell("工作单位及职务"),
        "id_number": cell("身份证号码"),
        "phone": cell("联系电话"),
        "unit": units.get(unit_name),
        "positions": cell("政治安排和职务"),
        "training": cell("教育培训"),
    }


def import_representatives(actor: Actor, *, deploying_unit: Unit, data: bytes, filename: str = "") -> int:
    """Import every row or none; RepresentativesRejected lists each problem by row. Returns the count."""
    access.require_deploying(actor, Action.MANAGE_REPRESENTATIVE, deploying_unit)
    header, rows = read_rows(data, filename)
    units = _units_by_name(deploying_unit)
    people, problems, seen = [], [], {}
    for number, row in rows:

        def cell(column: str, row=row) -> str:
            index = header.get(column)
            return row[index] if index is not None and index < len(row) else ""

        try:
            person = prepare(deploying_unit, **_fields(cell, units))
        except ServiceError as e:
            problems.append(RowProblem(number, e.message))
            continue
        if person.id_number_hash in seen:
            problems.append(RowProblem(number, f"身份证号码与第{seen[person.id_number_hash]}行重复。"))
            continue
        seen[person.id_number_hash] = number
        people.append((number, person))
    known = set(
        Representative.objects.filter(id_number_hash__in=list(seen)).values_list("id_number_hash", flat=True)
    )
    problems += [
        RowProblem(n, "身份证号码与名册中已登记的人员重复。") for n, p in people if p.id_number_hash in known
    ]
    if problems:
        raise RepresentativesRejected(sorted(problems, key=lambda p: p.row))
    today = timezone.localdate()
    with transaction.atomic():
        for _, person in people:
            save_new(actor, person, on=today)
        record(
            actor,
            "import_representatives",
            None,
            after={"count": len(people), "file": filename[:200]},
            summary=f"从《{filename[:60]}》导入党外代表人士{len(people)}人",
        )
    return len(people)
