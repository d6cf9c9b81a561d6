"""`luoshi supervise [--date YYYY-MM-DD] [--no-send] [--loop] [--interval SECONDS]`

The daily 督办 job (cron or a systemd timer): records the 提醒 / 催办 / 警示 / 约谈通报建议, 漏报 and silence
steps due, makes their notifications and sends pending e-mail and group-robot messages, retrying failed
ones. Safe to run twice, and as two copies at once on two servers (see luoshi/supervise/run.py).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from luoshi.plans.management.commands.refresh_lights import _date  # one parser for --date
from luoshi.supervise.run import supervise


class Command(BaseCommand):
    help = "督办：按工作日生成临近提醒、催办、警示、约谈/通报建议、漏报和长期未报送通知，并发送待发通知。"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="按该日期计算（默认今天，北京时间）")
        parser.add_argument("--no-send", action="store_true", help="只生成通知，不发送邮件和群消息")
        parser.add_argument("--loop", action="store_true", help="持续运行，每隔 --interval 秒运行一次")
        parser.add_argument("--interval", type=int, default=900, help="循环间隔秒数（默认 900）")

    def handle(self, *args, date=None, no_send=False, loop=False, interval=900, **options):
        if interval < 1:
            raise CommandError("--interval 至少为 1 秒。")
        while True:
            self.stdout.write(str(supervise(date, send=not no_send)))
            if not loop:
                return
            time.sleep(interval)
