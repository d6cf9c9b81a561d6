"""The figures of the results 通报 (考核结果通报) of a plan: every live scheme whose results are final, with
its ranking (`assess.scoring.ranking`: totals, grades, ties), the bonuses, deductions and 一票否决 findings
behind it and the appeals answered during 公示; and each unit's record over the year, from the discipline
figures of every period reported (`discipline.compute`): reports owed, on time, late, missing and returned
summed over the periods, and where its work stands now (未达序时, 超期 as of the latest period).

Nothing is scored here: the ranking is the assessment's own, and what counts as late or behind is the
discipline module's rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from luoshi.assess import scoring
from luoshi.assess.models import Appeal, Bonus, Brand, Deduction, Scheme, VetoFinding
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Plan
from luoshi.reports.models import Report

from . import discipline
from .discipline import Discipline, UnitFigures

FINAL_STAGES = (Scheme.Stage.FINAL, Scheme.Stage.ARCHIVED)


@dataclass
class ClassResult:
    """One scheme's results: one class of assessed units (各区, 市直单位…), ranked."""

    scheme: Scheme
    standings: list[scoring.Standing]
    bonuses: list[Bonus] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    vetoes: list[VetoFinding] = field(default_factory=list)
    appeals: int = 0
    appeals_changed: int = 0

    @property
    def label(self) -> str:
        return self.scheme.get_unit_kind_display()

    def graded(self, grade: str) -> list[scoring.Standing]:
        return [s for s in self.standings if s.grade == grade]


@dataclass
class Results:
    plan: Plan
    today: date
    as_of: date  # today, or the year's end once the year is over
    classes: list[ClassResult]
    latest: Discipline | None  # the latest period's figures: tasks due, finished, overdue
    records: list[UnitFigures]  # per assessed unit over the year, in official order
    periods: list[str]

    @property
    def appeals(self) -> int:
        return sum(c.appeals for c in self.classes)

    @property
    def appeals_changed(self) -> int:
        return sum(c.appeals_changed for c in self.classes)

    def total(self, attr: str) -> int:
        return sum(getattr(u, attr) for u in self.records)

    @property
    def on_time_rate(self) -> float | None:
        owed = self.total("owed")
        return 100.0 * self.total("on_time") / owed if owed else None

    @property
    def laggards(self) -> list[UnitFigures]:
        return discipline.laggards(self.records)


def final_schemes(plan: Plan) -> list[Scheme]:
    return list(
        Scheme.objects.filter(plan=plan, status=Scheme.Status.PUBLISHED, stage__in=FINAL_STAGES)
        .select_related("plan__deploying_unit")
        .order_by("unit_kind", "pk")
    )


def not_final_message(plan: Plan) -> str:
    live = Scheme.objects.filter(plan=plan, status=Scheme.Status.PUBLISHED).order_by("unit_kind", "pk")
    if not live.exists():
        return "该工作部署还没有已发布的考核方案，无法生成考核结果通报。"
    stages = "、".join(f"《{s.title}》处于“{s.get_stage_display()}”环节" for s in live)
    return f"考核结果尚未确定（{stages}），公示期满、复核申请答复完毕并确定结果后才能通报。"


def _class_result(scheme: Scheme) -> ClassResult:
    appeals = Appeal.objects.filter(line__assessment__scheme=scheme)
    return ClassResult(
        scheme=scheme,
        standings=scoring.ranking(scheme),
        bonuses=list(
            Bonus.objects.filter(scheme=scheme)
            .select_related("unit", "document")
            .order_by("unit__order", "id")
        ),
        deductions=list(
            Deduction.objects.filter(indicator__scheme=scheme)
            .select_related("unit", "indicator")
            .order_by("unit__order", "on", "id")
        ),
        vetoes=list(
            VetoFinding.objects.filter(item__scheme=scheme)
            .select_related("unit", "item")
            .order_by("unit__order", "id")
        ),
        appeals=appeals.exclude(status=Appeal.Status.OPEN).count(),
        appeals_changed=appeals.filter(status=Appeal.Status.CHANGED).count(),
    )


def _year_records(plan: Plan, periods: list[str], today: date) -> tuple[list[UnitFigures], Discipline | None]:
    """Each unit's filing over every period, and the latest period's figures (where work stands now)."""
    records: dict[int, UnitFigures] = {}
    latest = None
    for period in periods:
        latest = discipline.compute(plan, period, today=today)
        for u in latest.units:
            record = records.setdefault(u.unit_id, UnitFigures(u.unit_id, u.name, u.order))
            for attr in ("owed", "on_time", "late", "missing", "returned", "accepted"):
                setattr(record, attr, getattr(record, attr) + getattr(u, attr))
    if latest is not None:
        for u in latest.units:  # the state of the work: as the latest period sees it
            record = records[u.unit_id]
            record.lead, record.co, record.behind, record.overdue = u.lead, u.co, u.behind, u.overdue
    return sorted(records.values(), key=lambda u: (u.order, u.unit_id)), latest


def recognised_brands(plan: Plan) -> list[Brand]:
    return list(
        Brand.objects.filter(task__plan=plan, status=Brand.Status.RECOGNISED)
        .select_related("unit", "document")
        .order_by("unit__order", "id")
    )


def compute(plan: Plan, *, today: date | None = None) -> Results:
    """The results of `plan`'s final schemes as of `today` (the year's end once the year is over). Refused
    with the reason while no scheme's results are final."""
    schemes = final_schemes(plan)
    if not schemes:
        raise ServiceError(not_final_message(plan))
    today = today or timezone.localdate()
    as_of = min(today, date(plan.year, 12, 31))
    found = Report.objects.filter(assignment__task__plan=plan).values_list("period", flat=True).distinct()
    periods = sorted(p for p in set(found) if p.startswith(str(plan.year)))
    records, latest = _year_records(plan, periods, as_of)
    classes = [_class_result(s) for s in schemes]
    assessed = {s.unit.pk for c in classes for s in c.standings}
    return Results(
        plan=plan,
        today=today,
        as_of=as_of,
        classes=classes,
        latest=latest,
        records=[u for u in records if u.unit_id in assessed],  # the 通报 speaks of the units it ranks
        periods=periods,
    )
