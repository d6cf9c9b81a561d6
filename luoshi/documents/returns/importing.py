"""Import filled-in returns as draft reports, all or nothing.

Every file is read and checked first, outside any transaction; if any has a problem nothing is written and
every problem comes back (file, row, column, message). The permission to work on every assignment is checked
in one query (`reports.require_work`). Then one transaction writes every row through
`reports.save_drafts` — the rules, locks and order of `start_report` + `save_draft`, in set-based
statements — and records one `import_returns` entry per file listing the drafts it created or changed. A
refused row (a report already submitted for the period, an assignment not yet acknowledged) rolls
everything back and is reported at that row."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from luoshi.audit.services import Actor, record_many
from luoshi.lib import periods
from luoshi.lib.errors import ServiceError
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Plan, Target, Task
from luoshi.plans.progress.locks import lock_plan
from luoshi.reports import services as reports

from .checking import Filled, Owed, Problem, check_rows
from .reading import ReturnFileError, ReturnSheet, read_return


class ReturnsRejected(ServiceError):
    """Nothing was imported; `problems` says why, file by file."""

    def __init__(self, problems: list[tuple[str, Problem]]):
        self.problems = problems
        super().__init__(f"报送表有{len(problems)}处问题，未导入任何内容。")


@dataclass
class Checked:
    name: str
    plan: Plan
    unit: Unit
    period: str
    reports: list[Filled] = field(default_factory=list)


@dataclass
class Imported:
    files: int
    reports: int


def owed_by(plan: Plan, unit: Unit) -> list[Owed]:
    return owed_by_units(plan, [unit.pk])[unit.pk]


def owed_by_units(plan: Plan, unit_ids: list[int]) -> dict[int, list[Owed]]:
    """What each unit reports on in `plan`: its counted assignments with their targets, in two queries."""
    rows = (
        Assignment.objects.filter(task__in=Task.objects.filter(plan=plan).counted(), unit_id__in=unit_ids)
        .order_by("pk")
        .values_list("pk", "unit_id", "task_id", "task__code", "task__title")
    )
    owed: dict[int, list[tuple]] = {u: [] for u in unit_ids}
    for row in rows:
        owed[row[1]].append(row)
    targets: dict[int, dict[str, int]] = {}
    task_ids = {row[2] for found in owed.values() for row in found}
    for task_id, metric, pk in (
        Target.objects.filter(task_id__in=task_ids).order_by("pk").values_list("task_id", "metric", "pk")
    ):
        targets.setdefault(task_id, {})[metric] = pk
    return {
        u: [Owed(pk, code, title, targets.get(task_id, {})) for pk, _, task_id, code, title in found]
        for u, found in owed.items()
    }


class _Lookup:
    """Published plans and units by what the sheets name, each read once per import (the units named by
    `names` in one query)."""

    def __init__(self, names: set[str] = frozenset()):
        self.plans: dict[int, Plan | None] = {}
        self.units: dict[str, Unit | None] = dict.fromkeys(names)
        self.units.update({u.name: u for u in Unit.objects.filter(name__in=names).order_by("-pk")})

    def plan(self, pk: int) -> Plan | None:
        if pk not in self.plans:
            self.plans[pk] = Plan.objects.filter(status=Plan.Status.PUBLISHED, pk=pk).first()
        return self.plans[pk]

    def unit(self, name: str) -> Unit | None:
        if name not in self.units:
            self.units[name] = Unit.objects.filter(name=name).first()
        return self.units[name]


def _identify(actor: Actor, sheet: ReturnSheet, lookup: _Lookup, *, period: str | None, plan: Plan | None):
    """The plan, unit and period the sheet is for, checked against who imports it and what they asked."""
    user = actor.user
    found = lookup.plan(int(sheet.plan)) if sheet.plan.isdigit() and len(sheet.plan) < 18 else None
    if found is None:
        raise ReturnFileError(f"报送表中的工作部署编号“{sheet.plan}”不存在或未发布。")
    if plan is not None and found.pk != plan.pk:
        raise ReturnFileError(f"这是《{found.title}》的报送表，不是《{plan.title}》的。")
    unit = lookup.unit(sheet.unit)
    if unit is None:
        raise ReturnFileError(f"报送表中的填报单位“{sheet.unit}”不存在。")
    if user is not None and unit.pk != user.unit_id:
        raise ReturnFileError(f"这是{unit.name}的报送表，只能导入本单位的报送表。")
    if not periods.is_valid(sheet.period, found.period):
        raise ReturnFileError(f"报送表中的报送周期“{sheet.period}”格式不对。")
    if period is not None and sheet.period != period:
        raise ReturnFileError(f"这是{sheet.period}的报送表，当前导入的是{period}。请下载本期报送表填写。")
    return found, unit, sheet.period


def check_files(
    actor: Actor, files: list[tuple[str, bytes]], *, period: str | None = None, plan: Plan | None = None
) -> list[Checked]:
    """Read and check every file; raise ReturnsRejected listing every problem of every file."""
    per_file: list[list[tuple[str, Problem]]] = [[] for _ in files]  # each file's problems, in file order
    sheets: list[tuple[int, str, ReturnSheet]] = []
    for i, (name, data) in enumerate(files):
        try:
            sheets.append((i, name, read_return(data, name)))
        except ReturnFileError as error:
            per_file[i].append((name, Problem(0, "", error.message)))
    lookup = _Lookup({sheet.unit for _, _, sheet in sheets})
    read: list[tuple[int, str, Plan, Unit, str, list] | None] = []
    for i, name, sheet in sheets:
        try:
            found, unit, sheet_period = _identify(actor, sheet, lookup, period=period, plan=plan)
        except ReturnFileError as error:
            per_file[i].append((name, Problem(0, "", error.message)))
            continue
        read.append((i, name, found, unit, sheet_period, sheet.rows))
    del sheets
    owed: dict[tuple[int, int], list[Owed]] = {}
    for found in {r[2].pk: r[2] for r in read}.values():
        units = [r[3].pk for r in read if r[2].pk == found.pk]
        owed.update({(found.pk, u): o for u, o in owed_by_units(found, units).items()})
    checked: list[Checked] = []
    for n, (i, name, found, unit, sheet_period, rows) in enumerate(read):
        read[n] = None  # a sheet's cells go once checked: only what they fill in is kept
        filled, found_problems = check_rows(rows, owed[(found.pk, unit.pk)])
        per_file[i] += [(name, p) for p in found_problems]
        checked.append(Checked(name, found, unit, sheet_period, filled))
    problems = [p for found in per_file for p in found]
    seen: dict[tuple, int] = {}
    for c in checked:
        key = (c.plan.pk, c.unit.pk, c.period)
        seen[key] = seen.get(key, 0) + 1
    for c in checked:
        if seen[(c.plan.pk, c.unit.pk, c.period)] > 1:
            problems.append((c.name, Problem(0, "", f"{c.unit.name}{c.period}的报送表重复提交了多份。")))
    if problems:
        raise ReturnsRejected(problems)
    return checked


def _entry(c: Checked, drafts: list) -> tuple:
    """The file's audit entry: the plan, and which drafts it created or changed with what."""
    after = {
        "unit": c.unit.pk,
        "period": c.period,
        "file": c.name[:100],
        "reports": len(c.reports),
        "drafts": [
            {"report": d.pk, "version": d.version, "task": f.code, "percent": d.percent}
            for f, d in zip(c.reports, drafts, strict=True)
        ],
    }
    return c.plan, None, after, f"导入{c.unit.name}{c.period}报送表（{len(c.reports)}项任务，存为草稿）"


BATCH = 250  # rows written together: memory stays flat however many returns come in at once


def _batches(checked: list[Checked]):
    """(index, file) groups of about BATCH rows, files whole."""
    group, rows = [], 0
    for i, c in enumerate(checked):
        group.append((i, c))
        rows += len(c.reports)
        if rows >= BATCH:
            yield group
            group, rows = [], 0
    if group:
        yield group


def import_returns(
    actor: Actor, files: list[tuple[str, bytes]], *, period: str | None = None, plan: Plan | None = None
) -> Imported:
    """Check `files` (name, bytes) and turn every filled row into the period's draft report, in one
    transaction. A liaison imports only their own unit's returns; `period` and `plan`, when given, must be
    the sheets' own."""
    checked = check_files(actor, files, period=period, plan=plan)
    reports.require_work(actor, [(f.assignment_id, None) for c in checked for f in c.reports])
    entries = []
    with transaction.atomic():
        for plan_id in sorted({c.plan.pk for c in checked}):
            lock_plan(plan_id)  # every plan's lock first, before any batch locks its rows
        for group in _batches(checked):
            rows = [
                reports.DraftFigures(
                    f.assignment_id, c.period, f.percent, f.narrative, f.values, key=(i, f.row)
                )
                for i, c in group
                for f in c.reports
            ]
            try:
                drafts = reports.save_drafts(actor, rows)
            except reports.DraftRefused as error:
                i, row = error.key
                code = next(f.code for f in checked[i].reports if f.row == row)
                raise ReturnsRejected(
                    [(checked[i].name, Problem(row, "", f"任务{code}：{error.message}"))]
                ) from None
            entries += [_entry(c, [drafts[(i, f.row)] for f in c.reports]) for i, c in group]
        record_many(actor, "import_returns", entries)
    return Imported(files=len(checked), reports=sum(len(c.reports) for c in checked))
