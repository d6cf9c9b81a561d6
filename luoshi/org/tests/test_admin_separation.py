"""三员分立: no administrator grants what their role does not hold, and none manages another
administrator's account; administrator accounts come from the operator's command line. Every act in the
admin is in the audit record with before and after."""

import pytest
from django.contrib import admin
from django.contrib.auth.hashers import check_password
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.org.models import Unit, User

pytestmark = pytest.mark.django_db

ADMIN_ROLES = ("sysadmin", "secadmin", "auditor")


@pytest.fixture
def secadmin(db):
    return User.objects.create_user("secadmin", password="old-secret-1", role="secadmin", is_staff=True)


@pytest.fixture
def auditor(db):
    return User.objects.create_user("auditor", password="old-secret-1", role="auditor", is_staff=True)


def _new_account(role: str, unit=None) -> dict:
    return {
        "username": f"new-{role}",
        "password1": "a-long-password-1",
        "password2": "a-long-password-1",
        "display_name": "新账号",
        "role": role,
        "unit": unit.pk if unit else "",
        "phone": "",
    }


def _account_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "unit": user.unit_id or "",
        "phone": user.phone,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_sysadmin_cannot_create_an_administrator_account(client, sysadmin, role):
    client.force_login(sysadmin)
    page = client.get(reverse("admin:org_user_add")).content.decode()
    assert f'value="{role}"' not in page  # not offered …
    response = client.post(reverse("admin:org_user_add"), _new_account(role))  # … and a forged value fails
    assert response.status_code in (200, 403)
    assert not User.objects.filter(username=f"new-{role}").exists()


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_secadmin_cannot_make_an_account_an_administrator(client, secadmin, liaison, role):
    client.force_login(secadmin)
    page = client.get(reverse("admin:org_user_change", args=[liaison.pk])).content.decode()
    assert f'value="{role}"' not in page
    response = client.post(
        reverse("admin:org_user_change", args=[liaison.pk]), _account_form(liaison, role=role)
    )
    assert response.status_code in (200, 403)
    liaison.refresh_from_db()
    assert (liaison.role, liaison.is_staff) == ("liaison", False)


def test_secadmin_may_still_change_a_business_role(client, secadmin, liaison):
    client.force_login(secadmin)
    form = _account_form(liaison, role="supervisor")
    response = client.post(reverse("admin:org_user_change", args=[liaison.pk]), form)
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert liaison.role == "supervisor"
    entry = AuditEntry.objects.get(action="admin_change_user")
    assert (entry.before["role"], entry.after["role"], entry.actor_id) == (
        "liaison",
        "supervisor",
        secadmin.pk,
    )


def test_saving_an_administrator_role_is_refused_even_past_the_form(rf_admin_request, sysadmin, liaison):
    """The form's choices are one guard; save_model checks again, whatever form reaches it."""
    model_admin = admin.site._registry[User]
    request = rf_admin_request(sysadmin)
    liaison.role = "auditor"
    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, liaison, form=None, change=True)
    newcomer = User(username="forged", role="sysadmin")
    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, newcomer, form=None, change=False)
    assert not User.objects.filter(username="forged").exists()
    liaison.refresh_from_db()
    assert liaison.role == "liaison"


@pytest.mark.parametrize("actor_name", ["sysadmin", "secadmin"])
def test_no_administrator_edits_another_administrators_account(client, request, actor_name, auditor):
    acting = request.getfixturevalue(actor_name)
    client.force_login(acting)
    url = reverse("admin:org_user_change", args=[auditor.pk])
    response = client.post(url, _account_form(auditor, display_name="改名", is_active=""))
    assert response.status_code == 403
    auditor.refresh_from_db()
    assert auditor.display_name == "" and auditor.is_active


@pytest.mark.parametrize("actor_name", ["sysadmin", "secadmin"])
def test_no_administrator_resets_another_administrators_password(client, request, actor_name, auditor):
    acting = request.getfixturevalue(actor_name)
    client.force_login(acting)
    url = reverse("admin:auth_user_password_change", args=[auditor.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"password1": "taken-over-1", "password2": "taken-over-1", "usable_password": "true"}
    )
    assert response.status_code == 403
    auditor.refresh_from_db()
    assert check_password("old-secret-1", auditor.password)


def test_no_administrator_deletes_another_administrators_account(client, sysadmin, auditor, secadmin):
    client.force_login(sysadmin)
    response = client.post(reverse("admin:org_user_delete", args=[auditor.pk]), {"post": "yes"})
    assert response.status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [secadmin.pk], "post": "yes"}
    client.post(reverse("admin:org_user_changelist"), bulk)
    assert User.objects.filter(pk__in=[auditor.pk, secadmin.pk]).count() == 2


def test_a_superuser_does_not_manage_administrator_accounts_either(client, auditor):
    root = User.objects.create_superuser("root", password="x")
    client.force_login(root)
    response = client.post(
        reverse("admin:org_user_change", args=[auditor.pk]), _account_form(auditor, role="liaison")
    )
    assert response.status_code == 403
    auditor.refresh_from_db()
    assert auditor.role == "auditor"


def test_a_password_reset_is_audited(client, secadmin, liaison):
    client.force_login(secadmin)
    url = reverse("admin:auth_user_password_change", args=[liaison.pk])
    response = client.post(
        url, {"password1": "a-new-password-9", "password2": "a-new-password-9", "usable_password": "true"}
    )
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert check_password("a-new-password-9", liaison.password)
    entry = AuditEntry.objects.get(action="admin_reset_password")
    assert (entry.actor_id, entry.object_id) == (secadmin.pk, str(liaison.pk))
    assert "a-new-password-9" not in entry.payload and liaison.password not in entry.payload


def test_changing_ones_own_password_is_audited(client, secadmin):
    client.force_login(secadmin)
    response = client.post(
        reverse("admin:password_change"),
        {
            "old_password": "old-secret-1",
            "new_password1": "a-new-password-9",
            "new_password2": "a-new-password-9",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="change_own_password")
    assert (entry.actor_id, entry.object_id) == (secadmin.pk, str(secadmin.pk))


def test_deactivating_and_reactivating_an_account_is_audited(client, secadmin, liaison):
    client.force_login(secadmin)
    url = reverse("admin:org_user_change", args=[liaison.pk])
    assert client.post(url, _account_form(liaison, is_active="")).status_code == 302
    liaison.refresh_from_db()
    assert client.post(url, _account_form(liaison, is_active="on")).status_code == 302
    off, on = AuditEntry.objects.filter(action__in=["admin_deactivate_user", "admin_activate_user"]).order_by(
        "seq"
    )
    assert (off.action, off.before["is_active"], off.after["is_active"]) == (
        "admin_deactivate_user",
        True,
        False,
    )
    assert (on.action, on.before["is_active"], on.after["is_active"]) == ("admin_activate_user", False, True)


def test_unit_acts_are_audited_with_before_and_after(client, sysadmin, city):
    client.force_login(sysadmin)
    form = {
        "name": "硚口区委统战部",
        "short_name": "硚口区",
        "aliases": "",
        "kind": "district",
        "parent": city.pk,
        "order": 3,
    }
    assert client.post(reverse("admin:org_unit_add"), form).status_code == 302
    unit = Unit.objects.get(name="硚口区委统战部")
    changed = {**form, "short_name": "硚口"}
    assert client.post(reverse("admin:org_unit_change", args=[unit.pk]), changed).status_code == 302
    bulk = {"action": "delete_selected", "_selected_action": [unit.pk], "post": "yes"}
    assert client.post(reverse("admin:org_unit_changelist"), bulk).status_code == 302
    assert not Unit.objects.filter(pk=unit.pk).exists()
    add, change, delete = (
        AuditEntry.objects.get(action=a) for a in ("admin_add_unit", "admin_change_unit", "admin_delete_unit")
    )
    assert add.after["short_name"] == "硚口区" and add.before is None
    assert (change.before["short_name"], change.after["short_name"]) == ("硚口区", "硚口")
    assert delete.before["name"] == "硚口区委统战部" and delete.object_id == str(unit.pk)


def test_deleting_accounts_in_bulk_is_audited(client, sysadmin, own_unit):
    from luoshi.tests import factories as f

    people = [f.UserFactory(role="liaison", unit=own_unit) for _ in range(2)]
    client.force_login(sysadmin)
    bulk = {"action": "delete_selected", "_selected_action": [p.pk for p in people], "post": "yes"}
    assert client.post(reverse("admin:org_user_changelist"), bulk).status_code == 302
    deleted = AuditEntry.objects.filter(action="admin_delete_user")
    assert sorted(int(e.object_id) for e in deleted) == sorted(p.pk for p in people)
    assert all(e.before["username"] for e in deleted)


@pytest.fixture
def rf_admin_request():
    def build(user):
        request = RequestFactory().post("/admin/", REMOTE_ADDR="10.9.9.9")
        request.user = user
        return request

    return build
