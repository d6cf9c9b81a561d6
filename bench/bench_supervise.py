"""Time what `luoshi supervise` selects — the ladder steps (major work one step higher), 漏报, silence and
签收 chases due today and not yet recorded —
against hand-written SQL selecting the same steps, at 1/10 and full province scale.

    .venv/bin/python -m bench.generate --scale 0.1 && .venv/bin/python -m bench.generate --scale 1
    .venv/bin/python -m bench.bench_supervise            # SQLite files under bench/data/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m bench.bench_supervise

Both sides get the same cut-off days (worked out once in Python from the working-day calendar, as the job
does), so what is compared is the database work: `luoshi.supervise.selection.due_steps` (one ORM query per
kind of step) against `sql_steps` below. The two must select exactly the same steps or the benchmark
fails. Goals (issue 9): ORM ≤ 2× SQL; from 1/10 to full scale the ORM grows no faster than the SQL. A whole
first run (insert the notices, make their notifications) is timed once, inside a transaction rolled back,
for information.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import date

from bench import measure_in_process, setup_django

GOAL_RATIO = 2.0

LIVE = """
    FROM plans_assignment a
    JOIN plans_task t ON t.id = a.task_id
    JOIN plans_plan p ON p.id = t.plan_id
    WHERE p.status = 'published' AND t.status = 'active' AND NOT t.is_guidance AND a.progress < 100
"""


def _local_date(column: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"({column} AT TIME ZONE 'Asia/Shanghai')::date"
    return f"django_datetime_cast_date({column}, 'Asia/Shanghai', 'UTC')"  # Django's own SQLite function


# The same live work with its urgency: an item's plan carries the item's, other plans are 一般.
LIVE_WITH_URGENCY = LIVE.replace(
    "JOIN plans_plan p ON p.id = t.plan_id",
    "JOIN plans_plan p ON p.id = t.plan_id LEFT JOIN items_item i ON i.plan_id = p.id",
)
URGENCY = "COALESCE(i.urgency, 'normal')"


def sql_steps(today, calendar, s) -> list[tuple]:
    """The same steps as `due_steps`, in five hand-written statements (the 签收 day is counted in Python on
    both sides, from the start day the statement selects)."""
    from django.db import connection

    from luoshi.lib import periods
    from luoshi.plans.urgency import acknowledge_limit
    from luoshi.supervise import ladder

    c = ladder.cutoffs(today, calendar, s)
    major = ", ".join(f"'{u}'" for u in sorted(ladder.MAJOR_URGENCIES))
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT x.id, x.kind, x.due_on, '' FROM (
              SELECT a.id, a.due_on, CASE
                WHEN a.due_on >= %(today)s AND a.due_on <= %(remind)s THEN 'reminder'
                WHEN {URGENCY} IN ({major}) AND a.due_on > %(major_escalation)s AND a.due_on <= %(chase)s
                  THEN 'warning'
                WHEN {URGENCY} IN ({major}) AND a.due_on > %(escalation)s AND a.due_on <= %(major_escalation)s
                  THEN 'escalation'
                WHEN a.due_on > %(warning)s AND a.due_on <= %(chase)s THEN 'chase'
                WHEN a.due_on > %(escalation)s AND a.due_on <= %(warning)s THEN 'warning'
                WHEN a.due_on <= %(escalation)s THEN 'escalation' END AS kind
              {LIVE_WITH_URGENCY} AND a.due_on IS NOT NULL
            ) x
            WHERE x.kind IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM supervise_notice n
              WHERE n.assignment_id = x.id AND n.kind = x.kind AND n.due_on = x.due_on AND n.period = '')
            """,
            {
                "today": c.today,
                "remind": c.remind_until,
                "chase": c.chase,
                "warning": c.warning,
                "escalation": c.escalation,
                "major_escalation": c.major_escalation,
            },
        )
        rows += cursor.fetchall()
        for kind in ("monthly", "quarterly"):
            period, due = ladder.latest_due_period(today, kind, calendar, s)
            cursor.execute(
                f"""
                SELECT a.id, 'missing_report', %(due)s, %(period)s {LIVE}
                  AND p.period = %(kind)s AND a.assigned_on <= %(end)s
                  AND NOT EXISTS (SELECT 1 FROM reports_report r
                                  WHERE r.assignment_id = a.id AND r.period = %(period)s AND r.status <> 'draft')
                  AND NOT EXISTS (SELECT 1 FROM supervise_notice n
                                  WHERE n.assignment_id = a.id AND n.kind = 'missing_report'
                                    AND n.due_on = %(due)s AND n.period = %(period)s)
                """,
                {"due": due, "period": period, "kind": kind, "end": periods.bounds(period)[1]},
            )
            rows += cursor.fetchall()
        last = f"COALESCE({_local_date('a.last_reported_at', connection.vendor)}, a.assigned_on)"
        cursor.execute(
            f"""
            SELECT x.id, 'silence', x.last, '' FROM (SELECT a.id, {last} AS last {LIVE}) x
            WHERE x.last <= %(cutoff)s AND NOT EXISTS (
              SELECT 1 FROM supervise_notice n
              WHERE n.assignment_id = x.id AND n.kind = 'silence' AND n.period = '' AND n.due_on >= x.last)
            """,
            {"cutoff": c.silence},
        )
        rows += cursor.fetchall()
        published = f"COALESCE({_local_date('p.published_at', connection.vendor)}, a.assigned_on)"
        greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
        cursor.execute(
            f"""
            SELECT x.id, x.start, x.urgency FROM (
              SELECT a.id, {greatest}(a.assigned_on, {published}) AS start, {URGENCY} AS urgency
              {LIVE_WITH_URGENCY} AND a.acknowledged_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM supervise_notice n
                                WHERE n.assignment_id = a.id AND n.kind = 'acknowledge')
            ) x WHERE x.start <= %(latest)s
            """,
            {"latest": max(c.acknowledge.values())},
        )
        due: dict[tuple, date] = {}
        for pk, start, urgency in cursor.fetchall():
            start = start if not isinstance(start, str) else date.fromisoformat(start)
            if start <= c.acknowledge[acknowledge_limit(urgency)]:
                if (start, urgency) not in due:
                    due[start, urgency] = ladder.acknowledge_due(start, urgency, calendar)
                rows.append((pk, "acknowledge", due[start, urgency], ""))
    return rows


def _normal(rows) -> list[tuple]:
    from datetime import date

    return sorted(
        (int(pk), str(kind), due if isinstance(due, date) else date.fromisoformat(str(due)), period or "")
        for pk, kind, due, period in rows
    )


def compare_once(today) -> dict:
    """Run both selections once and check they agree; returns how many steps of each kind."""
    from collections import Counter

    from luoshi.supervise import ladder
    from luoshi.supervise.selection import due_steps
    from luoshi.workdays.models import working_days

    calendar, s = working_days(), ladder.LadderSettings()
    orm = _normal((st.assignment_id, st.kind, st.due_on, st.period) for st in due_steps(today, calendar, s))
    raw = _normal(sql_steps(today, calendar, s))
    assert orm == raw, f"ORM and SQL select different steps: {len(orm)} vs {len(raw)}"
    return dict(Counter(kind for _, kind, _, _ in orm))


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(repeat: int) -> dict:
    from django.db import transaction

    from bench.generate import AS_OF
    from luoshi.plans.models import Assignment
    from luoshi.supervise import ladder
    from luoshi.supervise.run import supervise
    from luoshi.supervise.selection import due_steps
    from luoshi.workdays.models import working_days

    kinds = compare_once(AS_OF)
    calendar, s = working_days(), ladder.LadderSettings()
    orm_times, sql_times = [], []
    for _ in range(repeat):  # interleaved, so both see the same machine
        orm_times.append(_timed(lambda: due_steps(AS_OF, calendar, s)))
        sql_times.append(_timed(lambda: sql_steps(AS_OF, calendar, s)))
    orm, sql = statistics.median(orm_times), statistics.median(sql_times)

    class Rollback(Exception):
        pass

    first_run, notifications = None, None
    if os.environ.get("BENCH_FIRST_RUN", "1") != "0":  # BENCH_FIRST_RUN=0 skips it (minutes at full scale)
        start = time.perf_counter()
        try:
            with transaction.atomic():
                notifications = supervise(AS_OF, send=False, settings=s).notifications
                raise Rollback
        except Rollback:
            pass
        first_run = time.perf_counter() - start
    return {
        "assignments": Assignment.objects.count(),
        "steps": sum(kinds.values()),
        "kinds": kinds,
        "orm": orm,
        "sql": sql,
        "first_run": first_run,
        "notifications": notifications,
    }


def report(results: dict) -> str:
    lines = ["scale  assignments  steps   ORM ms   SQL ms  ORM/SQL  first run s (notifications)"]
    for scale, r in sorted(results.items()):
        lines.append(
            f"{scale:<6g} {r['assignments']:>11,} {r['steps']:>6,} {r['orm'] * 1000:>8.1f} {r['sql'] * 1000:>8.1f}"
            f" {r['orm'] / r['sql']:>7.2f}×  "
            + (
                f"{r['first_run']:>6.1f} ({r['notifications']:,})"
                if r["first_run"] is not None
                else "skipped"
            )
        )
    for scale, r in sorted(results.items()):
        lines.append(f"steps at {scale:g}: {json.dumps(r['kinds'], ensure_ascii=False, sort_keys=True)}")
    ok = all(r["orm"] / r["sql"] <= GOAL_RATIO for r in results.values())
    lines.append(f"goal ORM ≤ {GOAL_RATIO:g}× SQL: {'met' if ok else 'NOT met'}")
    if len(results) >= 2:
        small, large = min(results), max(results)
        grow_orm = results[large]["orm"] / results[small]["orm"]
        grow_sql = results[large]["sql"] / results[small]["sql"]
        lines.append(
            f"growth {small:g} → {large:g}: ORM {grow_orm:.1f}×, SQL {grow_sql:.1f}× "
            f"(data {results[large]['assignments'] / results[small]['assignments']:.1f}×)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        setup_django(args.one)
        print(json.dumps(measure(args.repeat)))
        return 0
    results = {}
    for scale in args.scales:
        print(f"measuring scale {scale:g} …", flush=True)
        results[scale] = measure_in_process("bench.bench_supervise", scale, args.repeat)
    print()
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
