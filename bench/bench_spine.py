"""Time the leader dashboard and a liaison's task list against hand-written SQL computing the same numbers.

    .venv/bin/python -m bench.generate --scale 0.1 && .venv/bin/python -m bench.generate --scale 1
    .venv/bin/python -m bench.bench_spine                 # SQLite files under bench/data/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m bench.bench_spine

Each scale runs in its own process (its own database, a clean tracemalloc). In that process the public
functions the views call to compute their figures (`luoshi.supervise.queries.dashboard`,
`luoshi.reports.queries.my_task_rows`), the rendered pages (Django test client) and `bench.rawsql` run
interleaved, and the medians of repeated runs (time.perf_counter) are compared. The ORM and SQL figures
must be equal — counts exactly, means to the page's one decimal — or the benchmark fails.

Two ratios are printed for each page. ORM queries/SQL compares like with like — the database work the page
does through the ORM against hand-written SQL for the same numbers — and is the goal of issue 3 (≤ 3×).
Whole page/SQL adds what the raw SQL never does (the request cycle, session and user look-ups, template
rendering) and is shown for information. Further goals: from 1/10 to full scale the page's time grows no
faster than the SQL's; the dashboard's peak memory at full scale ≤ 1.5× at 1/10.
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
from decimal import ROUND_HALF_UP, Decimal
from unittest import mock

from bench import BENCH_DIR, database_for, measure_in_process, setup_django

GOAL_RATIO = 3.0
GOAL_MEMORY = 1.5


# --- what the pages compute ------------------------------------------------------------------------------


def subjects() -> dict:
    """The province plan (the largest the leader sees), the leader and the busiest unit's liaison."""
    from django.db.models import Count

    from luoshi.org.models import User
    from luoshi.plans.models import Assignment, Plan

    plan = Plan.objects.filter(deploying_unit__parent__isnull=True).order_by("id").first()
    busiest = Assignment.objects.values("unit_id").annotate(n=Count("id")).order_by("-n", "unit_id").first()
    return {
        "plan": plan,
        "leader": User.objects.get(username="leader"),
        "liaison": User.objects.filter(role=User.Role.LIAISON, unit_id=busiest["unit_id"]).first(),
    }


def orm_dashboard(plan, today):
    from luoshi.supervise import queries

    return queries.dashboard(plan, today)


def sql_dashboard(plan, today) -> dict:
    from bench import rawsql
    from luoshi.supervise import queries

    return rawsql.dashboard(plan.pk, plan.rollup, plan.year, queries.UNITS_PER_PAGE, queries.OVERDUE_SHOWN)


def orm_my_tasks(user, today):
    """What luoshi.reports.views.my_tasks computes before rendering: the same public function it calls."""
    from luoshi.reports import queries

    return queries.my_task_rows(user, today)


def sql_my_tasks(user, today):
    from bench import rawsql
    from luoshi.lib.codes import code_sort_key

    rows, counts = rawsql.my_tasks(user.unit_id)
    return sorted(rows, key=lambda r: (-r[1], r[2], code_sort_key(r[3]))), counts


# --- the two must agree ------------------------------------------------------------------------------------


def _d1(value) -> Decimal:
    return Decimal(str(value if value is not None else 0)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _close(a, b) -> bool:
    """Means agree to the page's one decimal (allowing one step for SQLite's double rounding)."""
    return abs(_d1(a) - _d1(b)) <= Decimal("0.1")


def check_dashboard(board, raw: dict) -> None:
    lines = [
        (r["id"], r["code"], _d1(r["progress"]), r["light"], r["tasks"], r["green"], r["yellow"], r["red"])
        for r in board.lines
    ]
    raw_lines = [(r[0], r[1], _d1(r[2]), r[3], r[4], r[5], r[6], r[7]) for r in raw["lines"]]
    assert lines == raw_lines, ("lines differ", lines[:3], raw_lines[:3])
    assert _close(board.progress, raw["progress"]), ("progress", board.progress, raw["progress"])
    assert board.units_total == raw["units_total"], ("units total", board.units_total, raw["units_total"])
    units = [
        (
            r["unit_id"],
            r["assignments"],
            r["green"],
            r["yellow"],
            r["red"],
            r["overdue"],
            r["not_acknowledged"],
        )
        for r in board.units
    ]
    raw_units = [(r[0], r[1], r[3], r[4], r[5], r[6], r[7]) for r in raw["units"]]
    assert units == raw_units, ("units differ", units[:3], raw_units[:3])
    for mine, theirs in zip(board.units, raw["units"], strict=True):
        assert _close(mine["mean_progress"], theirs[2]), ("unit mean", mine, theirs)
    assert board.overdue_total == raw["overdue_total"], ("overdue", board.overdue_total, raw["overdue_total"])
    assert [r["id"] for r in board.overdue] == [r[0] for r in raw["overdue"]], "overdue list differs"
    trend = [(r["period"], r["accepted"]) for r in board.trend if r["accepted"]]
    assert trend == [(r[0], r[1]) for r in raw["trend"]], ("trend", trend, raw["trend"])
    for mine, theirs in zip([r for r in board.trend if r["accepted"]], raw["trend"], strict=True):
        assert _close(mine["mean_percent"], theirs[2]), ("trend mean", mine, theirs)
    assert board.awaiting_review == raw["awaiting_review"], (
        "awaiting",
        board.awaiting_review,
        raw["awaiting_review"],
    )
    assert sum(r[4] for r in raw["lines"]) == board.totals["tasks"]


def check_my_tasks(orm, raw) -> None:
    rows, counts = orm.rows, orm.counts
    raw_rows, raw_counts = raw
    mine = [
        (
            a.pk,
            a.task.plan.year,
            a.task.plan_id,
            a.task.code,
            _d1(a.progress),
            a.light,
            a.latest_status,
            a.decided_status,
            a.decided_period,
        )
        for a in rows
    ]
    theirs = [(r[0], r[1], r[2], r[3], _d1(r[4]), r[5], r[6], r[7], r[8]) for r in raw_rows]
    assert mine == theirs, ("my tasks differ", mine[:3], theirs[:3])
    assert counts == raw_counts, ("my tasks counts", counts, raw_counts)


def compare_once(today) -> dict:
    """Compute everything both ways once and check they agree; returns sizes (used by the smoke test)."""
    s = subjects()
    board = orm_dashboard(s["plan"], today)
    check_dashboard(board, sql_dashboard(s["plan"], today))
    orm = orm_my_tasks(s["liaison"], today)
    check_my_tasks(orm, sql_my_tasks(s["liaison"], today))
    return {"lines": len(board.lines), "units": board.units_total, "my_tasks": len(orm.rows)}


# --- timing one scale ------------------------------------------------------------------------------------


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _count_queries(connection, fn) -> int:
    """Queries `fn` issues (an execute wrapper survives the per-request reconnects of CONN_MAX_AGE=0)."""
    seen = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    return len(seen)


def _peak(fn) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(repeat: int) -> dict:
    from django.db import connection
    from django.test import Client

    from bench.generate import AS_OF
    from luoshi.plans.models import Assignment, Task
    from luoshi.reports.models import Report

    s = subjects()
    plan, today = s["plan"], AS_OF
    leader, liaison = Client(), Client()
    leader.force_login(s["leader"])
    liaison.force_login(s["liaison"])
    url = f"/supervise/?plan={plan.pk}"

    def dash_page():
        response = leader.get(url)
        assert response.status_code == 200, response.status_code

    def overhead_page():
        # The request cycle alone (session, user, middleware, a redirect): what every page pays.
        response = leader.get("/")
        assert response.status_code == 302, response.status_code

    def list_page():
        response = liaison.get("/work/")
        assert response.status_code == 200, response.status_code

    # Pages compute "today" themselves: pin it to the dataset's day so they do the same work as the rest.
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        compare_once(today)
        dash_q, list_q = _count_queries(connection, dash_page), _count_queries(connection, list_page)
        dash_orm_q = _count_queries(connection, lambda: orm_dashboard(plan, today))
        list_orm_q = _count_queries(connection, lambda: orm_my_tasks(s["liaison"], today))
        jobs = {
            "overhead": overhead_page,
            "dash_orm": lambda: orm_dashboard(plan, today),
            "dash_sql": lambda: sql_dashboard(plan, today),
            "dash_page": dash_page,
            "list_orm": lambda: orm_my_tasks(s["liaison"], today),
            "list_sql": lambda: sql_my_tasks(s["liaison"], today),
            "list_page": list_page,
        }
        for job in jobs.values():  # warm caches once
            job()
        times: dict[str, list[float]] = {name: [] for name in jobs}
        for _ in range(repeat):
            for name, job in jobs.items():
                times[name].append(_timed(job))
        memory = {"mem_dash_orm": _peak(jobs["dash_orm"]), "mem_dash_page": _peak(dash_page)}
    return {
        "rows": {
            "tasks": Task.objects.count(),
            "assignments": Assignment.objects.count(),
            "reports": Report.objects.count(),
            "plan_tasks": plan.tasks.count(),
            "my_tasks": Assignment.objects.workable_by(s["liaison"]).count(),
        },
        "queries": {"dash_page": dash_q, "list_page": list_q, "dash_orm": dash_orm_q, "list_orm": list_orm_q},
        **{name: statistics.median(values) for name, values in times.items()},
        # The fastest run is what the code costs when no other process took the CPU meanwhile (timeit's
        # advice); on a busy machine it is the steadier figure, so it is shown beside the medians.
        **{f"{name}_best": min(values) for name, values in times.items()},
        **memory,
    }


# --- the report --------------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def report(results: dict[float, dict]) -> str:
    out = []
    scales = sorted(results)
    out.append(f"Database: {database_for(scales[-1]).split('@')[-1]}")
    for scale in scales:
        r = results[scale]
        out.append(
            f"scale {scale:g}: {r['rows']['tasks']} tasks, {r['rows']['assignments']} assignments, "
            f"{r['rows']['reports']} reports; dashboard plan {r['rows']['plan_tasks']} tasks; "
            f"liaison list {r['rows']['my_tasks']} assignments; queries per page (of them the page's "
            f"own): dashboard {r['queries']['dash_page']} ({r['queries']['dash_orm']}), "
            f"my tasks {r['queries']['list_page']} ({r['queries']['list_orm']})"
        )
    out.append("")
    header = f"{'median ms':<28}" + "".join(f"{'scale ' + format(s, 'g'):>14}" for s in scales)
    if len(scales) > 1:
        header += f"{'growth':>10}"
    out.append(header)
    out.append("-" * len(header))

    def row(label, key, fmt=_ms, growth=True):
        line = f"{label:<28}" + "".join(f"{fmt(results[s][key]):>14}" for s in scales)
        if len(scales) > 1 and growth:
            line += f"{results[scales[-1]][key] / results[scales[0]][key]:>9.2f}×"
        out.append(line)

    row("request overhead (home redirect)", "overhead")
    for prefix, name in (("dash", "leader dashboard"), ("list", "liaison my tasks")):
        row(f"{name}: raw SQL", f"{prefix}_sql")
        row(f"{name}: ORM queries", f"{prefix}_orm")
        row(f"{name}: whole page", f"{prefix}_page")
        for s in scales:
            results[s][f"{prefix}_ratio_orm"] = results[s][f"{prefix}_orm"] / results[s][f"{prefix}_sql"]
            results[s][f"{prefix}_ratio_page"] = results[s][f"{prefix}_page"] / results[s][f"{prefix}_sql"]
        row("  ratio ORM/SQL (goal)", f"{prefix}_ratio_orm", fmt=lambda v: f"{v:.2f}×", growth=False)
        for s in scales:
            r = results[s]
            r[f"{prefix}_ratio_orm_best"] = r[f"{prefix}_orm_best"] / r[f"{prefix}_sql_best"]
        row(
            "  ratio ORM/SQL, fastest runs",
            f"{prefix}_ratio_orm_best",
            fmt=lambda v: f"{v:.2f}×",
            growth=False,
        )
        row("  ratio page/SQL", f"{prefix}_ratio_page", fmt=lambda v: f"{v:.2f}×", growth=False)
        for s in scales:
            r = results[s]
            r[f"{prefix}_ratio_net"] = max(0.0, r[f"{prefix}_page"] - r["overhead"]) / r[f"{prefix}_sql"]
        row("  ratio (page-overhead)/SQL", f"{prefix}_ratio_net", fmt=lambda v: f"{v:.2f}×", growth=False)
    row("dashboard peak KiB: queries", "mem_dash_orm", fmt=lambda v: f"{v / 1024:.0f}")
    row("dashboard peak KiB: page", "mem_dash_page", fmt=lambda v: f"{v / 1024:.0f}")
    out.append("")
    for prefix, name in (("dash", "dashboard"), ("list", "my tasks")):
        worst = max(results[s][f"{prefix}_ratio_orm"] for s in scales)
        best = max(results[s][f"{prefix}_ratio_orm_best"] for s in scales)
        page = max(results[s][f"{prefix}_ratio_page"] for s in scales)
        out.append(
            f"goal ORM queries/SQL ≤ {GOAL_RATIO:g}× ({name}): worst median {worst:.2f}× — "
            f"{_verdict(worst <= GOAL_RATIO)} (fastest runs: worst {best:.2f}×)"
        )
        out.append(
            f"  for information, whole page/SQL ({name}): worst {page:.2f}× — the page adds the request "
            "cycle, session and user look-ups and template rendering, which the raw SQL does not do"
        )
    if len(scales) > 1:
        lo, hi = results[scales[0]], results[scales[-1]]
        for prefix, name in (("dash", "dashboard"), ("list", "my tasks")):
            page, sql = hi[f"{prefix}_page"] / lo[f"{prefix}_page"], hi[f"{prefix}_sql"] / lo[f"{prefix}_sql"]
            out.append(
                f"goal page grows no faster than SQL ({name}): page {page:.2f}× vs SQL {sql:.2f}× — "
                f"{_verdict(page <= sql * 1.1)} (10% allowance for timing noise)"
            )
        mem = hi["mem_dash_page"] / lo["mem_dash_page"]
        out.append(
            f"goal dashboard peak memory full ≤ {GOAL_MEMORY:g}× tenth: {mem:.2f}× — {_verdict(mem <= GOAL_MEMORY)}"
        )
    out.append("ORM and raw SQL figures agreed at every scale (checked before timing).")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--generate", action="store_true", help="generate each scale's dataset first")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one is not None:
        setup_django(args.one)
        print(json.dumps(measure(args.repeat)))
        return 0

    results = {}
    env = {**os.environ, "PYTHONPATH": str(BENCH_DIR.parent)}
    for scale in args.scales:
        if args.generate:
            subprocess.run(
                [sys.executable, "-m", "bench.generate", "--scale", str(scale)], check=True, env=env
            )
        print(f"measuring scale {scale:g} …", flush=True)
        results[scale] = measure_in_process("bench.bench_spine", scale, args.repeat)
    print()
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
