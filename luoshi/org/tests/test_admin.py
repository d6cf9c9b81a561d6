"""Django admin serves the three administrators by role, and holds no business data."""

import pytest
from django.contrib import admin
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor, record
from luoshi.org.models import User
from luoshi.plans.models import Assignment, Plan, Target, Task
from luoshi.reports.models import Evidence, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def secadmin(db):
    return User.objects.create_user("secadmin", password="x", role=User.Role.SECADMIN, is_staff=True)


@pytest.fixture
def auditor(db):
    return User.objects.create_user("auditor", password="x", role=User.Role.AUDITOR, is_staff=True)


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_business_models_are_not_in_the_admin():
    for model in (Plan, Task, Target, Assignment, Report, Evidence):
        assert not admin.site.is_registered(model), model


def test_sysadmin_manages_accounts_and_units(client, sysadmin, liaison):
    assert _get(client, sysadmin, "admin:org_user_changelist").status_code == 200
    assert _get(client, sysadmin, "admin:org_user_change", liaison.pk).status_code == 200
    assert _get(client, sysadmin, "admin:org_unit_add").status_code == 200
    assert _get(client, sysadmin, "admin:audit_auditentry_changelist").status_code == 403


def test_secadmin_changes_accounts_but_adds_none(client, secadmin, liaison):
    assert _get(client, secadmin, "admin:org_user_change", liaison.pk).status_code == 200
    assert _get(client, secadmin, "admin:org_user_add").status_code == 403
    assert _get(client, secadmin, "admin:org_unit_add").status_code == 403


def test_auditor_reads_the_audit_record_and_nothing_else(client, auditor, sysadmin, supervisor, plan):
    entry = record(Actor(supervisor), "publish_plan", plan)
    assert _get(client, auditor, "admin:audit_auditentry_changelist").status_code == 200
    assert _get(client, auditor, "admin:audit_auditentry_change", entry.pk).status_code == 200
    assert _get(client, auditor, "admin:audit_auditentry_add").status_code == 403
    assert _get(client, auditor, "admin:audit_auditentry_delete", entry.pk).status_code == 403
    assert _get(client, auditor, "admin:org_user_changelist").status_code == 403
    response = client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"summary": "改"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.summary == ""


def test_business_people_cannot_enter_the_admin(client, supervisor, leader, liaison):
    for user in (supervisor, leader, liaison):
        response = _get(client, user, "admin:index")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_saving_an_account_sets_staff_from_the_role_and_is_audited(client, sysadmin, own_unit):
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:org_user_add"),
        {
            "username": "newliaison",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
            "display_name": "新联络员",
            "role": "liaison",
            "unit": own_unit.pk,
            "phone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newliaison")
    assert (user.role, user.unit, user.is_staff, user.is_superuser) == ("liaison", own_unit, False, False)
    entry = AuditEntry.objects.get(action="admin_add_user")
    assert entry.actor == sysadmin and entry.object_id == str(user.pk)
    assert "password" not in entry.after
