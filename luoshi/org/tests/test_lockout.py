"""Login lockout (django-axes): 5 failures per account or per address lock it for 30 minutes."""

import pytest
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def secadmin(db):
    return User.objects.create_user("secadmin", password="x", role=User.Role.SECADMIN, is_staff=True)


def _try(client, url, username, password, address="10.0.0.7"):
    return client.post(reverse(url), {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_account_even_against_the_right_password(client, liaison):
    for n in range(5):
        _try(client, "login", "jiangan", "wrong", address=f"10.0.0.{n + 1}")
    response = _try(client, "login", "jiangan", "luoshi-test", address="10.0.0.99")
    assert not _signed_in(client)
    assert response.status_code == 403
    text = response.content.decode()
    assert "登录失败次数过多" in text and "请于" in text and "后重试" in text
    assert AuditEntry.objects.filter(action="login_locked_out").exists()
    assert AuditEntry.objects.filter(action="login_failed").count() >= 5


def test_four_failures_do_not_lock(client, liaison):
    for _ in range(4):
        _try(client, "login", "jiangan", "wrong")
    _try(client, "login", "jiangan", "luoshi-test")
    assert _signed_in(client)


def test_five_failures_from_one_address_lock_that_address(client, liaison):
    for n in range(5):
        _try(client, "login", f"nobody{n}", "wrong", address="10.9.9.9")
    _try(client, "login", "jiangan", "luoshi-test", address="10.9.9.9")
    assert not _signed_in(client)
    _try(client, "login", "jiangan", "luoshi-test", address="10.9.9.10")
    assert _signed_in(client)


def test_the_admin_login_locks_too(client, sysadmin):
    for _ in range(5):
        _try(client, "admin:login", "sysadmin", "wrong")
    response = _try(client, "admin:login", "sysadmin", "luoshi-test")
    assert not _signed_in(client)
    assert "登录失败次数过多" in response.content.decode()


def test_the_security_administrator_unlocks_an_account(client, liaison, secadmin):
    for _ in range(5):
        _try(client, "login", "jiangan", "wrong")
    client.force_login(secadmin)
    response = client.post(
        reverse("admin:org_user_changelist"),
        {"action": "unlock_accounts", "_selected_action": [liaison.pk]},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="admin_unlock_user", object_id=str(liaison.pk)).exists()
    client.logout()
    _try(client, "login", "jiangan", "luoshi-test")
    assert _signed_in(client)
