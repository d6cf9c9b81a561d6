"""Time recomputing every unit's assessment scores at province scale against hand-written SQL computing the
same sums, and compare peak memory at full and 1/10 scale.

    .venv/bin/python -m bench.generate --scale 0.1 && .venv/bin/python -m bench.generate --scale 1
    .venv/bin/python -m bench.bench_assess
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m bench.bench_assess

On the generator's province plan, for the unit class with the most units, two schemes are made once (and
reused): "compare" holds the two measures plain SQL can state exactly — 按期办结 (an accepted 100% report
filed by the due day) and 报送退回 (share of filed versions not returned), tasks weighted by weight × tier
factor × role weight — and "full" all five computed measures. Before timing, every unit's points from
`luoshi.assess.scoring.compute_chunks` must equal the SQL's to the cent. Timed (median of `--repeat`):
the scoring of "compare" vs the SQL (goal ≤ 2×); the scoring of "full" and a whole idempotent recompute
(`_refresh`, which also compares and stores lines) for information. Peak memory (tracemalloc) of scoring
"full" at full scale vs 1/10 (goal ≤ 1.5×). Each scale runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bench import BENCH_DIR, database_for, setup_django

GOAL_RATIO = 2.0
GOAL_MEMORY = 1.5
CENT = Decimal("0.01")
COMPARE = {"on_time": "40", "returns": "60"}
FULL = {"schedule": "25", "on_time": "20", "reporting": "25", "returns": "10", "red_days": "20"}


def _scheme(plan, kind: str, title: str, measures: dict):
    from luoshi.assess import services
    from luoshi.assess.models import Scheme
    from luoshi.audit.services import Actor

    existing = Scheme.objects.filter(plan=plan, title=title).first()
    if existing:
        return existing
    system = Actor.system()
    # One scheme per unit class and plan: the bench's two live on two throwaway plans' worth of titles.
    scheme = Scheme.objects.create(
        plan=plan,
        year=plan.year,
        unit_kind=kind,
        title=title,
        version=Scheme.objects.filter(plan=plan, unit_kind=kind).count() + 1,
    )
    for measure, points in measures.items():
        services.add_indicator(system, scheme, name=measure, points_value=points, measure=measure)
    # Published before the plan's year starts, as a first version must be.
    return services.publish_scheme(system, scheme, today=date(plan.year - 1, 12, 31))


def subjects() -> dict:
    from django.db.models import Count

    from luoshi.plans.models import Assignment, Plan

    plan = Plan.objects.filter(deploying_unit__parent__isnull=True).order_by("id").first()
    kind = (
        Assignment.objects.filter(task__plan=plan)
        .values("unit__kind")
        .annotate(n=Count("unit_id", distinct=True))
        .order_by("-n")
        .first()["unit__kind"]
    )
    return {
        "compare": _scheme(plan, kind, "基准测试：可用SQL表述的口径", COMPARE),
        "full": _scheme(plan, kind, "基准测试：全部计算口径", FULL),
    }


def orm_scores(scheme, as_of) -> dict[int, Decimal]:
    """Each unit's points summed over the scheme's rows, as the scoring computes them."""
    from luoshi.assess import scoring

    totals: dict[int, Decimal] = {}
    for part in scoring.compute_chunks(scheme, as_of):
        for (unit_id, _), scored in part.items():
            totals[unit_id] = totals.get(unit_id, Decimal("0")) + scored.points
    return totals


def _local(column: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"({column} AT TIME ZONE 'Asia/Shanghai')::date"
    return f"date({column}, '+8 hours')"


def sql_scores(scheme, as_of) -> dict[int, Decimal]:
    """The same two measures in one statement: per unit, points × Σ weight·ratio / Σ weight."""
    from django.db import connection

    local = _local("r.submitted_at", connection.vendor)
    sql = f"""
    WITH counted AS (
      SELECT t.id, t.weight, t.tier FROM plans_task t
      WHERE t.plan_id = %s AND NOT t.is_guidance AND t.status <> 'cancelled'
        AND NOT EXISTS (SELECT 1 FROM plans_task c WHERE c.parent_id = t.id AND c.status <> 'cancelled')
    ), work AS (
      SELECT a.id, a.unit_id, a.due_on,
        t.weight * (CASE t.tier WHEN 'key' THEN %s WHEN 'highlight' THEN %s ELSE %s END)
                 * (CASE a.role WHEN 'co' THEN %s ELSE %s END) AS w
      FROM plans_assignment a JOIN counted t ON t.id = a.task_id JOIN org_unit u ON u.id = a.unit_id
      WHERE u.kind = %s
    ), filed AS (
      SELECT r.assignment_id, COUNT(*) AS n, SUM(CASE WHEN r.status = 'returned' THEN 1 ELSE 0 END) AS back,
        MAX(CASE WHEN r.status = 'accepted' AND r.percent >= 100 AND {local} <= w.due_on THEN 1 ELSE 0 END) AS done
      FROM reports_report r JOIN work w ON w.id = r.assignment_id
      WHERE r.status <> 'draft' AND r.submitted_at IS NOT NULL AND {local} <= %s
      GROUP BY r.assignment_id
    )
    SELECT w.unit_id,
      SUM(CASE WHEN w.due_on <= %s THEN w.w * COALESCE(f.done, 0) END),
      SUM(CASE WHEN w.due_on <= %s THEN w.w END),
      SUM(CASE WHEN f.n > 0 THEN w.w * (1 - f.back * 1.0 / f.n) END),
      SUM(CASE WHEN f.n > 0 THEN w.w END)
    FROM work w LEFT JOIN filed f ON f.assignment_id = w.id GROUP BY w.unit_id
    """
    params = [
        scheme.plan_id,
        scheme.key_factor,
        scheme.highlight_factor,
        scheme.routine_factor,
        scheme.co_weight,
        scheme.lead_weight,
        scheme.unit_kind,
        as_of,
        as_of,
        as_of,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = {}
    for unit_id, done_w, due_w, kept_w, filed_w in rows:
        on_time = Decimal(COMPARE["on_time"]) * (Decimal(str(done_w)) / Decimal(str(due_w)) if due_w else 1)
        returns = Decimal(COMPARE["returns"]) * (
            Decimal(str(kept_w)) / Decimal(str(filed_w)) if filed_w else 1
        )
        out[unit_id] = on_time.quantize(CENT, ROUND_HALF_UP) + returns.quantize(CENT, ROUND_HALF_UP)
    return out


def check(orm: dict, raw: dict) -> None:
    assert orm.keys() == raw.keys(), f"units differ: {len(orm)} scored vs {len(raw)} in SQL"
    off = {u: (orm[u], raw[u]) for u in orm if abs(orm[u] - raw[u]) > CENT}
    assert not off, f"scores differ for {len(off)} units, e.g. {next(iter(off.items()))}"


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _peak(fn) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(repeat: int) -> dict:
    from django.db import transaction

    from bench.generate import AS_OF
    from luoshi.assess.services.schemes import _refresh

    s = subjects()
    compare, full = s["compare"], s["full"]
    check(orm_scores(compare, AS_OF), sql_scores(compare, AS_OF))
    times = {"orm": [], "sql": [], "full": [], "recompute": []}
    for _ in range(repeat):
        times["orm"].append(_timed(lambda: orm_scores(compare, AS_OF)))
        times["sql"].append(_timed(lambda: sql_scores(compare, AS_OF)))
        times["full"].append(_timed(lambda: orm_scores(full, AS_OF)))
        with transaction.atomic():
            times["recompute"].append(_timed(lambda: _refresh(full, AS_OF)))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        **med,
        "units": compare.assessments.count(),
        "ratio": med["orm"] / med["sql"],
        "peak_full": _peak(lambda: orm_scores(full, AS_OF)),
        "peak_compare": _peak(lambda: orm_scores(compare, AS_OF)),
    }


def report(results: dict[float, dict]) -> str:
    scales = sorted(results)
    out = [f"Database: {database_for(scales[-1]).split('@')[-1]}"]
    for s in scales:
        r = results[s]
        out.append(
            f"scale {s:g}: {r['units']} units · scoring (2 measures) {r['orm'] * 1000:.0f} ms vs SQL "
            f"{r['sql'] * 1000:.0f} ms = {r['ratio']:.2f}× (goal ≤ {GOAL_RATIO:g}×: "
            f"{'met' if r['ratio'] <= GOAL_RATIO else 'NOT met'}) · all 5 measures {r['full'] * 1000:.0f} ms · "
            f"idempotent recompute {r['recompute'] * 1000:.0f} ms · peak {r['peak_full'] / 2**20:.1f} MiB"
        )
    if len(scales) > 1:
        lo, hi = results[scales[0]], results[scales[-1]]
        growth = hi["peak_full"] / lo["peak_full"]
        out.append(
            f"peak memory full/tenth: {growth:.2f}× (goal ≤ {GOAL_MEMORY:g}×: {'met' if growth <= GOAL_MEMORY else 'NOT met'})"
        )
    out.append("Scores and SQL sums agreed to the cent for every unit (checked before timing).")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        setup_django(args.one)
        print(json.dumps(measure(args.repeat)))
        return 0
    results = {}
    for scale in args.scales:
        print(f"measuring scale {scale:g} …", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_assess", "--one", str(scale), "--repeat", str(args.repeat)],
            check=True,
            cwd=BENCH_DIR.parent,
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            text=True,
        )
        results[scale] = json.loads(done.stdout.strip().splitlines()[-1])
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
