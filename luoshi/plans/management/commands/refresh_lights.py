"""`luoshi refresh_lights [--date YYYY-MM-DD] [--loop] [--interval SECONDS]`

Lights depend on the date (a deadline passes, the schedule moves on), so they are refreshed daily. Safe to
run twice or from two workers at once: the result depends only on the data and the date, and each plan is
rewritten in its own transaction.
"""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from luoshi.org.dbstats import optimize_sqlite
from luoshi.plans.progress.recompute import refresh_lights


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "按日期刷新所有已发布工作部署的进度汇总和亮灯。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="按该日期计算（默认今天，北京时间）")
        parser.add_argument("--loop", action="store_true", help="持续运行，每隔 --interval 秒刷新一次")
        parser.add_argument("--interval", type=int, default=3600, help="循环间隔秒数（默认 3600）")

    def handle(self, *args, date=None, loop=False, interval=3600, **options):
        if interval < 1:
            raise CommandError("--interval 至少为 1 秒。")
        while True:
            changed = refresh_lights(today=date)
            # The refresh has just read every published plan: a good moment to bring SQLite's planner
            # statistics up to date (a no-op elsewhere, and cheap when nothing is stale).
            optimize_sqlite()
            self.stdout.write(f"已刷新，{changed} 行有变化。")
            if not loop:
                return
            time.sleep(interval)
