"""Scores from the tracked work, and the ranking built on them — the clean functions other code uses.

* `compute(scheme, as_of)` → every assessed unit's computed points per leaf indicator, with the basis
  (reports, light changes, deductions, ratings) behind them. Pure reading: a handful of queries for the
  whole scheme, whatever its size.
* `ranking(scheme)` → `Standing` rows: unit, 平时/年终 parts, difficulty, bonus, total, grade, rank, from
  the stored score lines (final where the flow has come that far, else reviewed, else computed).

The rules come from their one home: counted tasks from `Task.objects.counted()`, where work should be by
now from `plans.progress.lights`, the light history from `LightChange`. Units are ranked, never people,
and nothing here reads logins or clicks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, LightChange, Task
from luoshi.plans.progress.lights import Calendar
from luoshi.plans.progress.recompute import current_policy, plan_start
from luoshi.reports.models import Report
from luoshi.workdays.calendar import WorkingDays
from luoshi.workdays.models import working_days

from . import measures
from .models import Assessment, Bonus, Deduction, Indicator, Rating, Scheme, ScoreLine, VetoFinding

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def money(value) -> Decimal:
    """Points to two places, half up: the one rounding every score uses."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def default_as_of(scheme: Scheme, today: date | None = None) -> date:
    """Scores are computed up to today, or to the year's end once the year is over."""
    today = today or timezone.localdate()
    return min(today, date(scheme.year, 12, 31))


def leaves(scheme: Scheme) -> list[Indicator]:
    """The scored rows of the indicator tree, in order."""
    rows = list(scheme.indicators.all())
    parents = {r.parent_id for r in rows if r.parent_id}
    return [r for r in rows if r.pk not in parents]


def _assessed(scheme: Scheme):
    counted = Task.objects.filter(plan_id=scheme.plan_id).counted()
    ids = Assignment.objects.filter(task__in=counted, unit__kind=scheme.unit_kind).values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("order", "id")


def assessed_units(scheme: Scheme) -> list[Unit]:
    """Units of the scheme's class that carry counted work in its plan, in official order."""
    return list(_assessed(scheme))


def assessed_unit_ids(scheme: Scheme) -> list[int]:
    return list(_assessed(scheme).values_list("id", flat=True))


# --- reading the work -----------------------------------------------------------------------------------------


def _report_filters(reads: set[str], as_of: date, tz) -> tuple[Q | None, Q | None]:
    """(which report versions the measures in `reads` need — None: all of them —, which versions to
    count as filed by `as_of` instead — None: none), from measures.READS."""
    if not reads or "filed" in reads:
        return None, None
    by = Q(submitted_at__lt=datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=tz))
    accepted = Q(status=Report.Status.ACCEPTED)
    wanted = Q(pk__in=[])
    if "accepted" in reads:
        wanted |= accepted
    elif "accepted_done" in reads:
        wanted |= accepted & Q(percent__gte=100)
    if "returned" in reads:
        wanted |= Q(status=Report.Status.RETURNED)
    return by & wanted, (by & ~Q(status=Report.Status.DRAFT) if "returned" in reads else None)


def load_work(
    scheme: Scheme,
    unit_ids: list[int] | None = None,
    *,
    lights: bool = True,
    reads: set[str] | None = None,
    as_of: date | None = None,
) -> dict[int, list[measures.Work]]:
    """Each assessed unit's counted assignments with their reports and (unless `lights` is False: no
    measure reads it) light history, in a few queries. Given `reads` (what the scheme's measures read,
    measures.READS) and `as_of`, only the report versions those measures look at are fetched, and the
    filed versions are counted by the database."""
    plan = scheme.plan
    start = plan_start(plan)
    tier = {"routine": scheme.routine_factor, "key": scheme.key_factor, "highlight": scheme.highlight_factor}
    role = {"lead": scheme.lead_weight, "co": scheme.co_weight}
    # Each assignment's own task goes through the counted rule, so a slice costs what its own work costs.
    counted = Task.objects.filter(pk=OuterRef("task_id")).counted()
    rows = Assignment.objects.filter(task__plan_id=plan.pk, unit__kind=scheme.unit_kind).filter(
        Exists(counted)
    )
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    works: dict[int, measures.Work] = {}
    by_unit: dict[int, list[measures.Work]] = defaultdict(list)
    for a in rows.order_by("unit_id", "task__position", "task_id", "id").values(
        "id", "unit_id", "role", "assigned_on", "due_on", "light", "task__code", "task__weight", "task__tier"
    ):
        starts = max(d for d in (start, a["assigned_on"]) if d) if (start or a["assigned_on"]) else None
        weight = float(a["task__weight"] * tier.get(a["task__tier"], 1) * role.get(a["role"], 1))
        work = measures.Work(
            id=a["id"],
            task_code=a["task__code"],
            role=a["role"],
            weight=weight,
            starts_on=starts,
            due_on=a["due_on"],
            light=a["light"],
        )
        works[a["id"]] = work
        by_unit[a["unit_id"]].append(work)
    tz = timezone.get_current_timezone()
    only, filed = _report_filters(reads, as_of, tz) if reads is not None and as_of else (None, None)
    for chunk in _chunks(list(works)):
        reports = Report.objects.filter(assignment_id__in=chunk)
        if filed is not None:
            for assignment_id in chunk:
                works[assignment_id].filed = 0
            counts = reports.filter(filed).values("assignment_id").annotate(n=Count("id"))
            for assignment_id, n in counts.values_list("assignment_id", "n"):
                works[assignment_id].filed = n
        if only is not None:
            reports = reports.filter(only)
        for rid, assignment_id, period, version, status, percent, submitted_at in reports.order_by(
            "period", "version", "id"
        ).values_list("id", "assignment_id", "period", "version", "status", "percent", "submitted_at"):
            works[assignment_id].reports.append(
                measures.ReportRow(
                    rid, period, version, status, percent, measures.local_date(submitted_at, tz)
                )
            )
    if lights:
        for chunk in _chunks(list(works)):
            for c in (
                LightChange.objects.filter(assignment_id__in=chunk)
                .order_by("on", "id")
                .values("id", "assignment_id", "on", "light", "previous")
            ):
                works[c["assignment_id"]].lights.append(
                    measures.LightRow(c["id"], c["on"], c["light"], c["previous"])
                )
    return by_unit


def _chunks(ids: list[int], size: int = 5000):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# --- scoring one indicator --------------------------------------------------------------------------------------


@dataclass
class Scored:
    points: Decimal | None
    basis: list[dict] = field(default_factory=list)
    counted: int = 1  # pieces of work judged (computed rows); 0: full marks only because nothing counts yet


def score_computed(
    indicator: Indicator,
    works: list[measures.Work],
    as_of: date,
    scheme: Scheme,
    cal: Calendar | None = None,
    due_cal: WorkingDays | None = None,
) -> Scored:
    """Points × the weighted mean ratio of the unit's counted work; each piece of work's lost points are
    listed with the objects behind them. No work that counts yet: full marks."""
    rule = measures.MEASURES[indicator.measure]
    cal = cal or current_policy().calendar
    due_cal = due_cal or working_days()  # when reports are due counts working days, whatever lights count
    judged = []
    for work in works:
        if indicator.measure == "reporting":
            j = rule(work, as_of, due_cal, kind=scheme.plan.period, due_days=settings.REPORT_DUE_DAYS)
        else:
            j = rule(work, as_of, cal)
        if j.ratio is not None:
            judged.append((work, j))
    total = sum(w.weight for w, _ in judged)
    if not judged or total <= 0:
        return Scored(indicator.points, [], counted=0)
    points = float(indicator.points)
    earned = sum(w.weight * j.ratio for w, j in judged) / total * points
    basis = []
    for work, j in judged:
        lost = points * work.weight * (1 - j.ratio) / total
        if lost >= 0.005 or j.refs:
            basis.append(
                {
                    "assignment": work.id,
                    "task": work.task_code,
                    "role": work.role,
                    "lost": str(money(lost)),
                    "refs": [{"kind": r.kind, "id": r.id, "text": r.text} for r in j.refs],
                }
            )
    return Scored(money(earned), basis, counted=len(judged))


def score_deduction(indicator: Indicator, deductions: list[Deduction]) -> Scored:
    """Full marks less the unit's deductions on the indicator, never more than its cap."""
    taken = sum((d.points for d in deductions), Decimal("0"))
    basis = [
        {
            "deduction": d.pk,
            "lost": str(d.points),
            "refs": [{"kind": "deduction", "id": d.pk, "text": f"{d.reason}（{d.basis or '无依据文件'}）"}],
        }
        for d in deductions
    ]
    if taken > indicator.cap:
        basis.append(
            {
                "lost": str(indicator.cap - taken),
                "refs": [{"kind": "cap", "id": indicator.pk, "text": f"扣分以{indicator.cap}分为限"}],
            }
        )
    return Scored(money(indicator.points - min(taken, indicator.cap)), basis)


def score_rated(indicator: Indicator, ratings: list[Rating]) -> Scored:
    """The mean of the evaluators' scores (one for an office's own entry); none yet: not scored."""
    if not ratings:
        return Scored(None, [])
    mean = sum((min(r.score, indicator.points) for r in ratings), Decimal("0")) / len(ratings)
    basis = [
        {
            "rating": r.pk,
            "refs": [{"kind": "rating", "id": r.pk, "text": f"{r.evaluator}评{r.score}分：{r.reason}"}],
        }
        for r in ratings
    ]
    return Scored(money(mean), basis)


CHUNK = 100  # units read and scored together: memory stays flat however many units a scheme has


def compute_chunks(
    scheme: Scheme, as_of: date | None = None, units: list[Unit] | None = None, chunk: int = CHUNK
):
    """`compute` a slice of units at a time: yields {(unit_id, indicator_id): Scored} per slice, so a caller
    that stores or sums the results never holds the whole province's work at once."""
    as_of = as_of or default_as_of(scheme)
    ids = [u.pk for u in units] if units is not None else assessed_unit_ids(scheme)
    rows = leaves(scheme)
    need_work = any(r.method == Indicator.Method.COMPUTED for r in rows)
    need_lights = any(r.measure == Indicator.Measure.RED_DAYS for r in rows)
    reads = {measures.READS[r.measure] for r in rows if r.method == Indicator.Method.COMPUTED} - {None}
    deductions, ratings = defaultdict(list), defaultdict(list)
    for d in Deduction.objects.filter(indicator__scheme=scheme, on__lte=as_of).order_by("on", "id"):
        deductions[(d.unit_id, d.indicator_id)].append(d)
    for r in Rating.objects.filter(indicator__scheme=scheme).order_by("id"):
        ratings[(r.unit_id, r.indicator_id)].append(r)
    cal, due_cal = current_policy().calendar, working_days()  # read once for the whole run
    for start in range(0, len(ids), chunk):
        unit_ids = ids[start : start + chunk]
        work = load_work(scheme, unit_ids, lights=need_lights, reads=reads, as_of=as_of) if need_work else {}
        out = {}
        for unit_id in unit_ids:
            for row in rows:
                key = (unit_id, row.pk)
                if row.method == Indicator.Method.COMPUTED:
                    out[key] = score_computed(row, work.get(unit_id, []), as_of, scheme, cal, due_cal)
                elif row.method == Indicator.Method.DEDUCTION:
                    out[key] = score_deduction(row, deductions[key])
                else:
                    out[key] = score_rated(row, ratings[key])
        yield out


def compute(scheme: Scheme, as_of: date | None = None, units: list[Unit] | None = None) -> dict:
    """{(unit_id, indicator_id): Scored} for every assessed unit and leaf indicator, as of `as_of`."""
    out = {}
    for part in compute_chunks(scheme, as_of, units):
        out.update(part)
    return out


# --- totals, grades and the ranking -------------------------------------------------------------------------------


@dataclass
class Standing:
    """One unit's place: the parts of its score, its grade and its rank (ties share a rank)."""

    unit: Unit
    assessment_id: int
    regular: Decimal  # 平时 score out of 100
    year_end: Decimal  # 年终 score out of 100
    weighted: Decimal  # 平时 and 年终 combined by the scheme's weights
    difficulty: Decimal
    bonus: Decimal  # bonuses after the cap
    total: Decimal
    vetoed: bool
    grade: str = ""
    grade_label: str = ""
    rank: int = 0
    grade_note: str = ""


def _phase_score(lines: list[ScoreLine], phase: str) -> tuple[Decimal, Decimal]:
    got = [line for line in lines if line.indicator.phase == phase]
    full = sum((line.indicator.points for line in got), Decimal("0"))
    earned = sum((line.current or Decimal("0") for line in got), Decimal("0"))
    return earned, full


def grade_of(scheme: Scheme, total: Decimal) -> str:
    if total >= scheme.excellent_from:
        return Assessment.Grade.EXCELLENT
    if total >= scheme.good_from:
        return Assessment.Grade.GOOD
    if total >= scheme.fair_from:
        return Assessment.Grade.FAIR
    return Assessment.Grade.POOR


def total_of(scheme: Scheme, lines: list[ScoreLine], bonus: Decimal) -> tuple[Decimal, ...]:
    """(平时, 年终, combined, total): each phase out of 100, combined by the weights (a phase with no
    indicators gives its weight to the other), times the difficulty coefficient, plus capped bonuses."""
    r_earned, r_full = _phase_score(lines, Indicator.Phase.REGULAR)
    y_earned, y_full = _phase_score(lines, Indicator.Phase.YEAR_END)
    regular = r_earned / r_full * HUNDRED if r_full else Decimal("0")
    year_end = y_earned / y_full * HUNDRED if y_full else Decimal("0")
    weight = Decimal(scheme.regular_weight) / HUNDRED
    if r_full and y_full:
        combined = regular * weight + year_end * (1 - weight)
    else:
        combined = regular if r_full else year_end
    total = combined * scheme.difficulty + bonus
    return money(regular), money(year_end), money(combined), money(total)


def bonus_of(scheme: Scheme) -> dict[int, Decimal]:
    """Each unit's bonuses under the scheme, after the cap on all bonuses."""
    sums = Bonus.objects.filter(scheme=scheme).values("unit_id").annotate(s=Sum("points"))
    return {row["unit_id"]: min(row["s"], scheme.bonus_cap) for row in sums}


def ranking(scheme: Scheme) -> list[Standing]:
    """The units of the scheme ranked on their total (ties share a rank; equal totals in official order),
    each with its grade: a 一票否决 finding caps the grade below 优秀, and the optional cap on the share of
    优秀 turns the lowest-ranked excess 优秀 into 良好."""
    assessments = list(Assessment.objects.filter(scheme=scheme).select_related("unit"))
    lines = defaultdict(list)
    for line in (
        ScoreLine.objects.filter(assessment__scheme=scheme)
        .select_related("indicator")
        .only("assessment_id", "computed", "reviewed", "final", "indicator__phase", "indicator__points")
    ):
        lines[line.assessment_id].append(line)
    bonuses = bonus_of(scheme)
    vetoed = set(VetoFinding.objects.filter(item__scheme=scheme).values_list("unit_id", flat=True))
    rows = []
    for a in assessments:
        bonus = bonuses.get(a.unit_id, Decimal("0"))
        regular, year_end, combined, total = total_of(scheme, lines[a.pk], bonus)
        rows.append(
            Standing(
                a.unit,
                a.pk,
                regular,
                year_end,
                combined,
                scheme.difficulty,
                money(bonus),
                total,
                a.unit_id in vetoed,
            )
        )
    rows.sort(key=lambda s: (-s.total, s.unit.order, s.unit.pk))
    _rank_and_grade(scheme, rows)
    return rows


def _rank_and_grade(scheme: Scheme, rows: list[Standing]) -> None:
    allowed = None
    if scheme.excellent_share is not None:
        allowed = len(rows) * scheme.excellent_share // 100
    excellent = 0
    labels = dict(Assessment.Grade.choices)
    for i, row in enumerate(rows):
        row.rank = rows[i - 1].rank if i and rows[i - 1].total == row.total else i + 1
        grade = grade_of(scheme, row.total)
        if grade == Assessment.Grade.EXCELLENT and row.vetoed:
            grade, row.grade_note = Assessment.Grade.GOOD, "一票否决，不得评为优秀"
        elif grade == Assessment.Grade.EXCELLENT and allowed is not None:
            if excellent >= allowed:
                grade, row.grade_note = Assessment.Grade.GOOD, f"优秀比例不超过{scheme.excellent_share}%"
            else:
                excellent += 1
        row.grade, row.grade_label = grade, labels[grade]


@dataclass
class SheetRow:
    """One unit's row of the 考核得分表: its standing and its lines (computed, self, reviewed, final)."""

    standing: Standing
    lines: list[ScoreLine]


def score_sheet(scheme: Scheme) -> tuple[list[Indicator], list[SheetRow]]:
    """The scheme's leaf indicators and, in ranking order, each unit's standing with its score lines in
    indicator order — what a 考核得分表 with self and reviewed columns is written from."""
    rows = leaves(scheme)
    order = {r.pk: i for i, r in enumerate(rows)}
    by_assessment = defaultdict(list)
    for line in ScoreLine.objects.filter(assessment__scheme=scheme).select_related("indicator"):
        by_assessment[line.assessment_id].append(line)
    sheet = []
    for standing in ranking(scheme):
        lines = sorted(by_assessment[standing.assessment_id], key=lambda ln: order.get(ln.indicator_id, 0))
        sheet.append(SheetRow(standing, lines))
    return rows, sheet
