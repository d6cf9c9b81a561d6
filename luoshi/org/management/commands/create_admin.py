"""`luoshi create_admin --role sysadmin|secadmin|auditor --username NAME`: the operator's way to make an
administrator account (三员分立). The admin site cannot: no administrator creates or manages another
administrator's account. The act is in the audit record, by 系统.

The password is asked twice on the terminal, or read from one line of standard input with
`--password-stdin` (for scripts); it must pass the configured password validators."""

from __future__ import annotations

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from luoshi.audit.services import Actor, record, snapshot
from luoshi.org.models import User

ROLES = {r.value: r for r in User.ADMIN_ROLES}
AUDIT_FIELDS = ["username", "display_name", "role", "is_staff", "is_active"]


class Command(BaseCommand):
    help = "创建管理员账号（系统管理员、安全管理员或审计管理员）"

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, help="管理员角色：sysadmin、secadmin 或 auditor")
        parser.add_argument("--username", required=True, help="登录用户名")
        parser.add_argument("--display-name", default="", help="姓名")
        parser.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码")

    def handle(self, *args, role, username, display_name, password_stdin, **options):
        if role not in ROLES:
            raise CommandError(
                f"角色“{role}”不是管理员角色：只能是 sysadmin（系统管理员）、secadmin（安全管理员）或 auditor（审计管理员）。"
            )
        username = username.strip()
        if not username:
            raise CommandError("用户名不能为空。")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户名“{username}”已存在，请换一个。")
        password = self._password(password_stdin)
        user = User(username=username, display_name=display_name.strip(), role=role, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("密码不符合要求：" + "；".join(exc.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            record(
                Actor.system(),
                "create_administrator",
                user,
                after=snapshot(user, AUDIT_FIELDS),
                summary=f"命令行创建{ROLES[role].label}账号“{username}”",
            )
        self.stdout.write(f"已创建{ROLES[role].label}账号“{username}”。")

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\r\n")
        first = getpass.getpass("密码：")
        if first != getpass.getpass("再输入一次密码："):
            raise CommandError("两次输入的密码不一致。")
        return first
