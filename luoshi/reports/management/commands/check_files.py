"""`luoshi check_files [--fix]`: compare the evidence files under media/evidence/ with the rows.

Lists files no row refers to (left by an upload whose process was killed before it committed), rows whose
file is missing, and upload temp files a killed process left in FILE_UPLOAD_TEMP_DIR. `--fix` removes the
stray files and stale temp files; rows are never touched (a row with no file is shown for a person to deal
with). Files written within the last hour are listed but kept: the upload may still be committing.
Exit status 0 when files and rows agree (after `--fix`, when only what it removed disagreed); 1 otherwise."""

import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from luoshi.lib.cndates import cn_date, cn_period
from luoshi.reports import evidence_files


class Command(BaseCommand):
    help = "核对佐证材料文件与记录，列出无记录的文件和缺少文件的记录；--fix 删除无记录的文件"

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="删除无记录的文件和残留的上传临时文件")

    def handle(self, *args, fix=False, **options):
        found = evidence_files.check()
        write = self.stdout.write
        if not (found.orphans or found.recent or found.missing or found.temporary):
            write("佐证材料文件与记录一致：没有无记录的文件，也没有缺少文件的记录。")
            return
        if found.orphans:
            write(f"无记录的文件 {len(found.orphans)} 个（没有任何佐证材料记录引用）：")
            for name in found.orphans:
                write(f"  {name}")
        if found.temporary:
            write(f"残留的上传临时文件 {len(found.temporary)} 个：")
            for path in found.temporary:
                write(f"  {path}")
        if found.recent:
            write(f"1 小时内写入、尚无记录的文件 {len(found.recent)} 个（可能正在上传，不删除）：")
            for name in found.recent:
                write(f"  {name}")
        if found.missing:
            write(f"缺少文件的记录 {len(found.missing)} 条（记录保留，请从备份恢复文件）：")
            for e in found.missing:
                report = e.report
                write(
                    f"  佐证材料 {e.pk}“{e.original_name}”：{report.assignment.unit.display_name}"
                    f"{cn_period(report.period)}进度报告第{report.version}版，"
                    f"上传于{cn_date(timezone.localtime(e.uploaded_at))}，"
                    f"应在 {e.file.name}"
                )
        if fix:
            removed = evidence_files.remove_strays(found)
            write(f"已删除 {removed} 个文件。")
            if not found.missing:
                return
        elif found.orphans or found.temporary:
            write("加 --fix 删除无记录的文件和残留的上传临时文件。")
        sys.exit(1)
