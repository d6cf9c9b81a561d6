"""`luoshi verify_audit [--anchor SEQ:HASH]`: walk the whole audit chain and name the first broken entry.

Exit status 0 when every entry links to the one before and matches its own hash; 1 otherwise. A hash chain
alone cannot show that its newest entries were cut off; the success message prints the last entry's number
and hash, and giving such a pair, noted down earlier and kept elsewhere, as `--anchor` checks that the
entry is still there, unchanged."""

import re
import sys

from django.core.management.base import BaseCommand, CommandError

from luoshi.audit import chain
from luoshi.audit.models import AuditEntry

ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = "校验审计记录的哈希链，指出第一条断开的记录"

    def add_arguments(self, parser):
        parser.add_argument("--anchor", help="此前记下的“序号:哈希”，校验该条记录仍在且未被改写")

    def handle(self, *args, anchor=None, **options):
        expected = self._parse_anchor(anchor) if anchor else None
        report = chain.verify_all()
        problem = (
            str(report.broken) if report.broken else (self._anchor_problem(*expected) if expected else "")
        )
        if problem:
            self.stderr.write(
                f"审计记录校验未通过：{problem}。此前的 {report.checked} 条完好（至第 {report.last_seq} 条）。"
            )
            sys.exit(1)
        if not report.checked:
            self.stdout.write("审计记录为空，没有需要校验的记录。")
            return
        self.stdout.write(
            f"审计记录校验通过：共 {report.checked} 条，序号连续，哈希链完整。"
            f"末条第 {report.last_seq} 条，哈希 {report.last_hash}"
            f"（可记下“{report.last_seq}:{report.last_hash}”，日后用 --anchor 核对）。"
        )

    @staticmethod
    def _parse_anchor(text: str) -> tuple[int, str]:
        match = ANCHOR.match(text.strip().lower())
        if not match:
            raise CommandError("--anchor 的格式应为“序号:哈希”，哈希为 64 位十六进制数。")
        return int(match[1]), match[2]

    @staticmethod
    def _anchor_problem(seq: int, hash_: str) -> str:
        stored = AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).first()
        if stored is None:
            return f"第 {seq} 条（锚点）已不存在：记录的末尾被截去"
        if stored != hash_:
            return f"第 {seq} 条的哈希与锚点不符：该条及其之前的记录被改写过"
        return ""
