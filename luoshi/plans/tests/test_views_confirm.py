"""Publishing and archiving go through a confirmation page that says what will happen; its button posts."""

import re

import pytest
from django.urls import reverse

from luoshi.audit.services import Actor
from luoshi.conftest import login
from luoshi.plans import services
from luoshi.plans.models import Plan, Task
from luoshi.plans.views.confirm import preview
from luoshi.tests import factories as f


@pytest.fixture
def draft(city):
    return f.PlanFactory(deploying_unit=city, title="草稿部署", status=Plan.Status.DRAFT)


@pytest.fixture
def ready(draft, own_unit, other_unit):
    """1 (parent) → 1.1 led by 江岸区 with 江汉区 co-operating; 2 guidance; 3 led by 江汉区."""
    top = f.TaskFactory(plan=draft, code="1", title="凝心工程")
    child = f.TaskFactory(plan=draft, parent=top, depth=2, code="1.1", title="理论学习")
    f.TaskFactory(plan=draft, code="2", title="坚持正确导向", is_guidance=True)
    third = f.TaskFactory(plan=draft, code="3", title="品牌活动")
    f.AssignmentFactory(task=child, unit=own_unit)
    f.AssignmentFactory(task=child, unit=other_unit, role="co")
    f.AssignmentFactory(task=third, unit=other_unit)
    return draft


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_overview_links_to_the_confirmation_instead_of_posting(client, supervisor, draft, plan):
    html = login(client, supervisor).get(reverse("plans:detail", args=[draft.pk])).content.decode()
    assert reverse("plans:publish_confirm", args=[draft.pk]) in html
    assert f'action="{reverse("plans:publish", args=[draft.pk])}"' not in html
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:archive_confirm", args=[plan.pk]) in html
    assert f'action="{reverse("plans:archive", args=[plan.pk])}"' not in html


def test_publish_confirmation_counts_tasks_and_lists_units_in_official_order(client, supervisor, ready):
    r = login(client, supervisor).get(reverse("plans:publish_confirm", args=[ready.pk]))
    assert r.status_code == 200
    page = text(r)
    assert "共 4 项（其中工作要求 1 项，只作指导不交办），已交办 2 项" in page
    assert "2 个单位将收到任务" in page
    assert page.index("江岸区 1 0") < page.index("江汉区 1 1")  # lead / co counts, official order
    html = r.content.decode()
    assert f'action="{reverse("plans:publish", args=[ready.pk])}"' in html
    assert "disabled" not in html
    ready.refresh_from_db()
    assert ready.status == "draft"  # looking changes nothing


def test_publish_confirmation_names_tasks_lacking_a_lead_unit_and_disables_the_button(
    client, supervisor, ready
):
    lonely = f.TaskFactory(plan=ready, code="4", title="调研走访")
    r = login(client, supervisor).get(reverse("plans:publish_confirm", args=[ready.pk]))
    html = r.content.decode()
    assert "以下 1 项任务尚未指定牵头单位" in text(r)
    assert reverse("plans:task_assign", args=[lonely.pk]) in html
    assert re.search(r"<button[^>]*disabled[^>]*>确认发布", html)


def test_preview_blocks_on_the_same_tasks_the_service_refuses(supervisor, ready):
    f.TaskFactory(plan=ready, code="10", title="甲")
    f.TaskFactory(plan=ready, code="4", title="乙")
    f.TaskFactory(plan=ready, code="5", title="已取消", status=Task.Status.CANCELLED)
    assert [t.code for t in preview(ready).unled] == ["4", "10"]
    with pytest.raises(services.ServiceError, match="4、10|10、4"):
        services.publish_plan(Actor.system(), ready)


def test_confirming_publishes(client, supervisor, ready):
    login(client, supervisor).get(reverse("plans:publish_confirm", args=[ready.pk]))
    r = client.post(reverse("plans:publish", args=[ready.pk]))
    assert r["Location"] == reverse("plans:detail", args=[ready.pk])
    ready.refresh_from_db()
    assert ready.status == "published"


def test_publish_confirmation_of_a_published_plan_offers_no_button(client, supervisor, plan):
    r = login(client, supervisor).get(reverse("plans:publish_confirm", args=[plan.pk]))
    assert "只有草稿可以发布" in text(r)
    assert reverse("plans:publish", args=[plan.pk]) not in r.content.decode()


def test_archive_confirmation_warns_of_reports_awaiting_review(client, supervisor, plan, own_assignment):
    f.ReportFactory(assignment=own_assignment, status="submitted")
    f.ReportFactory(assignment=own_assignment, period="2025-02", status="accepted")
    r = login(client, supervisor).get(reverse("plans:archive_confirm", args=[plan.pk]))
    page = text(r)
    assert "还有 1 份进度报送等待审核" in page
    assert "1 个单位将停止报送" in page
    assert f'action="{reverse("plans:archive", args=[plan.pk])}"' in r.content.decode()
    plan.refresh_from_db()
    assert plan.status == "published"


def test_archive_confirmation_of_a_draft_offers_no_button(client, supervisor, draft):
    r = login(client, supervisor).get(reverse("plans:archive_confirm", args=[draft.pk]))
    assert "只有已发布的工作部署可以归档" in text(r)
    assert reverse("plans:archive", args=[draft.pk]) not in r.content.decode()


def test_confirmation_pages_take_a_constant_number_of_queries(
    client, supervisor, draft, plan, city, django_assert_max_num_queries
):
    units = f.UnitFactory.create_batch(20, parent=city)
    for n, unit in enumerate(units, start=1):
        for p in (draft, plan):
            t = f.TaskFactory(plan=p, code=str(n))
            f.AssignmentFactory(task=t, unit=unit)
            f.TaskFactory(plan=p, code=f"{n}0")  # unassigned
    login(client, supervisor)
    with django_assert_max_num_queries(8):  # session, user, plan, 3 preview, nav unit, unread count
        assert client.get(reverse("plans:publish_confirm", args=[draft.pk])).status_code == 200
    with django_assert_max_num_queries(9):  # and the reports awaiting review
        assert client.get(reverse("plans:archive_confirm", args=[plan.pk])).status_code == 200
