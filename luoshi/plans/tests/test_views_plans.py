"""The plan list, overview (detail), create/edit, publish and archive pages."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.conftest import login
from luoshi.plans.models import Plan, Task
from luoshi.tests import factories as f


@pytest.fixture
def draft(city):
    return f.PlanFactory(deploying_unit=city, title="草稿部署", status=Plan.Status.DRAFT)


@pytest.fixture
def other_plan(other_city):
    return f.PlanFactory(deploying_unit=other_city, title="另一单位的部署")


@pytest.fixture
def tree(plan, own_unit, other_unit):
    """1 (parent) → 1.1 (red, own lead, overdue), 1.2 (green, key, other lead); 2 guidance."""
    future = datetime.date(2099, 12, 31)
    top = f.TaskFactory(
        plan=plan, code="1", title="凝心工程", weight=Decimal(2), progress=Decimal(40), deadline=future
    )
    late = f.TaskFactory(
        plan=plan,
        parent=top,
        depth=2,
        code="1.1",
        title="理论学习",
        light="red",
        deadline=datetime.date(2020, 6, 30),
        deadline_text="6月底前",
        progress=Decimal(20),
        is_overdue=True,  # as the daily refresh stores it
        days_overdue=30,
    )
    key = f.TaskFactory(
        plan=plan,
        parent=top,
        depth=2,
        code="1.2",
        title="品牌活动",
        light="green",
        tier=Task.Tier.KEY,
        progress=Decimal(60),
        deadline=future,
    )
    f.TaskFactory(plan=plan, code="2", title="坚持正确导向", is_guidance=True, deadline=None)
    f.AssignmentFactory(task=late, unit=own_unit)
    f.AssignmentFactory(task=key, unit=other_unit)
    f.AssignmentFactory(task=key, unit=own_unit, role="co")
    f.TargetFactory(task=late, metric="培训人次", target_value=Decimal(200), unit="人次")
    return {"top": top, "late": late, "key": key}


def detail(plan, **params):
    url = reverse("plans:detail", args=[plan.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


# --- list ------------------------------------------------------------------------------------------------


def test_list_shows_own_units_plans_with_figures(client, supervisor, tree, other_plan):
    r = login(client, supervisor).get(reverse("plans:list"))
    assert r.status_code == 200
    page = r.content.decode()
    assert "2025年统战工作要点" in page
    assert "另一单位的部署" not in page
    assert "新建部署" in page
    plan = r.context["plans"][0]
    # Counted tasks are the non-guidance leaves: 1.1 and 1.2.
    assert (plan.task_count, plan.green_count, plan.red_count, plan.overdue_count) == (2, 1, 1, 1)
    assert float(plan.overall_progress) == pytest.approx(40)


def test_list_progress_follows_the_plans_rollup_rule(client, supervisor, plan):
    f.TaskFactory(plan=plan, code="1", weight=Decimal(3), progress=Decimal(100))
    f.TaskFactory(plan=plan, code="2", weight=Decimal(1), progress=Decimal(0))
    r = login(client, supervisor).get(reverse("plans:list"))
    assert float(r.context["plans"][0].overall_progress) == pytest.approx(75)
    Plan.objects.filter(pk=plan.pk).update(rollup=Plan.Rollup.MEAN)
    r = client.get(reverse("plans:list"))
    assert float(r.context["plans"][0].overall_progress) == pytest.approx(50)


def test_list_issues_no_query_per_plan(client, supervisor, city, django_assert_max_num_queries):
    for _n in range(8):
        p = f.PlanFactory(deploying_unit=city)
        for i in range(3):
            f.TaskFactory(plan=p, code=str(i + 1))
    login(client, supervisor)
    with django_assert_max_num_queries(6):
        r = client.get(reverse("plans:list"))
    assert len(r.context["plans"]) == 8


def test_leader_reads_the_list_without_the_create_button(client, leader, plan):
    r = login(client, leader).get(reverse("plans:list"))
    assert r.status_code == 200
    assert plan.title in r.content.decode()
    assert "新建部署" not in r.content.decode()


@pytest.mark.parametrize("who", ["liaison", "sysadmin"])
def test_list_is_forbidden_to_liaisons_and_administrators(client, request, who):
    r = login(client, request.getfixturevalue(who)).get(reverse("plans:list"))
    assert r.status_code == 403
    assert "无权访问" in r.content.decode()


def test_anonymous_is_sent_to_login(client):
    r = client.get(reverse("plans:list"))
    assert r.status_code == 302 and "/login/" in r["Location"]


# --- create / edit ---------------------------------------------------------------------------------------


def test_create_page_renders(client, supervisor):
    r = login(client, supervisor).get(reverse("plans:create"))
    assert r.status_code == 200
    assert "报送周期" in r.content.decode()


def test_create_makes_a_draft_of_the_supervisors_unit(client, supervisor, city):
    r = login(client, supervisor).post(
        reverse("plans:create"),
        {
            "title": "2026年工作要点",
            "year": 2026,
            "kind": "annual",
            "period": "quarterly",
            "rollup": "mean",
            "starts_on": "2026-01-01",
        },
    )
    plan = Plan.objects.get(title="2026年工作要点")
    assert r.status_code == 302 and r["Location"] == reverse("plans:detail", args=[plan.pk])
    assert (plan.deploying_unit, plan.status, plan.period, plan.rollup) == (
        city,
        "draft",
        "quarterly",
        "mean",
    )
    assert plan.starts_on == datetime.date(2026, 1, 1)
    assert AuditEntry.objects.filter(action="create_plan", object_id=str(plan.pk)).exists()


def test_create_shows_errors_in_chinese_and_stores_nothing(client, supervisor):
    r = login(client, supervisor).post(reverse("plans:create"), {"title": "", "year": "abc"})
    assert r.status_code == 200
    assert not Plan.objects.exists()
    assert "errorlist" in r.content.decode()


def test_edit_changes_the_plan(client, supervisor, draft):
    url = reverse("plans:edit", args=[draft.pk])
    assert login(client, supervisor).get(url).status_code == 200
    r = client.post(
        url,
        {
            "title": "改过的标题",
            "year": 2025,
            "kind": "annual",
            "period": "monthly",
            "rollup": "weighted",
            "starts_on": "",
        },
    )
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "改过的标题"


def test_edit_refusal_from_the_service_is_shown(client, supervisor, plan):
    # A published plan cannot change its reporting period.
    r = login(client, supervisor).post(
        reverse("plans:edit", args=[plan.pk]),
        {
            "title": plan.title,
            "year": 2025,
            "kind": "annual",
            "period": "quarterly",
            "rollup": "weighted",
        },
    )
    assert r.status_code == 200
    assert "报送周期" in r.context["form"].non_field_errors()[0]


# --- detail ----------------------------------------------------------------------------------------------


def test_detail_shows_the_tree_with_units_deadlines_and_targets(client, supervisor, tree):
    r = login(client, supervisor).get(detail(tree["top"].plan))
    page = r.content.decode()
    assert r.status_code == 200
    assert [t.code for t in r.context["rows"]] == ["1", "1.1", "1.2", "2"]
    assert "2020年6月30日" in page and "6月底前" in page
    assert "培训人次 200人次" in page
    assert "江岸区" in page and "江汉区" in page
    s = r.context["summary"]
    assert (s.task_count, s.lights["red"], s.overdue_count) == (2, 1, 1)
    assert "添加任务" in page


def test_detail_orders_codes_numerically(client, supervisor, plan):
    for code in ["1", "1.10", "1.2", "10", "2"]:
        f.TaskFactory(plan=plan, code=code)
    r = login(client, supervisor).get(detail(plan))
    assert [t.code for t in r.context["rows"]] == ["1", "1.2", "1.10", "2", "10"]


def test_detail_shows_override_beside_computed(client, supervisor, tree):
    Task.objects.filter(pk=tree["key"].pk).update(
        computed_progress=Decimal(60),
        progress_override=Decimal(80),
        progress=Decimal(80),
        progress_override_note="现场核实已基本完成",
    )
    page = login(client, supervisor).get(detail(tree["top"].plan)).content.decode()
    assert "计算 60% · 调整 80%" in page
    assert "现场核实已基本完成" in page


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"unit": "OWN"}, ["1.1", "1.2"]),
        ({"unit": "OTHER"}, ["1.2"]),
        ({"tier": "key"}, ["1.2"]),
        ({"light": "red"}, ["1.1"]),
        ({"overdue": "on"}, ["1.1"]),
        ({"tier": "key", "light": "red"}, []),
    ],
)
def test_filters_narrow_the_rows(client, supervisor, tree, own_unit, other_unit, params, codes):
    ids = {"OWN": own_unit.pk, "OTHER": other_unit.pk}
    params = {k: ids.get(v, v) for k, v in params.items()}
    r = login(client, supervisor).get(detail(tree["top"].plan, **params))
    assert [t.code for t in r.context["rows"]] == codes
    assert r.context["filtered"]


def test_filtered_summary_counts_only_the_rows_shown(client, supervisor, tree):
    r = login(client, supervisor).get(detail(tree["top"].plan, tier="key"))
    s = r.context["summary"]
    assert (s.task_count, s.lights["green"], s.lights["red"]) == (1, 1, 0)
    assert s.progress == pytest.approx(60)


def test_an_invalid_filter_is_ignored(client, supervisor, tree):
    r = login(client, supervisor).get(detail(tree["top"].plan, light="purple"))
    assert r.status_code == 200
    assert len(r.context["rows"]) == 4


def test_htmx_request_gets_only_the_table_partial(client, supervisor, tree):
    r = login(client, supervisor).get(detail(tree["top"].plan, tier="key"), HTTP_HX_REQUEST="true")
    page = r.content.decode()
    assert r.status_code == 200
    assert "<html" not in page and "task-tree" in page
    assert "品牌活动" in page and "理论学习" not in page


def test_htmx_history_restore_gets_the_whole_page(client, supervisor, tree):
    r = login(client, supervisor).get(
        detail(tree["top"].plan), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in r.content.decode()


def test_detail_issues_no_query_per_task(
    client, supervisor, plan, own_unit, other_unit, django_assert_max_num_queries
):
    for i in range(30):
        t = f.TaskFactory(plan=plan, code=str(i + 1))
        f.AssignmentFactory(task=t, unit=own_unit)
        f.AssignmentFactory(task=t, unit=other_unit, role="co")
        f.TargetFactory(task=t)
    login(client, supervisor)
    # Eleven: the line filter lists the plan's lines (one query, whatever the number of tasks); and one
    # for the header's unread-notification count.
    with django_assert_max_num_queries(12):
        r = client.get(detail(plan, unit=own_unit.pk))
    assert len(r.context["rows"]) == 30


def test_leader_reads_the_detail_without_edit_controls(client, leader, tree):
    r = login(client, leader).get(detail(tree["top"].plan))
    page = r.content.decode()
    assert r.status_code == 200 and "理论学习" in page
    assert not r.context["can_edit"]
    assert "添加任务" not in page and "交办</a>" not in page


def test_other_supervisor_gets_404(client, other_supervisor, plan):
    assert login(client, other_supervisor).get(detail(plan)).status_code == 404


@pytest.mark.parametrize("who", ["liaison", "sysadmin"])
def test_detail_is_forbidden_to_liaisons_and_administrators(client, request, who, plan):
    assert login(client, request.getfixturevalue(who)).get(detail(plan)).status_code == 403


# --- publish / archive -----------------------------------------------------------------------------------


def test_publish_publishes_a_ready_draft(client, supervisor, draft, own_unit):
    t = f.TaskFactory(plan=draft, code="1")
    f.AssignmentFactory(task=t, unit=own_unit)
    r = login(client, supervisor).post(reverse("plans:publish", args=[draft.pk]))
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_publish_refusal_is_shown_as_a_message(client, supervisor, draft):
    f.TaskFactory(plan=draft, code="1")  # no lead unit
    r = login(client, supervisor).post(reverse("plans:publish", args=[draft.pk]), follow=True)
    assert "尚未指定牵头单位" in r.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publish_is_post_only(client, supervisor, draft):
    assert login(client, supervisor).get(reverse("plans:publish", args=[draft.pk])).status_code == 405


def test_archive_archives_a_published_plan(client, supervisor, plan):
    login(client, supervisor).post(reverse("plans:archive", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "archived"


# --- writes by the wrong person --------------------------------------------------------------------------

WRITES = [
    ("plans:create", False, "get"),
    ("plans:create", False, "post"),
    ("plans:edit", True, "get"),
    ("plans:edit", True, "post"),
    ("plans:publish", True, "post"),
    ("plans:archive", True, "post"),
]


def _url(name, with_pk, plan):
    return reverse(name, args=[plan.pk]) if with_pk else reverse(name)


@pytest.mark.parametrize(("name", "with_pk", "method"), WRITES)
@pytest.mark.parametrize("who", ["leader", "liaison", "sysadmin"])
def test_plan_writes_are_forbidden_to_other_roles(client, request, who, name, with_pk, method, draft):
    r = getattr(login(client, request.getfixturevalue(who)), method)(_url(name, with_pk, draft))
    assert r.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.title == "草稿部署"


@pytest.mark.parametrize(("name", "with_pk", "method"), [w for w in WRITES if w[1]])
def test_plan_writes_on_another_units_plan_are_404(client, other_supervisor, name, with_pk, method, draft):
    r = getattr(login(client, other_supervisor), method)(_url(name, with_pk, draft))
    assert r.status_code == 404
