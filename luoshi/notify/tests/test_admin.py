"""Unit contacts (分管领导, group robot) are kept by the 系统管理员 in the admin site, audited."""

from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.notify.models import UnitContact


def test_the_system_administrator_adds_a_units_leader_in_charge(client, sysadmin, own_unit):
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:notify_unitcontact_add"),
        {
            "unit": own_unit.pk,
            "leader_name": "王副部长",
            "leader_email": "wang@example.cn",
            "wecom_webhook": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = UnitContact.objects.get()
    assert (contact.unit, contact.leader_name) == (own_unit, "王副部长")
    assert AuditEntry.objects.filter(action="admin_add_unitcontact").exists()


def test_business_roles_do_not_keep_contacts(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("admin:notify_unitcontact_changelist")).status_code in (302, 403)


def test_a_webhook_must_be_a_url(client, sysadmin, own_unit):
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:notify_unitcontact_add"),
        {
            "unit": own_unit.pk,
            "leader_name": "王",
            "leader_email": "",
            "wecom_webhook": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200 and not UnitContact.objects.exists()
