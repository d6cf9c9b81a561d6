"""我的任务: the liaison's own unit's assignments, with filters, and no query per row."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.conftest import login
from luoshi.plans.models import Task
from luoshi.plans.progress.recompute import recompute_plan
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


def test_the_unacknowledged_filter(client, liaison, task, plan):
    waiting = f.AssignmentFactory(task=task, unit=liaison.unit)
    done = f.AssignmentFactory(
        task=f.TaskFactory(plan=plan, title="已签收的任务"), unit=liaison.unit, acknowledged_at=timezone.now()
    )
    body = login(client, liaison).get(URL, {"filter": "unacknowledged"}).content.decode()
    assert waiting.task.title in body
    assert done.task.title not in body


def test_the_overdue_filter(client, liaison, own_assignment, plan):
    own_assignment.task.deadline = own_assignment.due_on = datetime.date(2099, 6, 30)
    own_assignment.task.save()
    own_assignment.save()
    late = f.AssignmentFactory(
        task=f.TaskFactory(plan=plan, title="逾期的任务", deadline=datetime.date(2020, 6, 30)),
        unit=liaison.unit,
    )
    f.AssignmentFactory(
        task=f.TaskFactory(plan=plan, title="逾期但已完成", deadline=datetime.date(2020, 6, 30)),
        unit=liaison.unit,
        progress=100,
    )
    f.AssignmentFactory(
        task=f.TaskFactory(
            plan=plan, title="逾期但已办结", deadline=datetime.date(2020, 6, 30), status=Task.Status.COMPLETED
        ),
        unit=liaison.unit,
        progress=50,
    )
    recompute_plan(plan)
    body = login(client, liaison).get(URL, {"filter": "overdue"}).content.decode()
    assert late.task.title in body
    assert "逾期但已完成" not in body
    assert "逾期但已办结" not in body  # a completed task is overdue nowhere, as on the plan page
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


def test_the_tabs_count_every_row_whatever_the_filter(client, liaison, task, plan):
    later = datetime.date(2099, 6, 30)
    task.deadline = later
    task.save()
    f.AssignmentFactory(task=task, unit=liaison.unit)
    f.AssignmentFactory(
        task=f.TaskFactory(plan=plan, deadline=datetime.date(2020, 6, 30)),
        unit=liaison.unit,
        acknowledged_at=timezone.now(),
    )
    returned = f.AssignmentFactory(
        task=f.TaskFactory(plan=plan, deadline=later), unit=liaison.unit, acknowledged_at=timezone.now()
    )
    f.ReportFactory(assignment=returned, status="returned", return_reason="请补充")
    recompute_plan(plan)
    response = login(client, liaison).get(URL, {"filter": "returned"})
    assert response.context["tabs"] == [
        ("", "全部", 3),
        ("unacknowledged", "未签收", 1),
        ("returned", "被退回", 1),
        ("overdue", "已逾期", 1),
    ]
    assert [a.pk for a in response.context["rows"]] == [returned.pk]


def test_an_unknown_filter_shows_everything(client, liaison, own_assignment):
    response = login(client, liaison).get(URL, {"filter": "nonsense"})
    assert response.context["current"] == ""
    assert [a.pk for a in response.context["rows"]] == [own_assignment.pk]


def test_it_leaves_out_cancelled_tasks(client, liaison, own_assignment, plan):
    f.AssignmentFactory(
        task=f.TaskFactory(plan=plan, title="已取消的任务", status="cancelled"), unit=liaison.unit
    )
    body = login(client, liaison).get(URL).content.decode()
    assert own_assignment.task.title in body
    assert "已取消的任务" not in body


def test_rows_carry_the_latest_and_the_latest_decided_report(
    liaison, own_assignment, django_assert_num_queries
):
    from luoshi.reports.queries import my_task_rows

    f.ReportFactory(assignment=own_assignment, period="2025-02", status="returned", return_reason="旧的")
    f.ReportFactory(
        assignment=own_assignment, period="2025-03", version=1, status="returned", return_reason="缺照片"
    )
    f.ReportFactory(assignment=own_assignment, period="2025-03", version=2, status="submitted")
    draft = f.ReportFactory(assignment=own_assignment, period="2025-04", status="draft")
    with django_assert_num_queries(2):
        tasks = my_task_rows(liaison, datetime.date(2025, 3, 20))
    (row,) = tasks.rows
    assert (row.latest_report_id, row.latest_status) == (draft.pk, "draft")
    assert (row.decided_status, row.decided_period, row.decided_reason) == ("submitted", "2025-03", "")
    assert row.reported_now is False  # the latest version is a draft


def test_a_submitted_current_period_needs_nothing_now(liaison, own_assignment):
    from luoshi.reports.queries import my_task_rows

    own_assignment.acknowledged_at = timezone.now()
    own_assignment.save()
    submitted = f.ReportFactory(assignment=own_assignment, period="2025-03", status="submitted")
    (row,) = my_task_rows(liaison, datetime.date(2025, 3, 20)).rows
    assert row.reported_now is True and row.latest_report_id == submitted.pk
    (row,) = my_task_rows(liaison, datetime.date(2025, 4, 2)).rows
    assert row.reported_now is False  # a new period has begun


def test_an_assignment_without_reports_has_no_report_fields(liaison, own_assignment):
    from luoshi.reports.queries import my_task_rows

    (row,) = my_task_rows(liaison, datetime.date(2025, 3, 20)).rows
    assert (row.latest_report_id, row.latest_status, row.decided_status, row.decided_period) == (None,) * 4


def test_the_list_query_does_not_grow_with_report_versions(liaison, plan, django_assert_num_queries):
    from luoshi.reports.queries import my_task_rows

    for n in range(10):
        a = f.AssignmentFactory(task=f.TaskFactory(plan=plan), unit=liaison.unit)
        for month in range(1, 4):
            f.ReportFactory(assignment=a, period=f"2025-0{month}", status="accepted" if n % 3 else "returned")
    with django_assert_num_queries(2):
        tasks = my_task_rows(liaison, datetime.date(2025, 3, 20))
    assert len(tasks.rows) == 10
    assert {a.decided_period for a in tasks.rows} == {"2025-03"}
