"""逐级分解 at province scale: one accepted report at the bottom of a three-level cascade (city → district →
street → community) touches only the chain above it. Counts, not times.

    .venv/bin/python -m bench.bench_cascade                    # SQLite file under bench/data/cascade/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench_cascade .venv/bin/python -m bench.bench_cascade
    .venv/bin/python -m bench.bench_cascade --scales 0.01,0.1

For each scale it builds, in a fresh set of units, a city plan of `30,000 × scale` leaf tasks under
30 lines × 10 groups, each leaf led by one of `100 × scale` districts; one district cascades one leaf into a
plan of `2,000 × scale` tasks for its streets, one street cascades into a plan for its communities. Then
one community's report is accepted (`luoshi.reports.services.accept_report`) and the bench counts

* the SQL statements of that act, against the reference in the same run: the statements of a report
  accepted on a leaf of the same depth in a plan that is not cascaded (the bare walk up one tree), times
  the three plans of the chain;
* the task and assignment rows whose figures changed (a snapshot of every row before and after), and
  checks each is on the chain: the leaf's ancestors in each plan and the assignments it rolls into.

Goal (issue 12, item 9): rows changed = the chain's length whatever the scale; statements flat across
scales (full / tenth = 1.0) and within a small multiple of the bare walk.
"""

from __future__ import annotations

import argparse
import os
import uuid
from datetime import date

from bench import BENCH_DIR, _create_postgres_database


def setup() -> None:
    url = os.environ.get("DATABASE_URL")
    if url:
        _create_postgres_database(url)
    else:
        path = BENCH_DIR / "data" / "cascade" / "luoshi.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["LUOSHI_DATA_DIR"] = str(path.parent)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _units(parent, kind: str, count: int, tag: str, prefix: str) -> list:
    from luoshi.org.models import Unit

    made = []
    for i in range(count):
        made.append(
            Unit.objects.create(
                name=f"{prefix}{tag}-{i}", short_name=f"{prefix}{i}", kind=kind, parent=parent, order=i
            )
        )
    return made


def _fill(plan, lines: int, groups: int, per_group: int, units: list, due: date | None) -> list:
    """Lines × groups × `per_group` items under `plan`, each item due on `due` and led by `units` round-robin.
    Returns the items in order."""
    from django.utils import timezone

    from luoshi.plans.models import Assignment, Task

    made = []
    for li in range(lines):
        line = Task.objects.create(plan=plan, code=str(li + 1), title=f"任务线{li + 1}", position=li)
        for gi in range(groups):
            group = Task.objects.create(
                plan=plan, parent=line, depth=2, code=f"{li + 1}.{gi + 1}", title="分组", position=gi
            )
            made += Task.objects.bulk_create(
                Task(
                    plan=plan,
                    parent=group,
                    depth=3,
                    code=f"{li + 1}.{gi + 1}.{k + 1}",
                    title="事项",
                    position=k,
                    deadline=due,
                )
                for k in range(per_group)
            )
    Assignment.objects.bulk_create(
        Assignment(
            task=t,
            unit=units[i % len(units)],
            assigned_on=date(2025, 1, 1),
            due_on=due,
            acknowledged_at=timezone.now(),
            responsible_person="张明",
        )
        for i, t in enumerate(made)
    )
    return made


def _plan(deploying, leaves: int, units: list, title: str):
    """A published plan of lines × groups × items (`leaves` leaf tasks), leaves led round-robin by
    `units`; figures computed once. Returns the plan and its leaves in order."""
    from luoshi.plans.models import Plan
    from luoshi.plans.progress.recompute import recompute_plan

    plan = Plan.objects.create(
        title=title,
        year=2025,
        deploying_unit=deploying,
        status=Plan.Status.PUBLISHED,
        starts_on=date(2025, 1, 1),
    )
    lines, groups = (30, 10) if leaves >= 300 else (1, 1)
    made = _fill(plan, lines, groups, max(1, leaves // (lines * groups)), units, due=date(2025, 12, 31))
    recompute_plan(plan)
    return plan, made


def _snapshot() -> dict:
    from luoshi.plans.models import Assignment, Task

    rows = {
        ("t", pk): v for pk, *v in Task.objects.values_list("id", "computed_progress", "progress", "light")
    }
    rows.update(
        {
            ("a", pk): v
            for pk, *v in Assignment.objects.values_list("id", "progress", "cascade_progress", "light")
        }
    )
    return rows


def _accept(assignment, percent: int):
    """Start, fill, submit (system actor) outside the count; return the accept to count."""
    from luoshi.audit.services import Actor
    from luoshi.reports import services as reports

    actor = Actor.system()
    report = reports.start_report(actor, assignment, period="2025-06")
    reports.save_draft(actor, report, revision=report.revision, percent=percent, narrative="按计划推进。")
    reports.submit_report(actor, report)
    return lambda: reports.accept_report(actor, report)


def _ancestors(task) -> set:
    from luoshi.plans.models import Task

    ids, current = set(), task.pk
    while current is not None:
        ids.add(("t", current))
        current = Task.objects.values_list("parent_id", flat=True).get(pk=current)
    return ids


def run(scale: float) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luoshi.audit.services import Actor
    from luoshi.org.models import Unit
    from luoshi.plans import services
    from luoshi.plans.models import Assignment

    tag = uuid.uuid4().hex[:6]
    city = Unit.objects.create(name=f"基准市{tag}", short_name=f"基准市{tag}", kind=Unit.Kind.DEPARTMENT)
    districts = _units(city, Unit.Kind.DISTRICT, max(2, int(100 * scale)), tag, "区")
    streets = _units(districts[0], Unit.Kind.STREET, max(2, int(30 * scale)), tag, "街道")
    communities = _units(streets[0], Unit.Kind.COMMUNITY, 10, tag, "社区")
    leaves = max(30, int(30_000 * scale))
    city_plan, city_leaves = _plan(city, leaves, districts, f"基准市计划{tag}")

    # The reference: a report accepted on a leaf of the plain city plan (the bare walk up one tree).
    plain = Assignment.objects.filter(task=city_leaves[1]).get()
    accept_plain = _accept(plain, 35)
    with CaptureQueriesContext(connection) as bare:
        accept_plain()

    # The chain: the district's share of leaf 0 → a plan for its streets → street 0's share → communities.
    actor = Actor.system()
    district_share = Assignment.objects.get(task=city_leaves[0])
    district_plan = services.cascade_assignment(actor, district_share)
    district_plan.tasks.all().delete()
    district_plan, district_leaves = _rebuild(district_plan, max(30, int(2_000 * scale)), streets)
    street_share = Assignment.objects.get(task=district_leaves[0])
    street_plan = services.cascade_assignment(actor, street_share)
    street_plan.tasks.all().delete()
    street_plan, street_leaves = _rebuild(street_plan, 30, communities)
    community = Assignment.objects.get(task=street_leaves[0])

    accept = _accept(community, 80)
    before = _snapshot()
    with CaptureQueriesContext(connection) as chained:
        accept()
    after = _snapshot()
    changed = {k for k, v in after.items() if before.get(k) != v}
    chain = (
        _ancestors(street_leaves[0])
        | _ancestors(district_leaves[0])
        | _ancestors(city_leaves[0])
        | {("a", community.pk), ("a", street_share.pk), ("a", district_share.pk)}
    )
    off_chain = changed - chain
    district_share.refresh_from_db()
    return {
        "scale": scale,
        "tasks": leaves + int(2_000 * scale) + 30,
        "statements": len(chained.captured_queries),
        "bare": len(bare.captured_queries),
        "changed": len(changed),
        "chain": len(chain),
        "off_chain": len(off_chain),
        "district_share": district_share.progress,
    }


def _rebuild(plan, leaves: int, units: list):
    """Give a freshly cascaded (draft) plan a large tree for `units`, and publish it."""
    from luoshi.audit.services import Actor
    from luoshi.plans import services
    from luoshi.plans.models import Plan

    sub, made = _plan_into(plan, leaves, units)
    services.publish_plan(Actor.system(), Plan.objects.get(pk=sub.pk))
    return sub, made


def _plan_into(plan, leaves: int, units: list):
    from luoshi.plans.models import Plan

    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    lines, groups = (10, 10) if leaves >= 100 else (1, 1)
    made = _fill(plan, lines, groups, max(1, leaves // (lines * groups)), units, due=None)
    return plan, made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0.1,1")
    args = parser.parse_args(argv)
    setup()
    results = [run(float(s)) for s in args.scales.split(",")]
    print(
        "scale  tasks   statements  bare walk  ×3 plans  ratio   rows changed  chain  off chain  district share"
    )
    for r in results:
        ratio = r["statements"] / (3 * r["bare"])
        print(
            f"{r['scale']:<6g} {r['tasks']:<7d} {r['statements']:<11d} {r['bare']:<10d} {3 * r['bare']:<9d} "
            f"{ratio:<7.2f} {r['changed']:<13d} {r['chain']:<6d} {r['off_chain']:<10d} {r['district_share']}"
        )
    if len(results) > 1:
        print(f"statements full / smallest scale: {results[-1]['statements'] / results[0]['statements']:.2f}")
    ok = all(r["off_chain"] == 0 for r in results)
    print(
        "goal met: every changed row is on the chain above the report"
        if ok
        else "GOAL MISSED: rows off the chain"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
