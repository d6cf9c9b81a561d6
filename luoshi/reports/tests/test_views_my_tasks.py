"""我的任务: the liaison's own unit's assignments, with filters, and no query per row."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.conftest import login
from luoshi.tests import factories as f

URL = reverse("reports:my_tasks")


def test_it_lists_own_units_assignments_only(client, liaison, own_assignment, other_assignment):
    response = login(client, liaison).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert own_assignment.task.title in body
    assert other_assignment.task.title not in body
    assert "2025年12月31日" in body


@pytest.mark.parametrize("role", ["supervisor", "leader", "sysadmin"])
def test_it_refuses_other_roles(client, request, role):
    response = login(client, request.getfixturevalue(role)).get(URL)
    assert response.status_code == 403


def test_it_sends_anonymous_visitors_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_it_hides_draft_plans(client, liaison, own_assignment, city):
    draft_plan = f.PlanFactory(deploying_unit=city, status="draft")
    hidden = f.AssignmentFactory(task=f.TaskFactory(plan=draft_plan, title="草稿里的任务"), unit=liaison.unit)
    body = login(client, liaison).get(URL).content.decode()
    assert hidden.task.title not in body


def test_it_sorts_tasks_by_code_as_numbers(client, liaison, plan):
    for code in ["10", "2", "1.10", "1.9"]:
        f.AssignmentFactory(
            task=f.TaskFactory(plan=plan, code=code, title=f"任务{code}号"), unit=liaison.unit
        )
    body = login(client, liaison).get(URL).content.decode()
    positions = [body.index(f"任务{code}号") for code in ["1.9", "1.10", "2", "10"]]
    assert positions == sorted(positions)


def test_it_highlights_a_returned_report_with_its_reason(client, liaison, own_assignment):
    own_assignment.acknowledged_at = timezone.now()
    own_assignment.save()
    f.ReportFactory(assignment=own_assignment, status="returned", return_reason="缺少活动照片")
    body = login(client, liaison).get(URL).content.decode()
    assert "row-returned" in body
    assert "退回理由：缺少活动照片" in body
    assert "修改重报" in body


def test_the_returned_filter_keeps_a_rework_in_progress(client, liaison, own_assignment, task, plan):
    own_assignment.acknowledged_at = timezone.now()
    own_assignment.save()
    f.ReportFactory(assignment=own_assignment, status="returned", return_reason="请补充", version=1)
    f.ReportFactory(assignment=own_assignment, status="draft", version=2)
    quiet = f.AssignmentFactory(task=f.TaskFactory(plan=plan, title="没有退回的任务"), unit=liaison.unit)
    body = login(client, liaison).get(URL, {"filter": "returned"}).content.decode()
    assert task.title in body
    assert quiet.task.title not in body
    assert "继续填报" in body


def test_the_unacknowledged_filter(client, liaison, own_assignment, plan):
    done = f.AssignmentFactory(
        task=f.TaskFactory(plan=plan, title="已签收的任务"), unit=liaison.unit, acknowledged_at=timezone.now()
    )
    body = login(client, liaison).get(URL, {"filter": "unacknowledged"}).content.decode()
    assert own_assignment.task.title in body
    assert done.task.title not in body


def test_the_overdue_filter(client, liaison, own_assignment, plan):
    own_assignment.task.deadline = datetime.date(2099, 6, 30)
    own_assignment.task.save()
    late = f.AssignmentFactory(
        task=f.TaskFactory(plan=plan, title="逾期的任务", deadline=datetime.date(2020, 6, 30)),
        unit=liaison.unit,
    )
    f.AssignmentFactory(
        task=f.TaskFactory(plan=plan, title="逾期但已完成", deadline=datetime.date(2020, 6, 30)),
        unit=liaison.unit,
        progress=100,
    )
    body = login(client, liaison).get(URL, {"filter": "overdue"}).content.decode()
    assert late.task.title in body
    assert "逾期但已完成" not in body
    assert own_assignment.task.title not in body
    assert "2020年6月30日" in body


def test_it_issues_no_query_per_row(client, liaison, plan, django_assert_max_num_queries):
    for n in range(25):
        a = f.AssignmentFactory(task=f.TaskFactory(plan=plan), unit=liaison.unit)
        f.ReportFactory(assignment=a, status="returned" if n % 2 else "accepted")
    login(client, liaison)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.content.decode().count("<tr") == 26
