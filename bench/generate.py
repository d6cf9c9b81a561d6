"""Generate a province-scale dataset for the benchmark: 3,000 units, 30,000 tasks, 300,000 progress
reports at `--scale 1` (and proportionally fewer at `--scale 0.1`).

    .venv/bin/python -m bench.generate --scale 0.1
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m bench.generate

Without DATABASE_URL each scale gets its own SQLite file under bench/data/scale-<s>/; with it, each scale
gets its own PostgreSQL database: the URL's name for scale 1, `<name>_s0_1` for scale 0.1 (created when
missing). The database is emptied and migrated first.

The shape: a province United Front department (the root) with its cities, their districts and streets.
The province deploys one large plan (two fifths of the tasks, assigned anywhere in the province); each city
deploys its own plan assigned within the city. Task trees are three levels deep under eight top-level lines.
Each leaf task goes to a lead unit and often a co-operating one; each assignment gets monthly reports from
January on, some returned and resubmitted, the latest sometimes waiting for review. Stored progress and
lights are worked out here (the roll-up and light rules of luoshi.plans.progress), so the dashboard reads what a
live system would have stored. Rows go in with bulk_create in batches, reports in chunks so memory stays flat.
"""

from __future__ import annotations

import argparse
import calendar
import random
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

from bench import setup_django

YEAR = 2025
AS_OF = date(2025, 9, 30)  # the benchmark's "today": lights and overdue are as of this day
FULL = {"units": 3000, "tasks": 30000, "reports": 300000}
TOP_LINES = 8
BATCH = 2000
PASSWORD = "!"  # unusable: bench users only ever log in with force_login


def month_end(month: int) -> date:
    return date(YEAR, month, calendar.monthrange(YEAR, month)[1])


def plan_reports(rng: random.Random, want: int, months: int) -> tuple[list[tuple], int, str, int]:
    """Decide one assignment's `want` reports from January on: (period, version, status, percent) rows
    plus the assignment's resulting progress, latest decided status and returns in a row. Quota beyond
    one report a month becomes returned versions (退回 then resubmitted)."""
    rows: list[tuple] = []
    step = rng.uniform(6, 14)
    progress, status, returns = 0, "", 0
    n_months = min(months, want)
    extra = want - n_months
    for month in range(1, n_months + 1):
        last = month == n_months
        period = f"{YEAR}-{month:02d}"
        percent = max(progress, min(100, round(step * month + rng.uniform(-3, 3))))
        returned = extra if last else (1 if extra and rng.random() < 0.15 else 0)
        extra -= returned
        for version in range(1, returned + 1):
            rows.append((period, version, "returned", percent))
        roll = rng.random()
        final = "accepted"
        if last and roll > 0.9:
            final = "submitted"
        elif last and roll > 0.85:
            final = "draft"
        elif last and roll < 0.1:
            final = "returned"
        rows.append((period, returned + 1, final, percent))
        if final == "accepted":
            progress, status, returns = percent, final, 0
        elif final == "returned":
            status, returns = final, returned + 1
        elif returned:
            status, returns = ("submitted" if final == "submitted" else "returned"), returned
        elif final == "submitted":
            status = final
    return rows, progress, status, returns


def generate(scale: float = 1.0, seed: int = 2025, verbose: bool = True) -> dict:
    """Fill the configured (already migrated, empty) database; returns the ids the benchmark needs."""
    from django.db import transaction

    from luoshi.org.models import Unit, User
    from luoshi.plans.models import Assignment, Plan, Task
    from luoshi.plans.progress.recompute import refresh_lights
    from luoshi.reports.models import Report

    rng = random.Random(seed)
    started = time.perf_counter()

    def say(message: str) -> None:
        if verbose:
            print(f"  [{time.perf_counter() - started:6.1f}s] {message}", flush=True)

    n_units = max(10, round(FULL["units"] * scale))
    n_tasks = max(40, round(FULL["tasks"] * scale))
    n_reports = max(40, round(FULL["reports"] * scale))

    with transaction.atomic():
        # --- units: root, cities, districts, streets (official order = creation order) -------------------
        order = iter(range(1, 10**7))
        root = Unit.objects.create(
            name="省委统战部", short_name="省委统战部", kind=Unit.Kind.DEPARTMENT, order=0
        )
        n_cities = max(2, min(16, n_units // 20))
        cities = [
            Unit.objects.create(
                name=f"第{i + 1}市委统战部",
                short_name=f"第{i + 1}市",
                kind=Unit.Kind.DEPARTMENT,
                parent=root,
                order=next(order),
            )
            for i in range(n_cities)
        ]
        rest = n_units - 1 - n_cities
        n_districts = max(n_cities, rest * 3 // 10)
        # Official order runs city by city: each city's districts, then the streets district by district.
        districts = Unit.objects.bulk_create(
            [
                Unit(
                    name=f"第{c + 1}市第{k + 1}区委统战部",
                    short_name=f"{c + 1}市{k + 1}区",
                    kind=Unit.Kind.DISTRICT,
                    parent=cities[c],
                    order=next(order),
                )
                for c in range(n_cities)
                for k in range(-(-n_districts // n_cities))
                if k * n_cities + c < n_districts
            ],
            batch_size=BATCH,
        )
        streets = Unit.objects.bulk_create(
            [
                Unit(
                    name=f"{d.short_name}街道{k + 1}",
                    short_name=f"{d.short_name}街道{k + 1}",
                    kind=Unit.Kind.STREET,
                    parent=d,
                    order=next(order),
                )
                for i, d in enumerate(districts)
                for k in range(-(-(rest - n_districts) // n_districts))
                if k * n_districts + i < rest - n_districts
            ],
            batch_size=BATCH,
        )
        # bulk_create skips save(), so set the materialised paths here.
        for d in districts:
            d.path = f"{d.parent.path}{d.pk}/"
        for s in streets:
            s.path = f"{s.parent.path}{s.pk}/"
        Unit.objects.bulk_update(districts + streets, ["path"], batch_size=BATCH)
        city_of = {c.pk: c for c in cities}
        for d in districts:
            city_of[d.pk] = d.parent
        for s in streets:
            city_of[s.pk] = s.parent.parent
        members_of = defaultdict(list)
        for u in districts + streets:
            members_of[city_of[u.pk].pk].append(u)
        everyone = cities + districts + streets
        say(f"{1 + len(everyone)} units")

        # --- people: a province leader, a supervisor per deploying unit, a liaison per unit -----------
        users = [User(username="leader", role=User.Role.LEADER, unit=root, password=PASSWORD)]
        users += [
            User(username=f"duban{u.pk}", role=User.Role.SUPERVISOR, unit=u, password=PASSWORD)
            for u in [root, *cities]
        ]
        users += [
            User(username=f"liaison{u.pk}", role=User.Role.LIAISON, unit=u, password=PASSWORD)
            for u in everyone
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        say(f"{len(users)} users")

        # --- plans and task trees ------------------------------------------------------------------
        province_tasks = n_tasks * 2 // 5
        city_tasks = [(n_tasks - province_tasks) // n_cities] * n_cities
        city_tasks[0] += n_tasks - province_tasks - sum(city_tasks)
        published = datetime(YEAR, 1, 10, 9, 0, tzinfo=UTC)
        # The province plan is published last, so it is the dashboard's default plan for the leader.
        plans = [
            (
                Plan(
                    year=YEAR,
                    title=f"{YEAR}年全省统战工作要点",
                    deploying_unit=root,
                    status=Plan.Status.PUBLISHED,
                    starts_on=date(YEAR, 1, 1),
                    published_at=published.replace(day=20),
                ),
                province_tasks,
                everyone,
            )
        ]
        for city, count in zip(cities, city_tasks, strict=True):
            plans.append(
                (
                    Plan(
                        year=YEAR,
                        title=f"{YEAR}年{city.short_name}统战工作要点",
                        deploying_unit=city,
                        status=Plan.Status.PUBLISHED,
                        starts_on=date(YEAR, 1, 1),
                        published_at=published,
                    ),
                    count,
                    [city, *members_of[city.pk]],
                )
            )
        Plan.objects.bulk_create([p for p, _, _ in plans])

        tiers = [Task.Tier.ROUTINE] * 7 + [Task.Tier.KEY] * 2 + [Task.Tier.HIGHLIGHT]
        leaves_by_plan = {}
        all_tasks = []
        for plan, count, _ in plans:
            # Level 1: eight lines; level 2: a tenth of the rest; level 3: the remainder as leaves.
            tops = [
                Task(
                    plan=plan,
                    code=str(i + 1),
                    position=i + 1,
                    depth=1,
                    title=f"第{i + 1}项工程",
                    weight=Decimal(rng.choice([1, 1, 2, 3])),
                    deadline=date(YEAR, 12, 31),
                )
                for i in range(TOP_LINES)
            ]
            Task.objects.bulk_create(tops)
            n2 = max(TOP_LINES, (count - TOP_LINES) // 10)
            seconds = []
            for j in range(n2):
                parent = tops[j % TOP_LINES]
                k = j // TOP_LINES + 1
                seconds.append(
                    Task(
                        plan=plan,
                        parent=parent,
                        code=f"{parent.code}.{k}",
                        position=k,
                        depth=2,
                        title=f"任务{parent.code}.{k}",
                        weight=Decimal(rng.choice([1, 1, 2])),
                        deadline=date(YEAR, 12, 31),
                    )
                )
            Task.objects.bulk_create(seconds, batch_size=BATCH)
            thirds = []
            for j in range(max(0, count - TOP_LINES - n2)):
                parent = seconds[j % n2]
                k = j // n2 + 1
                roll = rng.random()
                thirds.append(
                    Task(
                        plan=plan,
                        parent=parent,
                        code=f"{parent.code}.{k}",
                        position=k,
                        depth=3,
                        title=f"具体任务{parent.code}.{k}",
                        tier=rng.choice(tiers),
                        weight=Decimal(1),
                        deadline=None if roll < 0.08 else month_end(rng.randint(3, 12)),
                        status=Task.Status.CANCELLED if roll > 0.985 else Task.Status.ACTIVE,
                        is_guidance=0.08 <= roll < 0.1,
                    )
                )
            Task.objects.bulk_create(thirds, batch_size=BATCH)
            with_children = {t.parent_id for t in thirds}
            leaves_by_plan[plan.pk] = [t for t in seconds if t.pk not in with_children] + thirds
            all_tasks += tops + seconds + thirds
        say(f"{len(plans)} plans, {len(all_tasks)} tasks")

        # --- assignments ------------------------------------------------------------------------------
        assignments = []
        for plan, _, pool in plans:
            for leaf in leaves_by_plan[plan.pk]:
                if leaf.is_guidance:
                    continue
                lead = rng.choice(pool)
                assignments.append(
                    Assignment(
                        task=leaf,
                        unit=lead,
                        role=Assignment.Role.LEAD,
                        due_on=leaf.deadline,
                        assigned_on=date(YEAR, 1, 1),
                    )
                )
                if rng.random() < 0.5:
                    co = rng.choice(pool)
                    if co is not lead:
                        assignments.append(
                            Assignment(
                                task=leaf,
                                unit=co,
                                role=Assignment.Role.CO,
                                due_on=leaf.deadline,
                                assigned_on=date(YEAR, 1, 1),
                            )
                        )
        say(f"{len(assignments)} assignments planned")

        # --- reports, chunk by chunk; each assignment's stored figures follow from its reports ----------
        acked = datetime(YEAR, 1, 20, 9, 0, tzinfo=UTC)
        planned = []
        for i, a in enumerate(assignments):
            want = n_reports * (i + 1) // len(assignments) - n_reports * i // len(assignments)
            rows, progress, status, returns = plan_reports(rng, want, AS_OF.month)
            a.progress = Decimal(progress)
            a.latest_report_status = status
            a.returns_in_a_row = returns
            a.last_reported_at = acked if rows else None
            if rng.random() < 0.85:
                a.acknowledged_at, a.responsible_person = acked, "张三"
            planned.append(rows)
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        say(f"{len(assignments)} assignments")
        made = 0
        chunk: list = []
        for a, rows in zip(assignments, planned, strict=True):
            chunk += [
                Report(
                    assignment=a,
                    period=period,
                    version=version,
                    status=status,
                    percent=percent,
                    narrative="按计划推进。",
                )
                for period, version, status, percent in rows
            ]
            if len(chunk) >= 20000:
                Report.objects.bulk_create(chunk, batch_size=BATCH)
                made += len(chunk)
                chunk = []
                say(f"{made} reports")
        Report.objects.bulk_create(chunk, batch_size=BATCH)
        made += len(chunk)
        del planned, chunk
        say(f"{made} reports")

        # --- roll-up and lights: the application's own rule, in bulk -----------------------------------
        refresh_lights(AS_OF, plans=[p for p, _, _ in plans])
        say("progress rolled up, lights set")

    busiest = Counter(a.unit_id for a in assignments).most_common(1)[0][0]
    return {
        "units": 1 + len(everyone),
        "tasks": len(all_tasks),
        "assignments": len(assignments),
        "reports": made,
        "plan": plans[0][0].pk,
        "leader": "leader",
        "liaison": f"liaison{busiest}",
    }


def reset_database() -> None:
    """Migrate the configured database and empty every table but the audit record, which refuses to be
    emptied (luoshi/audit/triggers.py: DELETE on SQLite, TRUNCATE on PostgreSQL) and which the
    generator never writes: `flush` would be refused by that trigger on PostgreSQL."""
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    tables = [
        t for t in connection.introspection.django_table_names(only_existing=True) if t != "audit_auditentry"
    ]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=True))


def analyze() -> None:
    """Gather planner statistics, as a maintained database has them. Without them SQLite reaches the
    year's accepted reports through the low-selectivity status index (0.4 s at full scale) instead of
    walking plan → tasks → assignments → reports (tens of ms); PostgreSQL needs them after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1 = 3,000 units, 30,000 tasks, 300,000 reports"
    )
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    where = setup_django(args.scale, fresh=True)
    print(f"Generating scale {args.scale} into {where}")
    reset_database()
    started = time.perf_counter()
    info = generate(args.scale, args.seed)
    analyze()
    print(f"Done in {time.perf_counter() - started:.1f}s: {info}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
