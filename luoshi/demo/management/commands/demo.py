"""`luoshi demo [--port P] [--no-serve]`: a fresh SQLite database in the data directory with the demo
loaded, its accounts printed, then served on 127.0.0.1:P by gunicorn (see `serve`)."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from luoshi.demo import data
from luoshi.demo.loader import load_demo
from luoshi.demo.management.commands.serve import exec_gunicorn
from luoshi.org.dbstats import optimize_sqlite
from luoshi.org.twofactor import grouped

ROLE_LABELS = {"supervisor": "督办员", "leader": "领导", "liaison": "联络员"}


class Command(BaseCommand):
    help = "新建演示数据库（数据目录中的 SQLite），载入演示数据并启动网站。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--no-serve", action="store_true", help="只建库和载入，不启动网站")

    def handle(self, *args, port: int, no_serve: bool, **options):
        path = self.database_path(settings.DATABASES["default"])
        self.check_safe_to_reset(path)
        self.reset_database(path)
        self.stdout.write(f"数据库：{path}")
        call_command("migrate", verbosity=0, interactive=False)
        demo = self.load()
        # A fresh SQLite file has no planner statistics; gather them while the loaded tables are warm.
        optimize_sqlite()
        self.print_accounts(demo)
        if not no_serve:
            connections.close_all()
            self.stdout.write(f"\n打开 http://127.0.0.1:{port}/ （Ctrl+C 停止）\n")
            self.stdout.flush()
            exec_gunicorn(host="127.0.0.1", port=port, workers=2)

    def database_path(self, db: dict) -> Path:
        """The SQLite file the demo will replace; any other database is refused, never touched."""
        if db["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError(
                "演示只使用数据目录中的 SQLite 数据库，不会改动 DATABASE_URL 指向的数据库。请取消 DATABASE_URL 后再运行。"
            )
        return Path(db["NAME"])

    def check_safe_to_reset(self, path: Path) -> None:
        """Refuse to delete a database that holds anything but demo data: a data directory used for real
        work must never be wiped by a demo."""
        if not path.exists():
            return
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
                real = conn.execute("SELECT COUNT(*) FROM plans_plan WHERE NOT is_demo").fetchone()[0]
        except sqlite3.DatabaseError:
            real = 0  # no plans table yet: nothing to lose
        if real:
            raise CommandError(
                f"{path} 中有 {real} 项非演示的工作部署，演示命令不会删除它。"
                "请用另一个数据目录运行（LUOSHI_DATA_DIR=…），或自行备份后删除该数据库。"
            )

    def reset_database(self, path: Path) -> None:
        connections.close_all()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        # Evidence files belong to the database being replaced.
        shutil.rmtree(Path(settings.MEDIA_ROOT) / "evidence", ignore_errors=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        # whitenoise warns on every start when STATIC_ROOT is missing; the demo serves from the finders.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)

    def load(self, today=None):
        demo = load_demo(today)
        self.print_loaded(demo)
        return demo

    def print_loaded(self, demo) -> None:
        self.stdout.write(
            f"已载入：{demo.plan.title}，{demo.plan.tasks.count()} 项任务，{len(demo.units)} 个责任单位，"
            f"{demo.reports} 份进度报送。"
        )
        for note in demo.notes:  # e.g. the founding report is not beside the repository
            self.stdout.write(note)
        for scene in demo.loop:
            self.stdout.write(f"督办：{scene}")

    def print_accounts(self, demo) -> None:
        self.stdout.write(f"\n演示账号（密码均为 {data.PASSWORD}）：")
        for username in ("duban", "lingdao", "jiangan"):
            person = demo.people[username]
            # Labels padded with full-width spaces so the Latin columns line up in a terminal.
            label = ROLE_LABELS[person.role].ljust(3, "\u3000")
            self.stdout.write(f"  {label}  {username:<14} {person.unit.display_name}")
        others = [p for p in demo.people.values() if p.role == "liaison" and p.username != "jiangan"]
        self.stdout.write("  其他单位联络员：")
        for person in others:
            self.stdout.write(f"  {'':\u3000<3}  {person.username:<14} {person.unit.display_name}")
        self.stdout.write("  系统管理员 sysadmin、安全管理员 secadmin、审计管理员 auditor：进入 /admin/")
        self.stdout.write(
            "  管理员登录还须输入身份验证器的 6 位验证码；把下面的密钥添加到手机上的身份验证器（TOTP）："
        )
        for username, secret in demo.secrets.items():
            self.stdout.write(f"  {'':\u3000<3}  {username:<14} {grouped(secret)}")
