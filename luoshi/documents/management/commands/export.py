"""`luoshi export bulletin --plan ID [--period 2025-06] [--kind discipline|results] --out FILE.docx` and
`luoshi export tasks|ledger|scores --plan ID [--period 2025-06] --out FILE.xlsx`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luoshi.audit.services import Actor
from luoshi.documents import services
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Plan


class Command(BaseCommand):
    help = "导出通报（Word）或报表（Excel）：bulletin、tasks（任务分解表）、ledger（进度台账）、scores（考核得分表）"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["bulletin", *services.TABLES])
        parser.add_argument("--plan", type=int, required=True, help="工作部署编号")
        parser.add_argument(
            "--period", help="报送周期，如 2025-06；默认为有报送数据的最近一期（成绩通报按年度，不用此项）"
        )
        parser.add_argument(
            "--kind",
            choices=services.KINDS,
            default="discipline",
            help="通报种类：discipline 报送情况通报，results 考核结果通报",
        )
        parser.add_argument("--out", required=True, help="输出文件")

    def handle(self, *args, what, plan, period, kind, out, **options):
        found = Plan.objects.filter(pk=plan).select_related("deploying_unit").first()
        if found is None:
            raise CommandError(f"没有编号为{plan}的工作部署。")
        actor = Actor.system()
        try:
            if what == "bulletin":
                document, covers = services.bulletin_document(found, kind, period)
                data = services.issue_bulletin(actor, found, document, period=covers, kind=kind)
            else:
                data, _ = services.export_table(actor, found, what, period=period)
        except ServiceError as error:
            raise CommandError(error.message) from None
        Path(out).write_bytes(data)
        self.stdout.write(f"已写入 {out}（{len(data)} 字节）")
