"""`luoshi reset_second_factor --username NAME`: the operator's way to reset an administrator's second
factor (the admin site's 安全管理员 resets business accounts only: no administrator manages another's
account). The authenticator and recovery codes are deleted, the account's sessions ended, and the act is
in the audit record, by 系统; at the next login the account sets up a new authenticator."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from luoshi.audit.services import Actor
from luoshi.org import twofactor
from luoshi.org.models import User


class Command(BaseCommand):
    help = "重置一个账号的双因素验证（删除身份验证器和恢复码，注销其全部会话）"

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="登录用户名")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username.strip()).first()
        if user is None:
            raise CommandError(f"没有用户名为“{username}”的账号。")
        twofactor.reset(Actor.system(), user, f"命令行重置用户“{username}”的双因素验证")
        self.stdout.write(f"已重置账号“{username}”的双因素验证；下次登录时须重新设置身份验证器。")
