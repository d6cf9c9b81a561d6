"""The admin site's permission matrix (三员分立): each administrator role × each admin page × a business
account or an administrator account → the status it must get.

The rules: 系统管理员 manages units and business accounts; 安全管理员 changes business accounts (role,
password, active) and reads units; 审计管理员 reads the audit record only; nobody manages an administrator
account (those come from `luoshi create_admin`); business people do not enter the admin. A superuser
follows the same account rules and does not read the audit record. Like the project's matrix (test_permission_matrix.py), every refused
request is checked to have changed nothing but the recorded refusal, and every accepted write ("302w") to
have written an audit entry.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor, record
from luoshi.org.models import Unit, User

from .matrix import parse_table

ROLES = ("supervisor", "sysadmin", "secadmin", "auditor", "superuser")

# Sides: "biz" = a business account (or a unit / an audit entry), "adm" = an administrator account.
TABLE = """
# url name                          method side  sup  sys   sec   aud  root
admin:org_user_changelist           GET    -     302  200   200   403  200
admin:org_user_add                  GET    -     302  200   403   403  200
admin:org_user_add                  POST   -     302  302w  403   403  302w
admin:org_user_change               GET    biz   302  200   200   403  200
admin:org_user_change               GET    adm   302  200   200   403  200   # read-only view
admin:org_user_change               POST   biz   302  302w  302w  403  302w
admin:org_user_change               POST   adm   302  403   403   403  403
admin:auth_user_password_change     GET    biz   302  200   200   403  200
admin:auth_user_password_change     GET    adm   302  403   403   403  403
admin:auth_user_password_change     POST   biz   302  302w  302w  403  302w
admin:auth_user_password_change     POST   adm   302  403   403   403  403
admin:org_user_delete               POST   biz   302  302w  403   403  302w
admin:org_user_delete               POST   adm   302  403   403   403  403
admin:org_unit_add                  POST   -     302  302w  403   403  302w
admin:org_unit_change               GET    biz   302  200   200   403  200
admin:org_unit_change               POST   biz   302  302w  403   403  302w
admin:org_unit_delete               POST   biz   302  302w  403   403  302w
admin:audit_auditentry_changelist   GET    -     302  403   403   200  403
admin:audit_auditentry_change       GET    biz   302  403   403   200  403
admin:audit_auditentry_change       POST   biz   302  403   403   403  403
admin:audit_auditentry_delete       POST   biz   302  403   403   403  403
admin:audit_auditentry_add          GET    -     302  403   403   403  403
"""


def _cases():
    # parse_table counts cells against the project matrix's seven roles; pad and cut to reuse it.
    padded = "\n".join(
        line + "  -  -" if line.split() and not line.startswith("#") else line for line in TABLE.splitlines()
    )
    rows = {}
    for case in parse_table(padded.replace("# read-only view", "")):
        rows.setdefault((case.name, case.method, case.side), []).append(case.expect)
    return [
        (name, method, side, role, cells[i])
        for (name, method, side), cells in rows.items()
        for i, role in enumerate(ROLES)
    ]


CASES = _cases()


def _account_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "unit": user.unit_id or "",
        "phone": user.phone,
        "is_active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def _unit_form(unit: Unit | None, city: Unit) -> dict:
    return {
        "name": unit.name if unit else "新设单位",
        "short_name": "改名",
        "aliases": "",
        "kind": "district",
        "parent": city.pk,
        "order": 5,
    }


def _build(name, method, side, cast):
    """(url args, POST data) for one row."""
    account = cast["member"] if side == "biz" else cast["administrator"]
    password = {"password1": "a-new-password-9", "password2": "a-new-password-9", "usable_password": "true"}
    return {
        "admin:org_user_changelist": ([], {}),
        "admin:org_user_add": (
            [],
            {
                "username": "newcomer",
                "password1": "a-long-password-1",
                "password2": "a-long-password-1",
                "display_name": "新人",
                "role": "liaison",
                "unit": cast["unit"].pk,
            },
        ),
        "admin:org_user_change": ([account.pk], _account_form(account, display_name="改过的名字")),
        "admin:auth_user_password_change": ([account.pk], password),
        "admin:org_user_delete": ([account.pk], {"post": "yes"}),
        "admin:org_unit_add": ([], _unit_form(None, cast["city"])),
        "admin:org_unit_change": ([cast["unit"].pk], _unit_form(cast["unit"], cast["city"])),
        "admin:org_unit_delete": ([cast["unit"].pk], {"post": "yes"}),
        "admin:audit_auditentry_changelist": ([], {}),
        "admin:audit_auditentry_change": ([cast["entry"].pk], {"summary": "改"}),
        "admin:audit_auditentry_delete": ([cast["entry"].pk], {"post": "yes"}),
        "admin:audit_auditentry_add": ([], {}),
    }[name]


def _fingerprint() -> tuple:
    audit = AuditEntry.objects.exclude(action__in=["access_denied", "login"]).order_by("pk").values_list()
    return (
        tuple(User.objects.order_by("pk").values_list()),
        tuple(Unit.objects.order_by("pk").values_list()),
        tuple(audit),
    )


@pytest.mark.parametrize(
    ("name", "method", "side", "role", "expect"), CASES, ids=["-".join(c[:4]) for c in CASES]
)
def test_admin_permission(name, method, side, role, expect, db, client, city, supervisor, sysadmin):
    people = {
        "supervisor": supervisor,
        "sysadmin": sysadmin,
        "secadmin": User.objects.create_user("secadmin", password="x", role="secadmin", is_staff=True),
        "auditor": User.objects.create_user("auditor", password="x", role="auditor", is_staff=True),
        "superuser": User.objects.create_superuser("root", password="x"),
    }
    unit = Unit.objects.create(name="空置单位", kind="district", parent=city, order=4)
    member = User.objects.create_user("member", password="x", role="liaison", unit=city)
    cast = {
        "city": city,
        "unit": unit,
        "member": member,
        "administrator": User.objects.create_user(
            "other-admin", password="x", role="secadmin", is_staff=True
        ),
        "entry": record(Actor.system(), "admin_add_unit", unit),
    }
    args, data = _build(name, method, side, cast)
    client.force_login(people[role])
    before, audit_before = _fingerprint(), AuditEntry.objects.count()
    url = reverse(name, args=args)
    response = client.post(url, data) if method == "POST" else client.get(url)

    status = response.status_code
    assert status == int(expect.rstrip("w")), (
        f"{name} {method} {side} {role}: expected {expect}, got {status}"
    )
    if status == 302 and not expect.endswith("w"):
        assert "/admin/login/" in response["Location"]
    if not expect.endswith("w"):
        assert _fingerprint() == before, "a refused request or a GET changed stored data"
    else:
        assert AuditEntry.objects.count() > audit_before, "accepted but wrote no audit entry"
    if status == 403:
        assert AuditEntry.objects.filter(action="access_denied").count() == 1
