"""Task pages: add, edit (targets), delete, cancel, assign and progress override."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.conftest import login
from luoshi.plans.models import Assignment, Plan, Target, Task
from luoshi.tests import factories as f


@pytest.fixture
def draft(city):
    return f.PlanFactory(deploying_unit=city, title="草稿部署", status=Plan.Status.DRAFT)


@pytest.fixture
def draft_task(draft):
    return f.TaskFactory(plan=draft, code="1", title="深化凝心工程")


def task_data(**extra):
    data = {
        "title": "开展理论学习",
        "description": "",
        "tier": "key",
        "weight": "2",
        "deadline": "2025-06-30",
        "deadline_text": "6月底前",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-0-metric": "培训人次",
        "targets-0-target_value": "200",
        "targets-0-unit": "人次",
        "targets-1-metric": "",
        "targets-1-target_value": "",
        "targets-1-unit": "",
    }
    data.update(extra)
    return data


def test_add_page_renders_with_parent_preselected(client, supervisor, draft, draft_task):
    r = login(client, supervisor).get(reverse("plans:task_add", args=[draft.pk]) + f"?parent={draft_task.pk}")
    assert r.status_code == 200
    assert str(r.context["form"]["parent"].value()) == str(draft_task.pk)


def test_add_creates_a_child_task_with_targets(client, supervisor, draft, draft_task):
    r = login(client, supervisor).post(
        reverse("plans:task_add", args=[draft.pk]), task_data(parent=draft_task.pk)
    )
    assert r.status_code == 302
    task = Task.objects.get(title="开展理论学习")
    assert (task.parent, task.code, task.tier, task.weight) == (draft_task, "1.1", "key", Decimal(2))
    assert (task.deadline, task.deadline_text) == (datetime.date(2025, 6, 30), "6月底前")
    assert list(task.targets.values_list("metric", "target_value", "unit")) == [
        ("培训人次", Decimal(200), "人次")
    ]


def test_add_then_assign_goes_to_the_assign_page(client, supervisor, draft):
    r = login(client, supervisor).post(reverse("plans:task_add", args=[draft.pk]), task_data(assign="1"))
    task = Task.objects.get(title="开展理论学习")
    assert r["Location"] == reverse("plans:task_assign", args=[task.pk])


def test_add_rejects_a_target_without_value(client, supervisor, draft):
    r = login(client, supervisor).post(
        reverse("plans:task_add", args=[draft.pk]), task_data(**{"targets-0-target_value": ""})
    )
    assert r.status_code == 200
    assert "请填写目标值" in r.content.decode()
    assert not Task.objects.exists()


def test_edit_updates_fields_and_keeps_target_identity(client, supervisor, draft_task):
    target = f.TargetFactory(task=draft_task, metric="培训人次", target_value=Decimal(100))
    url = reverse("plans:task_edit", args=[draft_task.pk])
    assert login(client, supervisor).get(url).status_code == 200
    r = client.post(
        url,
        task_data(
            **{
                "targets-TOTAL_FORMS": "2",
                "targets-INITIAL_FORMS": "1",
                "targets-0-id": target.pk,
                "targets-0-target_value": "300",
            }
        ),
    )
    assert r.status_code == 302
    draft_task.refresh_from_db()
    assert draft_task.title == "开展理论学习"
    assert list(draft_task.targets.values_list("pk", "target_value")) == [(target.pk, Decimal(300))]


def test_edit_can_delete_a_target(client, supervisor, draft_task):
    target = f.TargetFactory(task=draft_task)
    login(client, supervisor).post(
        reverse("plans:task_edit", args=[draft_task.pk]),
        task_data(
            **{
                "targets-INITIAL_FORMS": "1",
                "targets-0-id": target.pk,
                "targets-0-DELETE": "on",
            }
        ),
    )
    assert not Target.objects.exists()


def test_delete_needs_confirmation(client, supervisor, draft_task):
    r = login(client, supervisor).post(reverse("plans:task_delete", args=[draft_task.pk]), follow=True)
    assert "请勾选确认" in r.content.decode()
    assert Task.objects.filter(pk=draft_task.pk).exists()


def test_delete_removes_a_draft_task_and_its_subtree(client, supervisor, draft_task):
    f.TaskFactory(plan=draft_task.plan, parent=draft_task, code="1.1")
    r = login(client, supervisor).post(reverse("plans:task_delete", args=[draft_task.pk]), {"confirm": "on"})
    assert r["Location"] == reverse("plans:detail", args=[draft_task.plan_id])
    assert not Task.objects.exists()


def test_delete_in_a_published_plan_is_refused_with_a_message(client, supervisor, task):
    r = login(client, supervisor).post(
        reverse("plans:task_delete", args=[task.pk]), {"confirm": "on"}, follow=True
    )
    assert "取消该任务" in r.content.decode()
    assert Task.objects.filter(pk=task.pk).exists()


def test_cancel_cancels_a_published_task(client, supervisor, task):
    r = login(client, supervisor).post(reverse("plans:task_cancel", args=[task.pk]), {"note": "合并到任务2"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.status == "cancelled"


def test_cancel_needs_a_reason(client, supervisor, task):
    login(client, supervisor).post(reverse("plans:task_cancel", args=[task.pk]), {"note": ""})
    task.refresh_from_db()
    assert task.status == "active"


def test_assign_page_groups_units_and_ticks_current(client, supervisor, task, own_unit, other_unit, city):
    f.AssignmentFactory(task=task, unit=own_unit)
    r = login(client, supervisor).get(reverse("plans:task_assign", args=[task.pk]))
    assert r.status_code == 200
    groups = dict(r.context["groups"])
    assert [row["unit"] for row in groups["区"]] == [own_unit, other_unit]
    assert [row["lead"] for row in groups["区"]] == [True, False]
    assert "部门" in groups  # the deploying unit itself may lead


def test_assign_sets_lead_and_co_units(client, supervisor, task, own_unit, other_unit):
    r = login(client, supervisor).post(
        reverse("plans:task_assign", args=[task.pk]), {"lead": [own_unit.pk], "co": [other_unit.pk]}
    )
    assert r.status_code == 302
    assert set(task.assignments.values_list("unit", "role")) == {(own_unit.pk, "lead"), (other_unit.pk, "co")}


def test_assign_rejects_a_unit_both_lead_and_co(client, supervisor, task, own_unit):
    r = login(client, supervisor).post(
        reverse("plans:task_assign", args=[task.pk]), {"lead": [own_unit.pk], "co": [own_unit.pk]}
    )
    assert r.status_code == 200
    assert "同一单位不能既牵头又配合" in r.content.decode()
    assert not Assignment.objects.exists()


def test_assign_rejects_a_unit_outside_the_deploying_units_tree(client, supervisor, task, other_city):
    r = login(client, supervisor).post(
        reverse("plans:task_assign", args=[task.pk]), {"lead": [other_city.pk]}
    )
    assert r.status_code == 200
    assert not Assignment.objects.exists()


def test_override_sets_and_clears_progress(client, supervisor, task):
    url = reverse("plans:task_override", args=[task.pk])
    r = login(client, supervisor).post(url, {"progress": "80", "note": "现场核实"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert (task.progress_override, task.progress_override_note, task.progress) == (
        Decimal(80),
        "现场核实",
        Decimal(80),
    )
    client.post(url, {"progress": "", "note": ""})
    task.refresh_from_db()
    assert task.progress_override is None and task.progress == task.computed_progress


def test_override_needs_a_note(client, supervisor, task):
    r = login(client, supervisor).post(
        reverse("plans:task_override", args=[task.pk]), {"progress": "80", "note": ""}, follow=True
    )
    assert "请写明理由" in r.content.decode()
    task.refresh_from_db()
    assert task.progress_override is None


def test_override_rejects_more_than_100(client, supervisor, task):
    login(client, supervisor).post(
        reverse("plans:task_override", args=[task.pk]), {"progress": "120", "note": "x"}
    )
    task.refresh_from_db()
    assert task.progress_override is None


# --- the wrong person ------------------------------------------------------------------------------------

TASK_WRITES = [
    ("plans:task_edit", "get"),
    ("plans:task_edit", "post"),
    ("plans:task_assign", "get"),
    ("plans:task_assign", "post"),
    ("plans:task_override", "post"),
    ("plans:task_delete", "post"),
    ("plans:task_cancel", "post"),
]


@pytest.mark.parametrize(("name", "method"), TASK_WRITES)
@pytest.mark.parametrize("who", ["leader", "liaison", "sysadmin"])
def test_task_writes_are_forbidden_to_other_roles(client, request, who, name, method, task):
    data = {"progress": "50", "note": "x", "confirm": "on"}
    r = getattr(login(client, request.getfixturevalue(who)), method)(reverse(name, args=[task.pk]), data)
    assert r.status_code == 403
    task.refresh_from_db()
    assert task.status == "active" and task.progress_override is None


@pytest.mark.parametrize(("name", "method"), TASK_WRITES)
def test_task_writes_on_another_units_plan_are_404(client, other_supervisor, name, method, task):
    data = {"progress": "50", "note": "x", "confirm": "on"}
    r = getattr(login(client, other_supervisor), method)(reverse(name, args=[task.pk]), data)
    assert r.status_code == 404


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("liaison", 403), ("other_supervisor", 404)])
def test_task_add_is_refused_to_others(client, request, who, status, plan):
    r = login(client, request.getfixturevalue(who)).post(
        reverse("plans:task_add", args=[plan.pk]), task_data()
    )
    assert r.status_code == status
    assert not Task.objects.exists()
