"""`luoshi verify_audit`: walk the whole audit chain and name the first broken entry.

Exit status 0 when every entry links to the one before and matches its own hash; 1 otherwise."""

import sys

from django.core.management.base import BaseCommand

from luoshi.audit import chain


class Command(BaseCommand):
    help = "校验审计记录的哈希链，指出第一条断开的记录"

    def handle(self, *args, **options):
        report = chain.verify_all()
        if report.broken:
            self.stderr.write(
                f"审计记录校验未通过：{report.broken}。"
                f"此前的 {report.checked} 条完好（至第 {report.last_seq} 条）。"
            )
            sys.exit(1)
        if not report.checked:
            self.stdout.write("审计记录为空，没有需要校验的记录。")
            return
        self.stdout.write(
            f"审计记录校验通过：共 {report.checked} 条，序号连续，哈希链完整。"
            f"末条第 {report.last_seq} 条，哈希 {report.last_hash}。"
        )
