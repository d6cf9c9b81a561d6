"""Import filled-in returns as draft reports, all or nothing.

Every file is read and checked first, outside any transaction; if any has a problem nothing is written and
every problem comes back (file, row, column, message). Then one transaction starts (or reuses) each
assignment's draft for the period and saves the figures through `luoshi.reports.services` — the same checks,
locks and audit entries as the report page — and records one `import_returns` entry. A service refusing a
row (a report already submitted for the period, an assignment not yet acknowledged) rolls everything back
and is reported at that row."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from luoshi.audit.services import Actor, record
from luoshi.lib import periods
from luoshi.lib.errors import ServiceError
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Plan, Task
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
    assignments = (
        Assignment.objects.filter(task__in=Task.objects.filter(plan=plan).counted(), unit=unit)
        .select_related("task")
        .prefetch_related("task__targets")
    )
    return [
        Owed(a.pk, a.task.code, a.task.title, {t.metric: t.pk for t in a.task.targets.all()})
        for a in assignments
    ]


def _identify(actor: Actor, sheet: ReturnSheet, *, period: str | None, plan: Plan | None):
    """The plan, unit and period the sheet is for, checked against who imports it and what they asked."""
    user = actor.user
    plans = Plan.objects.filter(status=Plan.Status.PUBLISHED)
    found = (
        plans.filter(pk=int(sheet.plan)).first() if sheet.plan.isdigit() and len(sheet.plan) < 18 else None
    )
    if found is None:
        raise ReturnFileError(f"报送表中的工作部署编号“{sheet.plan}”不存在或未发布。")
    if plan is not None and found.pk != plan.pk:
        raise ReturnFileError(f"这是《{found.title}》的报送表，不是《{plan.title}》的。")
    unit = Unit.objects.filter(name=sheet.unit).first()
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
    problems: list[tuple[str, Problem]] = []
    checked: list[Checked] = []
    for name, data in files:
        try:
            sheet = read_return(data, name)
            found, unit, sheet_period = _identify(actor, sheet, period=period, plan=plan)
        except ReturnFileError as error:
            problems.append((name, Problem(0, "", error.message)))
            continue
        filled, found_problems = check_rows(sheet.rows, owed_by(found, unit))
        problems += [(name, p) for p in found_problems]
        checked.append(Checked(name, found, unit, sheet_period, filled))
    keys = [(c.plan.pk, c.unit.pk, c.period) for c in checked]
    for c in checked:
        if keys.count((c.plan.pk, c.unit.pk, c.period)) > 1:
            problems.append((c.name, Problem(0, "", f"{c.unit.name}{c.period}的报送表重复提交了多份。")))
    if problems:
        raise ReturnsRejected(problems)
    return checked


def import_returns(
    actor: Actor, files: list[tuple[str, bytes]], *, period: str | None = None, plan: Plan | None = None
) -> Imported:
    """Check `files` (name, bytes) and turn every filled row into the period's draft report, in one
    transaction. A liaison imports only their own unit's returns; `period` and `plan`, when given, must be
    the sheets' own."""
    checked = check_files(actor, files, period=period, plan=plan)
    count = 0
    with transaction.atomic():
        for c in checked:
            assignments = Assignment.objects.in_bulk([f.assignment_id for f in c.reports])
            for filled in c.reports:
                try:
                    report = reports.start_report(actor, assignments[filled.assignment_id], period=c.period)
                    reports.save_draft(
                        actor,
                        report,
                        revision=report.revision,
                        narrative=filled.narrative or report.narrative,
                        percent=report.percent if filled.percent is None else filled.percent,
                        values=filled.values,
                    )
                except ServiceError as error:
                    raise ReturnsRejected(
                        [(c.name, Problem(filled.row, "", f"任务{filled.code}：{error.message}"))]
                    ) from None
                count += 1
            record(
                actor,
                "import_returns",
                c.plan,
                after={
                    "unit": c.unit.pk,
                    "period": c.period,
                    "file": c.name[:100],
                    "reports": len(c.reports),
                },
                summary=f"导入{c.unit.name}{c.period}报送表（{len(c.reports)}项任务，存为草稿）",
            )
    return Imported(files=len(checked), reports=count)
