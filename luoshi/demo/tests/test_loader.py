"""The demo loads the founding meeting's plan, the city's units and accounts, and months of progress,
through the services (so the audit record is there), with every state a page can show."""

from base64 import b32decode
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.demo import data
from luoshi.demo.loader import deadline_for, load_demo
from luoshi.demo.management.commands.demo import Command
from luoshi.org.models import Unit, User
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.reports.models import Evidence, Report
from luoshi.tests.shared import shared_path

DEMO_DAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for the module (it takes seconds) and rolled back afterwards; two months of reports
    show every state as well as five do."""
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = load_demo(DEMO_DAY, history_months=2)
        yield loaded
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_it_loads_units_in_official_order(demo):
    names = list(Unit.objects.exclude(pk=demo.city.pk).official_order().values_list("short_name", flat=True))
    assert names[:12] == [
        "江岸区",
        "江汉区",
        "硚口区",
        "汉阳区",
        "武昌区",
        "青山区",
        "洪山区",
        "东西湖区",
        "蔡甸区",
        "江夏区",
        "黄陂区",
        "新洲区",
    ]
    assert names[12:16] == ["武汉经开区（汉南区）", "东湖高新区", "东湖风景区", "长江新区"]
    assert {"市民宗委", "市工商联", "市侨联", "市台办", "市社会主义学院"} <= set(names[16:])
    assert all(u.parent_id == demo.city.pk for u in demo.units.values())
    # Below the districts, their streets and communities (上下联动, luoshi/demo/cascade.py).
    below = Unit.objects.exclude(pk=demo.city.pk).exclude(pk__in=[u.pk for u in demo.units.values()])
    assert below and all(u.kind in (Unit.Kind.STREET, Unit.Kind.COMMUNITY) for u in below)


def test_the_three_demo_accounts_log_in_with_the_demo_password(demo, settings):
    # The demo was hashed with the default hasher, before the test cast's fast one was switched on.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    expected = {
        "duban": ("supervisor", "武汉市委统战部"),
        "lingdao": ("leader", "武汉市委统战部"),
        "jiangan": ("liaison", "江岸区"),
    }
    for username, (role, unit) in expected.items():
        # django-axes counts logins per request: authentication always comes with one.
        request = RequestFactory().post("/login/")
        user = authenticate(request, username=username, password=data.PASSWORD)
        assert user is not None, username
        assert (user.role, user.unit.short_name) == (role, unit)


def test_demo_accounts_are_demo_data_exempt_from_the_forced_password_change(demo, client):
    accounts = User.objects.all()
    assert accounts and all(user.is_demo for user in accounts)
    client.force_login(User.objects.get(username="jiangan"))
    assert client.get(reverse("reports:my_tasks")).status_code == 200


def test_every_unit_has_one_liaison(demo):
    counts = Counter(User.objects.filter(role=User.Role.LIAISON).values_list("unit_id", flat=True))
    below = {u.pk for u in demo.cascade.units.values()}  # streets and communities (上下联动)
    assert set(counts) == {u.pk for u in demo.units.values()} | below
    assert set(counts.values()) == {1}


def test_administrators_are_staff_without_a_unit(demo):
    for username, role in [("sysadmin", "sysadmin"), ("secadmin", "secadmin"), ("auditor", "auditor")]:
        user = User.objects.get(username=username)
        assert (user.role, user.is_staff, user.is_superuser, user.unit) == (role, True, False, None)
    assert not User.objects.exclude(role__in=User.ADMIN_ROLES).filter(is_staff=True).exists()


def test_the_four_projects_are_the_task_lines_and_the_rest_is_guidance(demo):
    top = list(Task.objects.filter(plan=demo.plan, parent=None).order_by("position"))
    lines = [t for t in top if not t.is_guidance]
    assert [t.code for t in lines] == ["1", "2", "3", "4"]
    for task, word in zip(lines, ["凝心", "聚力", "固本", "强基"], strict=True):
        assert f"“{word}”工程" in task.title
        assert task.children.exists()
    guidance = [t for t in top if t.is_guidance]
    assert ["四个重点" in guidance[0].title, "四个导向" in guidance[1].title] == [True, True]
    for g in guidance:
        assert g.children.count() == 4
        assert not Assignment.objects.filter(task__in=g.children.all()).exists()


def test_tasks_have_tiers_deadlines_as_written_and_targets(demo):
    tasks = Task.objects.filter(plan=demo.plan, is_guidance=False)
    assert set(tasks.values_list("tier", flat=True)) == {"routine", "key", "highlight"}
    for task in tasks:
        assert task.deadline == deadline_for(task.deadline_text, demo.plan.year)
    assert {"6月底前", "年底前"} <= set(tasks.values_list("deadline_text", flat=True))
    assert tasks.filter(targets__isnull=False).distinct().count() >= 5


def test_plan_and_reports_are_published_demo_data_of_this_year(demo):
    # The other plans are the demo's 督办事项 (luoshi.items), its risk register (luoshi.registers) and the
    # sub-plans cascaded from it (逐级分解).
    plan = Plan.objects.exclude(kind=Plan.Kind.RISK).get(item__isnull=True, cascaded_from__isnull=True)
    assert (plan.status, plan.is_demo, plan.year) == ("published", True, DEMO_DAY.year)
    assert not Plan.objects.filter(is_demo=False).exists()
    assert Report.objects.count() > 50
    assert not Report.objects.filter(is_demo=False).exists()


def test_everything_went_through_the_services_so_the_audit_record_has_it(demo):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "create_plan",
        "add_task",
        "assign",
        "publish_plan",
        "acknowledge",
        "submit_report",
        "return_report",
        "accept_report",
    } <= actions
    people = dict(User.objects.values_list("username", "pk"))
    assert AuditEntry.objects.filter(action="accept_report", actor_id=people["duban"]).exists()
    assert AuditEntry.objects.filter(action="submit_report", actor_id=people["jiangan"]).exists()


def test_reports_and_lights_show_every_state(demo):
    assert set(Report.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "accepted",
    }
    assert set(Assignment.objects.values_list("light", flat=True)) == {"green", "yellow", "red"}
    assert Evidence.objects.exists()


def test_jiangan_walks_through_every_scene(demo):
    mine = Assignment.objects.filter(unit=demo.units["jiangan"]).select_related("task")
    by_title = {a.task.title: a for a in mine}

    def find(prefix):
        return next(a for title, a in by_title.items() if title.startswith(prefix))

    assert not find("参与美好环境").is_acknowledged
    assert find("服务引领").latest_report_status == "returned"
    assert find("把牢").returns_in_a_row == 2
    overdue = find("开展统战领域安全风险排查")
    assert (overdue.light, overdue.task.deadline < DEMO_DAY, overdue.progress < 100) == ("red", True, True)
    assert mine.filter(latest_report_status="submitted").exists()


def test_the_command_prints_the_accounts(demo):
    out = StringIO()
    Command(stdout=out).print_accounts(demo)
    text = out.getvalue()
    assert data.PASSWORD in text
    for username in ["duban", "lingdao", "jiangan", "jianghan", "sheyuan", "sysadmin"]:
        assert username in text


def test_the_administrators_get_an_authenticator_whose_secret_is_printed(demo, client, settings):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    out = StringIO()
    Command(stdout=out).print_accounts(demo)
    text = out.getvalue().replace(" ", "")
    assert set(demo.secrets) == {"sysadmin", "secadmin", "auditor"}
    for username, secret in demo.secrets.items():
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        assert secret in text and b32decode(secret) == device.bin_key
    # The printed secret is all the demo needs: password, then the code it gives.
    settings.TWO_FACTOR = "required"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    client.post(reverse("login"), {"username": "secadmin", "password": data.PASSWORD})
    assert client.get(reverse("admin:index")).status_code == 302
    code = TOTP(b32decode(demo.secrets["secadmin"])).token()
    client.post(reverse("second_factor_verify"), {"code": f"{code:06d}"})
    assert client.get(reverse("admin:index")).status_code == 200


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def test_every_task_points_at_its_sentence_in_the_founding_report(demo, client):
    text = shared_path("corpus/dev/wuhan-tongzhan-2023.txt").read_text(encoding="utf-8")
    assert demo.plan.source_text == text and not demo.notes
    tasks = list(Task.objects.filter(plan=demo.plan))
    assert len(tasks) == 39
    for task in tasks:
        assert task.source_start is not None and task.source_end > task.source_start, task.title
        assert _pairs(task.title) & _pairs(text[task.source_start : task.source_end]), task.title
    spans = Counter((t.parent_id, t.source_start, t.source_end) for t in tasks)
    assert max(spans.values()) == 1  # no two sub-tasks of one task point at the same words
    by_title = {t.title: t for t in tasks}
    assert (
        "建设“清廉机关”"
        in text[by_title["建设“清廉机关”"].source_start : by_title["建设“清廉机关”"].source_end]
    )

    client.force_login(demo.people["duban"])
    page = client.get(reverse("plans:detail", args=[demo.plan.pk])).content.decode()
    assert page.count('<details class="source"><summary>原文</summary>') == 39
