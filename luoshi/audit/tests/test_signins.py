"""Signing in, signing out, failed sign-ins and refused requests are in the audit record."""

import pytest
from django.urls import reverse

from luoshi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_login_is_recorded_with_the_address(client, liaison):
    response = client.post(
        reverse("login"), {"username": "jiangan", "password": "luoshi-test"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="login")
    assert (entry.actor_id, entry.ip, entry.object_id) == (liaison.pk, "10.1.2.3", str(liaison.pk))


def test_a_failed_login_names_the_username_tried(client, liaison):
    client.post(reverse("login"), {"username": "jiangan", "password": "wrong"}, REMOTE_ADDR="10.1.2.4")
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"}, REMOTE_ADDR="10.1.2.4")
    known, unknown = AuditEntry.objects.filter(action="login_failed").order_by("seq")
    assert known.after == {"username": "jiangan", "account_exists": True}
    assert known.object_id == str(liaison.pk) and known.ip == "10.1.2.4"
    assert known.actor_id is None and known.actor_name == "匿名访问者"
    assert unknown.after == {"username": "nobody", "account_exists": False} and unknown.object_id == ""
    assert "wrong" not in known.payload + unknown.payload  # never the password
    assert not AuditEntry.objects.filter(action="login").exists()


def test_a_logout_is_recorded(client, liaison):
    client.force_login(liaison)
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.5")
    entry = AuditEntry.objects.get(action="logout")
    assert (entry.actor_id, entry.ip) == (liaison.pk, "10.1.2.5")


def test_a_refused_page_records_who_what_and_why(client, liaison):
    client.force_login(liaison)
    response = client.get(reverse("plans:list") + "?year=2025", REMOTE_ADDR="10.1.2.6")
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="access_denied")
    assert (entry.actor_id, entry.ip) == (liaison.pk, "10.1.2.6")
    assert entry.after["method"] == "GET" and entry.after["path"] == "/plans/?year=2025"
    assert "联络员" in entry.after["reason"] and "督办员" in entry.after["reason"]


def test_a_refusal_in_the_admin_is_recorded_too(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get(reverse("admin:audit_auditentry_changelist"))
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="access_denied")
    assert entry.actor_id == sysadmin.pk and entry.after["path"] == "/admin/audit/auditentry/"
