"""Time publishing a large intake draft (3,000 items) as a plan, on the configured database.

    .venv/bin/python -m bench.bench_publish                   # SQLite file under bench/data/publish/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench_publish .venv/bin/python -m bench.bench_publish
    .venv/bin/python -m bench.bench_publish --items 300 --repeat 3

Each run makes a deploying unit with 30 units under it and a draft whose tree is 30 lines × 9 tasks × 10
items (3,000 items by default; every leaf led by one unit with one co-operating unit, a deadline, and a
target on every third), then times `luoshi.drafts.services.publish_draft` (one transaction; the
plan's figures are computed on the rows before they are inserted) and prints the time, the tasks, assignments and audit entries it wrote.
Goal (issue 14): under 5 s on PostgreSQL for 3,000 items.
"""

from __future__ import annotations

import argparse
import os
import time
import uuid
from pathlib import Path

from bench import BENCH_DIR, _create_postgres_database

GOAL_SECONDS = 5.0


def setup() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        _create_postgres_database(url)
    else:
        path = BENCH_DIR / "data" / "publish" / "luoshi.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["LUOSHI_DATA_DIR"] = str(path.parent)
        url = f"sqlite:///{path}"
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return url


def shape(items: int) -> tuple[int, int, int]:
    """Lines × tasks per line × items per task, about `items` nodes in all (3,000 → 30 × 9 × 10)."""
    lines = max(1, round(items / 100))
    return lines, 9, 10


def build_draft(items: int):
    """A draft in the state a supervisor publishes: every leaf has a lead unit, nothing unmatched."""
    from luoshi.drafts.models import Draft
    from luoshi.org.models import Unit, User

    tag = uuid.uuid4().hex[:8]
    city = Unit.objects.create(
        name=f"基准市委统战部{tag}", short_name=f"基准{tag}", kind=Unit.Kind.DEPARTMENT
    )
    units = [
        Unit.objects.create(
            name=f"基准区委统战部{tag}-{i}", short_name=f"基准区{tag}-{i}", parent=city, order=i
        )
        for i in range(30)
    ]
    user = User.objects.create(
        username=f"bench-{tag}", display_name="基准督办员", role="supervisor", unit=city
    )
    lines, tasks, leaves = shape(items)
    next_id = iter(range(1, 10**7))
    source = []

    def node(title: str, children: list, **extra) -> dict:
        start = sum(len(s) for s in source)
        source.append(title + "。\n")
        return {
            "id": next(next_id),
            "title": title,
            "text": title + "。",
            "tier": "routine",
            "guidance": False,
            "weight": "1",
            "deadline": None,
            "deadline_text": "",
            "lead": [],
            "co": [],
            "unknown_lead": [],
            "unknown_co": [],
            "targets": [],
            "marker": None,
            "section": None,
            "framework": None,
            "source_start": start,
            "source_end": start + len(title) + 1,
            "children": children,
            **extra,
        }

    tree = []
    for a in range(lines):
        line_children = []
        for b in range(tasks):
            leaf_nodes = []
            for c in range(leaves):
                k = a * tasks * leaves + b * leaves + c
                leaf_nodes.append(
                    node(
                        f"第{a + 1}条线第{b + 1}项任务的第{c + 1}项工作",
                        [],
                        lead=[units[k % 30].pk],
                        co=[units[(k + 7) % 30].pk],
                        deadline=f"2025-{(k % 12) + 1:02d}-28",
                        deadline_text=f"{(k % 12) + 1}月底前",
                        targets=[{"metric": "培训人次", "target_value": "200", "unit": "人次", "text": ""}]
                        if k % 3 == 0
                        else [],
                    )
                )
            line_children.append(node(f"第{a + 1}条线第{b + 1}项任务", leaf_nodes, deadline="2025-12-31"))
        tree.append(node(f"第{a + 1}条任务线", line_children, tier="key", deadline="2025-12-31"))
    draft = Draft.objects.create(
        deploying_unit=city,
        created_by=user,
        title=f"基准导入草稿{tag}",
        year=2025,
        source_text="".join(source),
        tree=tree,
        next_id=next(next_id),
    )
    return draft, user


def run_once(items: int) -> dict:
    from luoshi.audit.models import AuditEntry
    from luoshi.audit.services import Actor
    from luoshi.drafts import services
    from luoshi.drafts import tree as T
    from luoshi.plans.models import Assignment, Task

    draft, user = build_draft(items)
    audit_before = AuditEntry.objects.count()
    started = time.perf_counter()
    plan = services.publish_draft(Actor(user=user, ip="127.0.0.1"), draft)
    seconds = time.perf_counter() - started
    return {
        "items": T.count(draft.tree),
        "seconds": seconds,
        "tasks": Task.objects.filter(plan=plan).count(),
        "assignments": Assignment.objects.filter(task__plan=plan).count(),
        "audit_entries": AuditEntry.objects.count() - audit_before,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_publish")
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    url = setup()
    where = url.rsplit("@", 1)[-1] if "@" in url else Path(url.removeprefix("sqlite:///")).name
    print(f"publish_draft on {where}")
    for _ in range(args.repeat):
        r = run_once(args.items)
        verdict = (
            "" if r["items"] < 3000 else (" (goal met)" if r["seconds"] < GOAL_SECONDS else " (over goal)")
        )
        print(
            f"  {r['items']} items: {r['seconds']:.2f} s{verdict} — {r['tasks']} tasks, "
            f"{r['assignments']} assignments, {r['audit_entries']} audit entries"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
