"""`luoshi parse_draft ID`: parse one draft's stored document (started detached by the intake page)."""

from django.core.management.base import BaseCommand, CommandError

from luoshi.drafts.models import Draft
from luoshi.drafts.services import run_parse


class Command(BaseCommand):
    help = "解析一份导入草稿的文稿（由导入页面在后台启动）"

    def add_arguments(self, parser):
        parser.add_argument("draft_id", type=int)

    def handle(self, *args, draft_id: int, **options):
        try:
            draft = run_parse(draft_id)
        except Draft.DoesNotExist:
            raise CommandError(f"没有编号为 {draft_id} 的导入草稿。") from None
        self.stdout.write(f"{draft.pk}：{draft.get_status_display()}")
