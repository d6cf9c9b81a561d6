"""The leader's dashboard (领导驾驶舱) as a handful of aggregate queries.

Everything is counted, averaged and grouped in the database: each function issues a fixed number of
queries whatever the size of the plan, and returns only as many rows as the page shows (top-level task
lines, one page of units, the most overdue assignments, the year's periods). `bench/bench_spine.py` times
these same functions against hand-written SQL computing the same numbers.

What is counted:

* **tasks** — `Task.objects.counted()`, each counted under its top-level task line.
* **lights** — the stored light of those leaf tasks (a parent's light is the worst of its children, so
  counting parents would count the same red twice).
* **overdue** — `Assignment.objects.overdue()`: the one rule, stored with the light.
* **awaiting review** — submitted reports (已报送) in the plan.
* **overall progress** — the top-level lines' stored progress, weighted by task weight (simple mean when
  the plan rolls up by simple mean).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from luoshi.lib.periods import period_of
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.plans.progress.explain import latest_light_reason
from luoshi.reports.models import Report

UNITS_PER_PAGE = 50
OVERDUE_SHOWN = 20
RED_SHOWN = 10
WORST_SHOWN = 5
LIGHTS = ("green", "yellow", "red")


def dashboard_plans(user) -> QuerySet:
    """Plans the dashboard may show to `user`: those in their scope, once published (drafts have no
    progress yet). Newest first, so the first is the default."""
    return (
        Plan.objects.visible_to(user)
        .exclude(status=Plan.Status.DRAFT)
        .order_by("-year", F("published_at").desc(nulls_last=True), "-id")
    )


def default_plan(plans: QuerySet, user, today: date) -> Plan | None:
    """The plan the dashboard opens on: the person's own unit's plan before a unit's below it, and this
    year's (or the latest past year's) before one already published for a coming year, which has nothing
    to show yet. Published before archived."""
    published = plans.filter(status=Plan.Status.PUBLISHED)
    for pool in (published.filter(deploying_unit_id=user.unit_id), published, plans):
        plan = pool.filter(year__lte=today.year).first() or pool.first()
        if plan is not None:
            return plan
    return None


def _light_counts(prefix: str = "") -> dict:
    """Count(filter=) annotations for the three lights, over `prefix`light."""
    return {light: Count("id", filter=Q(**{f"{prefix}light": light})) for light in LIGHTS}


def _counted_tasks(plan: Plan):
    return Task.objects.counted().filter(plan=plan)


def _root_expression(levels: int):
    """The id of a task's top-level ancestor, for trees at most `levels` deep: the deepest ancestor that
    exists. Coalesce over parent chains is plain LEFT JOINs, so it works on SQLite and PostgreSQL alike
    and does not depend on how codes are written."""
    chains = ["__".join(["parent"] * n) + "_id" for n in range(levels - 1, 0, -1)]
    if not chains:
        return F("id")
    return Coalesce(*[F(c) for c in chains], F("id"))


def _top_level(plan: Plan):
    return Task.objects.lines().filter(plan=plan)


def lines(plan: Plan) -> list[dict]:
    """Each top-level task line (not cancelled, not guidance) in order, with its stored progress and light,
    and the number of leaf tasks in its subtree by light. Three queries."""
    levels = Task.objects.filter(plan=plan).aggregate(m=Max("depth"))["m"] or 1
    counts = {
        row["root"]: row
        for row in _counted_tasks(plan)
        .annotate(root=_root_expression(levels))
        .values("root")
        .annotate(tasks=Count("id"), **_light_counts())
        .order_by()
    }
    result = []
    for task in (
        _top_level(plan)
        .annotate(light_reason=latest_light_reason())
        .order_by("position", "id")
        .values("id", "code", "title", "tier", "weight", "progress", "light", "light_reason")
    ):
        row = counts.get(task["id"], {})
        result.append({**task, "tasks": row.get("tasks", 0), **{k: row.get(k, 0) for k in LIGHTS}})
    return result


def overall_progress(plan: Plan) -> Decimal:
    """The plan's progress from its top-level lines' stored progress, by the plan's roll-up rule."""
    top = _top_level(plan)
    if plan.rollup == Plan.Rollup.MEAN:
        value = top.aggregate(p=Avg("progress"))["p"]
    else:
        # Explicit output field: the product outgrows progress's 5 digits (SQLite quantizes to it).
        wide = DecimalField(max_digits=20, decimal_places=4)
        agg = top.aggregate(num=Sum(F("progress") * F("weight"), output_field=wide), den=Sum("weight"))
        value = agg["num"] / agg["den"] if agg["den"] else None
    return Decimal(value or 0).quantize(Decimal("0.1"))


def _live_assignments(plan: Plan):
    return Assignment.objects.filter(task__plan=plan, task__is_guidance=False).exclude(
        task__status=Task.Status.CANCELLED
    )


def units(plan: Plan, page: int = 1, per_page: int = UNITS_PER_PAGE) -> tuple[list[dict], int, int]:
    """One page of assigned units in official order: assignments, mean progress, lights, overdue and
    not yet acknowledged. Returns (rows, number of units, the page shown). Two queries."""
    grouped = (
        _live_assignments(plan)
        .values("unit_id", "unit__name", "unit__short_name", "unit__order")
        .annotate(
            assignments=Count("id"),
            mean_progress=Avg("progress"),
            overdue=Count("id", filter=Q(is_overdue=True)),
            not_acknowledged=Count("id", filter=Q(acknowledged_at__isnull=True)),
            **_light_counts(),
        )
        .order_by("unit__order", "unit_id")
    )
    total = _live_assignments(plan).values("unit_id").distinct().count()
    page = min(max(page, 1), max(1, -(-total // per_page)))  # past the end shows the last page
    start = (page - 1) * per_page
    rows = list(grouped[start : start + per_page])
    for row in rows:
        row["name"] = row["unit__short_name"] or row["unit__name"]
        row["mean_progress"] = Decimal(row["mean_progress"] or 0).quantize(Decimal("0.1"))
    return rows, total, page


def overdue(plan: Plan, limit: int = OVERDUE_SHOWN) -> tuple[list[dict], int]:
    """The most overdue assignments first (then official unit order), at most `limit`, and how many
    there are in all. Two queries."""
    qs = _live_assignments(plan).overdue()
    total = qs.count()
    rows = list(
        qs.order_by("-days_overdue", "unit__order", "task__position", "id").values(
            "id",
            "task_id",
            "unit__name",
            "unit__short_name",
            "task__code",
            "task__title",
            "due_on",
            "days_overdue",
            "role",
            "progress",
            "light",
        )[:limit]
    )
    for row in rows:
        row["unit"] = row["unit__short_name"] or row["unit__name"]
    return rows, total


def red_tasks(plan: Plan, limit: int = RED_SHOWN) -> list[dict]:
    """The counted tasks on red — the longest overdue, then the least advanced — with why each is red (its
    latest light change), at most `limit`. One query; how many there are is the lights' red total."""
    return list(
        _counted_tasks(plan)
        .filter(light="red")
        .annotate(light_reason=latest_light_reason())
        .order_by("-days_overdue", "progress", "position", "id")
        .values("id", "code", "title", "progress", "days_overdue", "light_reason")[:limit]
    )


def periods_of(plan: Plan) -> list[str]:
    """The reporting periods of the plan's year: 2025-01 … 2025-12, or 2025-Q1 … 2025-Q4."""
    if plan.period == Plan.Period.QUARTERLY:
        return [f"{plan.year}-Q{q}" for q in range(1, 5)]
    return [f"{plan.year}-{m:02d}" for m in range(1, 13)]


def trend(plan: Plan, today: date | None = None) -> list[dict]:
    """Accepted reports and their mean reported percent per period (GROUP BY period in SQL), from where the
    data starts — the first period with an accepted report, never before the plan's start — to the current
    period (the year's end for a past year). A period in between without accepted reports is a gap: no mean
    and nothing accepted. No data at all: no rows. One query."""
    periods = periods_of(plan)
    found = {
        row["period"]: row
        for row in Report.objects.filter(
            assignment__task__plan=plan, status=Report.Status.ACCEPTED, period__startswith=f"{plan.year}-"
        )
        .values("period")
        .annotate(accepted=Count("id"), mean_percent=Avg("percent"))
        .order_by()
        if row["period"] in periods
    }
    if not found:
        return []
    kind = "quarterly" if plan.period == Plan.Period.QUARTERLY else "monthly"
    first = min(found)
    if plan.starts_on and plan.starts_on.year == plan.year:
        first = max(first, period_of(plan.starts_on, kind))
    last = max(found)
    if today is None or today.year > plan.year:
        last = periods[-1]
    elif today.year == plan.year:
        last = max(last, period_of(today, kind))
    result = []
    for period in periods:
        if not first <= period <= last:
            continue
        row = found.get(period)
        mean = Decimal(row["mean_percent"]).quantize(Decimal("0.1")) if row else None
        result.append({"period": period, "accepted": row["accepted"] if row else 0, "mean_percent": mean})
    return result


def worst_units(plan: Plan, limit: int = WORST_SHOWN) -> list[dict]:
    """The units with the most red or overdue assignments in the plan — most red first, then most overdue,
    then the lowest mean progress — at most `limit`; units with neither are left out. One query."""
    rows = list(
        _live_assignments(plan)
        .values("unit_id", "unit__name", "unit__short_name", "unit__order")
        .annotate(
            red=Count("id", filter=Q(light="red")),
            overdue=Count("id", filter=Q(is_overdue=True)),
            assignments=Count("id"),
            mean_progress=Avg("progress"),
        )
        .filter(Q(red__gt=0) | Q(overdue__gt=0))
        .order_by("-red", "-overdue", "mean_progress", "unit__order", "unit_id")[:limit]
    )
    for row in rows:
        row["name"] = row["unit__short_name"] or row["unit__name"]
        row["mean_progress"] = Decimal(row["mean_progress"] or 0).quantize(Decimal("0.1"))
    return rows


def awaiting_review(plan: Plan) -> int:
    """Submitted reports in the plan, waiting for a supervisor. One query."""
    return Report.objects.filter(assignment__task__plan=plan, status=Report.Status.SUBMITTED).count()


@dataclass
class Dashboard:
    """Everything the dashboard page shows for one plan."""

    plan: Plan
    today: date
    lines: list[dict]
    units: list[dict]
    units_total: int
    units_page: int
    overdue: list[dict]
    overdue_total: int
    trend: list[dict]
    progress: Decimal
    awaiting_review: int
    totals: dict = field(default_factory=dict)
    red: list[dict] = field(default_factory=list)  # the first red tasks (see `red_tasks`)
    worst: list[dict] = field(default_factory=list)  # the units with most red or overdue (see `worst_units`)

    @property
    def light_totals(self) -> list[tuple[str, int]]:
        """(light, counted tasks) for the cards, red first: what is wrong comes first."""
        return [(light, self.totals.get(light, 0)) for light in reversed(LIGHTS)]

    @property
    def units_pages(self) -> int:
        return max(1, -(-self.units_total // UNITS_PER_PAGE))


def dashboard(plan: Plan, today: date, units_page: int = 1) -> Dashboard:
    """Build the whole dashboard for `plan` as of `today` in a constant number of queries."""
    line_rows = lines(plan)
    unit_rows, units_total, units_page = units(plan, units_page)
    overdue_rows, overdue_total = overdue(plan)
    # Summing a handful of already-aggregated line rows (one per top-level task) gives the cards.
    totals = {key: sum(row[key] for row in line_rows) for key in ("tasks", *LIGHTS)}
    return Dashboard(
        plan=plan,
        today=today,
        lines=line_rows,
        units=unit_rows,
        units_total=units_total,
        units_page=units_page,
        overdue=overdue_rows,
        overdue_total=overdue_total,
        trend=trend(plan, today),
        progress=overall_progress(plan),
        awaiting_review=awaiting_review(plan),
        totals=totals,
        red=red_tasks(plan),
        worst=worst_units(plan),
    )
