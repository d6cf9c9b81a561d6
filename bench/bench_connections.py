"""Pages per second on PostgreSQL with a new connection per request (DB_CONN_MAX_AGE=0) against kept
connections (the default on PostgreSQL, 60 s with health checks).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m bench.bench_connections

The database is migrated and the demo loaded into it when it has no plan yet. The Django test client
requests the leader's dashboard, a liaison's task list and the home redirect in turn, each between the two
`close_old_connections()` calls a server's request_started/request_finished signals make. Each round is
`--requests` requests under one setting; rounds of the two settings alternate, and the median requests per
second over `--rounds` rounds is printed for each, with the number of connections opened, and their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

KEPT = 60  # the PostgreSQL default in luoshi/settings.py
SETTINGS = {"每次请求新建连接（DB_CONN_MAX_AGE=0）": 0, f"保持连接（默认，{KEPT} 秒，健康检查）": KEPT}


def _setup() -> None:
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from luoshi.plans.models import Plan

    call_command("migrate", verbosity=0)
    if not Plan.objects.exists():
        from luoshi.demo.loader import load_demo

        load_demo()


def measure(rounds: int, requests: int) -> dict:
    """Rounds of each setting interleaved (0, kept, 0, kept, …), so a busy machine slows both alike.
    The setting is switched on the live connection's settings, which Django reads at each connect."""
    from django.db import close_old_connections, connection
    from django.test import Client

    from luoshi.org.models import User

    assert connection.vendor == "postgresql", "this benchmark is about PostgreSQL connections"
    leader, liaison = Client(), Client()
    leader.force_login(User.objects.get(username="lingdao"))
    liaison.force_login(User.objects.get(username="jiangan"))
    pages = [(leader, "/supervise/", 200), (liaison, "/work/", 200), (leader, "/", 302)]

    def one(n: int) -> None:
        client, url, status = pages[n % len(pages)]
        # What a server's request_started and request_finished signals do; the test client leaves them
        # out so a test's transaction survives its requests.
        close_old_connections()
        response = client.get(url)
        close_old_connections()
        assert response.status_code == status, (url, response.status_code)

    for n in range(len(pages)):  # warm caches and templates
        one(n)
    rates: dict[str, list[float]] = {label: [] for label in SETTINGS}
    connects = dict.fromkeys(SETTINGS, 0)
    original_connect = connection.connect

    def counting_connect():
        connects[current] += 1
        return original_connect()

    connection.connect = counting_connect
    for _ in range(rounds):
        for current, age in SETTINGS.items():
            connection.close()
            connection.settings_dict["CONN_MAX_AGE"] = age
            started = time.perf_counter()
            for n in range(requests):
                one(n)
            rates[current].append(requests / (time.perf_counter() - started))
    connection.connect = original_connect
    return {
        label: {"median": statistics.median(r), "rates": r, "connects": connects[label]}
        for label, r in rates.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args(argv)
    if not (os.environ.get("DATABASE_URL") or "").startswith("postgres"):
        print("请用 DATABASE_URL 指定一个 PostgreSQL 数据库。", file=sys.stderr)
        return 2

    _setup()
    results = measure(args.rounds, args.requests)
    for label, r in results.items():
        spread = f"{min(r['rates']):.1f}–{max(r['rates']):.1f}"
        print(
            f"{label}：中位数 {r['median']:.1f} 次/秒（各轮 {spread}；"
            f"{args.rounds * args.requests} 次请求新建连接 {r['connects']} 次）"
        )
    before, after = (r["median"] for r in results.values())
    print(f"保持连接 / 每次新建：{after / before:.2f} 倍")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
