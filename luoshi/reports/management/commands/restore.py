"""`luoshi restore FILE [--force]`: restore an archive made by `luoshi backup` into this installation.

Every member's SHA-256 is checked against the manifest before anything is written. An installation that
already holds accounts, units, plans, audit entries or evidence files is refused unless `--force`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import ServiceError
from luoshi.reports import backup


class Command(BaseCommand):
    help = "从 luoshi backup 生成的备份文件恢复数据库和佐证材料（默认只恢复到空的数据库）"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件")
        parser.add_argument("--force", action="store_true", help="当前已有数据时仍然覆盖")

    def handle(self, *args, archive, force=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"备份文件 {path} 不存在。")
        try:
            summary = backup.restore(path, force=force)
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        record(
            Actor.system(),
            "restore",
            None,
            summary=f"从 {path.name} 恢复：数据库（{summary.database}）和佐证材料 {summary.files} 个",
        )
        self.stdout.write(f"已从 {path} 恢复数据库（{summary.database}）和佐证材料 {summary.files} 个。")
