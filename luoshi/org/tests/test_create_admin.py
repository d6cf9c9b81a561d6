"""`luoshi create_admin`: the operator makes administrator accounts on the command line, audited as the
system."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from luoshi.audit.models import AuditEntry
from luoshi.org.models import User

pytestmark = pytest.mark.django_db


def _run(monkeypatch, *args, password="an-admin-password-7"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("create_admin", *args, "--password-stdin", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_it_creates_an_administrator_and_records_it(monkeypatch, role):
    out = _run(monkeypatch, "--role", role, "--username", f"{role}2", "--display-name", "张管理")
    user = User.objects.get(username=f"{role}2")
    assert (user.role, user.is_staff, user.is_superuser, user.unit) == (role, True, False, None)
    assert user.check_password("an-admin-password-7")
    entry = AuditEntry.objects.get(action="create_administrator")
    assert (entry.actor_id, entry.actor_name, entry.object_id) == (None, "系统", str(user.pk))
    assert entry.after["role"] == role and "password" not in entry.after
    assert "已创建" in out


def test_it_refuses_a_business_role(monkeypatch):
    with pytest.raises(CommandError, match="不是管理员角色"):
        _run(monkeypatch, "--role", "supervisor", "--username", "x")
    assert not User.objects.filter(username="x").exists()


def test_it_refuses_a_taken_username(monkeypatch, sysadmin):
    with pytest.raises(CommandError, match="已存在"):
        _run(monkeypatch, "--role", "auditor", "--username", "sysadmin")
    assert User.objects.get(username="sysadmin").role == "sysadmin"


def test_it_refuses_a_weak_password(monkeypatch):
    with pytest.raises(CommandError, match="密码"):
        _run(monkeypatch, "--role", "auditor", "--username", "weak", password="123")
    assert not User.objects.filter(username="weak").exists()
    assert not AuditEntry.objects.exists()
