"""Load benchmark: gunicorn serving the generated province data, driven by locust (headless).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m bench.load.run
    .venv/bin/python -m bench.load.run --scale 0.1 --users 16 --workers 2 --seconds 20

For each number of gunicorn workers and of concurrent users, three phases of `--seconds` each against the
same server: the bare view alone (`bench/load/urls.py`: the framework's own limit), 我的任务 alone (both
with no pause between requests: throughput), then the realistic mix with a pause of 0.5–1.5 s between
clicks (`locustfile.py`: liaisons on 我的任务 and reporting — start, save, submit; supervisors on the
review queue, opening and accepting reports; leaders on the dashboard). It prints req/s, p50/p95/p99 and
errors per page and the goals of issue 14: no errors; p95 of 我的任务 and 报送 under 300 ms at 16 users;
我的任务 at ≥ 0.5× the bare view's req/s.

Data: `bench.generate` at `--scale` (1 = province: 3,000 units, 30,000 tasks; made when missing). The
users it logs in with get one known password here (bench-only accounts, never the demo's).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import _create_postgres_database, database_for, setup_django

PASSWORD = "bench-load-Password-1"
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GOAL_P95_MS = 300
GOAL_RATIO = 0.5


def _setup(scale: float, sqlite: Path | None) -> str:
    """Point Django at the data: `sqlite` when given, else the benchmark's dataset of `scale`."""
    if sqlite is None:
        url = database_for(scale)
        if not url.startswith("sqlite:"):
            _create_postgres_database(url)
        return setup_django(scale)
    sqlite.parent.mkdir(parents=True, exist_ok=True)
    os.environ.pop("BENCH_BASE_DATABASE_URL", None)
    os.environ["DATABASE_URL"] = f"sqlite:///{sqlite.resolve()}"
    os.environ["LUOSHI_DATA_DIR"] = str(sqlite.resolve().parent)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["ALLOWED_HOSTS"] = "localhost,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()
    return str(sqlite)


def prepare_accounts(scale: float, path: Path, limit: int = 200) -> None:
    """Generate the data when missing, give the load accounts a known password, write them to `path`."""
    from django.contrib.auth.hashers import MD5PasswordHasher
    from django.core.management import call_command
    from django.db.models import Count
    from django.utils import timezone

    from bench.generate import analyze, generate
    from luoshi.org.models import User
    from luoshi.plans.models import Plan

    call_command("migrate", verbosity=0, interactive=False)
    if not Plan.objects.exists():  # a new database: migrated above, nothing in it yet
        generate(scale=scale, verbose=False)
    # Planner statistics, as autovacuum keeps them on a live server: without them PostgreSQL joined every
    # published task to find one unit's 30 assignments (293 ms instead of 0.4 ms for 我的任务's query).
    analyze()
    liaisons = list(
        User.objects.filter(role=User.Role.LIAISON)
        .annotate(n=Count("unit__assignments"))
        .filter(n__gt=0)
        .order_by("-n")
        .values_list("username", flat=True)[:limit]
    )
    supervisors = list(
        User.objects.filter(role=User.Role.SUPERVISOR, unit__deployed_plans__isnull=False)
        .distinct()
        .values_list("username", flat=True)[:limit]
    )
    leaders = list(User.objects.filter(role=User.Role.LEADER).values_list("username", flat=True)[:limit])
    names = liaisons + supervisors + leaders
    User.objects.filter(username__in=names).update(
        password=MD5PasswordHasher().encode(PASSWORD, "benchload"),
        password_changed_at=timezone.now(),
        must_change_password=False,
    )
    accounts = {"password": PASSWORD, "liaison": liaisons, "supervisor": supervisors, "leader": leaders}
    path.write_text(json.dumps(accounts))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int, env: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "luoshi.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "60", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    for _ in range(300):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server, f"http://127.0.0.1:{port}"
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def run_locust(host: str, users: int, seconds: int, classes: list[str], env: dict, out: Path) -> list[dict]:
    result = out / ("_".join(classes) + f"-{users}.json")
    subprocess.run(
        [sys.executable, "-m", "bench.load.drive", host, str(users), str(seconds), str(result), *classes],
        env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    data = json.loads(result.read_text())
    for e in data["errors"]:
        print(f"  error on {e['page']} ×{e['count']}: {e['error'][:200]}")
    return data["rows"]


def _measured(rows: list[dict]) -> list[dict]:
    """The pages a phase requested, busiest first (a login finished before the measured window shows 0)."""
    return sorted((r for r in rows if r["requests"]), key=lambda r: -r["requests"])


def _row(workers: int, users: int, phase: str, r: dict) -> dict:
    return {"workers": workers, "users": users, "phase": phase, **r}


def measure(workers: int, users: int, seconds: int, env: dict, out: Path) -> list[dict]:
    server, host = start_server(workers, env)
    try:
        rows = []
        for phase, classes in (
            ("reference", ["BareOnly"]),
            ("throughput", ["MyTasksOnly"]),
            ("mix", ["Liaison", "Supervisor", "Leader"]),
        ):
            rows += [
                _row(workers, users, phase, r)
                for r in _measured(run_locust(host, users, seconds, classes, env, out))
            ]
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(rows: list[dict]) -> list[str]:
    """The table and the goals, as printed."""
    lines = [f"{'workers':>7} {'users':>5} {'phase':<10} {'page':<10} {'req':>6} {'req/s':>7} "
             f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"]  # fmt: skip
    for r in rows:
        lines.append(
            f"{r['workers']:>7} {r['users']:>5} {r['phase']:<10} {r['page']:<10} {r['requests']:>6} "
            f"{r['rps']:>7.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} {r['p99']:>7.0f} {r['errors']:>6}"
        )
    errors = sum(r["errors"] for r in rows)
    lines.append(f"goal: no errors — {errors} errors: {'met' if errors == 0 else 'NOT met'}")
    for workers, users in sorted({(r["workers"], r["users"]) for r in rows}):
        bare = [
            r
            for r in rows
            if (r["workers"], r["users"], r["phase"], r["page"]) == (workers, users, "reference", "bare view")
        ]
        mine = [
            r
            for r in rows
            if (r["workers"], r["users"], r["phase"], r["page"]) == (workers, users, "throughput", "我的任务")
        ]
        if bare and mine and bare[0]["rps"]:
            ratio = mine[0]["rps"] / bare[0]["rps"]
            verdict = "met" if ratio >= GOAL_RATIO else "NOT met"
            lines.append(
                f"goal: 我的任务 ≥ {GOAL_RATIO}× bare req/s ({workers} workers, {users} users) — {ratio:.2f}×: {verdict}"
            )
        if users == 16:
            for page in ("我的任务", "报送"):
                p95 = [
                    r["p95"]
                    for r in rows
                    if (r["workers"], r["users"], r["phase"], r["page"]) == (workers, users, "mix", page)
                ]
                if p95:
                    verdict = "met" if p95[0] < GOAL_P95_MS else "NOT met"
                    lines.append(
                        f"goal: p95 {page} < {GOAL_P95_MS} ms ({workers} workers, 16 users) — {p95[0]:.0f} ms: {verdict}"
                    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load.run")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--users", default="16,64")
    parser.add_argument("--workers", default="2,4")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--sqlite", type=Path, help="use this SQLite file (the smoke test's own)")
    args = parser.parse_args(argv)
    where = _setup(args.scale, args.sqlite)
    out = Path(tempfile.mkdtemp(prefix="luoshi-load-"))
    accounts = out / "accounts.json"
    prepare_accounts(args.scale, accounts)
    from django.db import connections

    connections.close_all()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load.settings",
        "LUOSHI_LOAD_ACCOUNTS": str(accounts),
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
    }
    print(f"load on {where.rsplit('@', 1)[-1]}, scale {args.scale:g}, {args.seconds} s per phase")
    rows = []
    for workers in [int(w) for w in args.workers.split(",")]:
        for users in [int(u) for u in args.users.split(",")]:
            rows += measure(workers, users, args.seconds, env, out)
    print("\n".join(report(rows)))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
