"""`luoshi import returns FILE_OR_FOLDER...`: import filled-in Excel returns (报送表) as draft reports, for
the supervisor who collects them by other means. All files in one transaction: every problem is listed and
nothing is imported unless all are clean."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luoshi.audit.services import Actor
from luoshi.documents.returns.importing import ReturnsRejected, import_returns
from luoshi.documents.returns.reading import MAX_BYTES
from luoshi.lib.errors import ServiceError


def _head(path: Path) -> bytes:
    """The file, or just enough of a huge one for the size check to refuse it unread."""
    with path.open("rb") as f:
        return f.read(MAX_BYTES + 1)


class Command(BaseCommand):
    help = "导入报送表（Excel）：每行核对后存为进度报告草稿，有任何问题则全部不导入"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["returns"])
        parser.add_argument("paths", nargs="+", help="报送表文件或所在文件夹")

    def handle(self, *args, what, paths, **options):
        files = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files += sorted(
                    p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
                )
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"找不到文件或文件夹：{raw}")
        if not files:
            raise CommandError("没有要导入的文件。")
        try:
            done = import_returns(Actor.system(), [(p.name, _head(p)) for p in files])
        except ReturnsRejected as rejected:
            for name, problem in rejected.problems:
                self.stderr.write(f"{name} {problem}")
            raise CommandError(rejected.message) from None
        except ServiceError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"已导入{done.files}份报送表，{done.reports}项任务存为草稿。")
