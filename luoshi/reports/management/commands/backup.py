"""`luoshi backup --out FILE`: the database and the evidence files in one archive with SHA-256 manifest
(see luoshi/reports/backup.py); restore it with `luoshi restore FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import ServiceError
from luoshi.reports import backup


class Command(BaseCommand):
    help = "把数据库和佐证材料备份到一个文件（附 SHA-256 清单）"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="备份文件路径，例如 luoshi-2025-03-08.tar")

    def handle(self, *args, out, **options):
        path = Path(out)
        if not path.parent.exists():
            raise CommandError(f"目录 {path.parent} 不存在。")
        try:
            summary = backup.backup(path)
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        size = f"{summary.bytes / 1024 / 1024:.1f} MB"
        record(
            Actor.system(),
            "backup",
            None,
            summary=f"备份到 {path.name}：数据库（{summary.database}）和佐证材料 {summary.files} 个",
        )
        self.stdout.write(
            f"已备份到 {path}：数据库（{summary.database}），佐证材料 {summary.files} 个（{size}）。"
        )
