"""The task page: who reads it, what each reader sees of each unit, why a light is what it is, and a
fixed number of queries whatever the number of units."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from luoshi.conftest import login
from luoshi.plans.progress.recompute import recompute_plan
from luoshi.tests import factories as f


def page(client, user, task):
    login(client, user)
    response = client.get(reverse("plans:task", args=[task.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def late(own_assignment, other_unit, other_liaison):
    """The task overdue for the own unit at 40%, with a co-operating unit beside it."""
    today = timezone.localdate()
    task = own_assignment.task
    task.plan.starts_on = today - timedelta(days=100)
    task.plan.save()
    task.deadline = today - timedelta(days=12)
    task.save()
    own_assignment.due_on = task.deadline
    own_assignment.assigned_on = task.plan.starts_on
    own_assignment.progress = 40
    own_assignment.responsible_person = "王五"
    own_assignment.save()
    f.AssignmentFactory(task=task, unit=other_unit, role="co", acknowledged=True)
    recompute_plan(task.plan)
    return task


def test_the_supervisor_reads_every_unit_and_why_the_light_is_red(client, supervisor, late, own_report):
    html = page(client, supervisor, late)
    assert "深化凝心工程" in html
    assert "江岸区" in html and "江汉区" in html
    assert "红灯" in html and "已逾期12天" in html
    assert "时间进度 100%，实际 40%" in html
    assert "王五" in html
    assert reverse("reports:report_review", args=[own_report.pk]) in html
    assert reverse("plans:task_edit", args=[late.pk]) in html


def test_a_liaison_sees_their_own_row_in_full_and_only_names_of_the_others(
    client, liaison, late, other_liaison
):
    html = page(client, liaison, late)
    assert "王五" in html and "已逾期12天" in html
    assert "江汉区" in html
    assert "其他单位的办理情况由部署单位掌握" in html
    assert reverse("plans:task_edit", args=[late.pk]) not in html


def test_the_timeline_holds_acts_and_light_changes(client, leader, late, own_report):
    html = page(client, leader, late)
    timeline = html.split('id="timeline"', 1)[1]
    assert "绿灯→红灯" in timeline
    assert "已逾期12天" in timeline


def test_queries_do_not_grow_with_units(client, supervisor, city, late):
    login(client, supervisor)
    url = reverse("plans:task", args=[late.pk])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(6):
        unit = f.UnitFactory(name=f"第{i}单位", parent=city, order=10 + i)
        a = f.AssignmentFactory(task=late, unit=unit, role="co", acknowledged=True)
        f.ReportFactory(assignment=a, status="submitted", period=f"{date.today().year}-01")
    recompute_plan(late.plan)
    assert count() == before


def test_the_overview_leads_from_a_task_name_to_its_page_and_explains_its_light(client, leader, late):
    login(client, leader)
    html = client.get(reverse("plans:detail", args=[late.plan_id])).content.decode()
    assert f'href="{reverse("plans:task", args=[late.pk])}"' in html
    assert "红灯" in html and "已逾期12天" in html
    assert 'style="' not in html.split('id="overview"', 1)[1]


def test_the_supervisor_keeps_a_separate_edit_link_on_the_overview(client, supervisor, late):
    login(client, supervisor)
    html = client.get(reverse("plans:detail", args=[late.plan_id])).content.decode()
    assert f'href="{reverse("plans:task", args=[late.pk])}"' in html
    assert f'href="{reverse("plans:task_edit", args=[late.pk])}">编辑</a>' in html


def test_the_timeline_leaves_out_unfinished_drafting(client, supervisor, liaison, late):
    from luoshi.audit.services import Actor
    from luoshi.reports import services

    assignment = late.assignments.get(unit__short_name="江岸区")
    report = services.start_report(Actor(user=liaison), assignment)
    report = services.save_draft(
        Actor(user=liaison), report, revision=report.revision, narrative="已完成调研。", percent=50, values={}
    )
    services.submit_report(Actor(user=liaison), report, revision=report.revision)
    timeline = page(client, supervisor, late).split('id="timeline"', 1)[1]
    assert "报送" in timeline
    assert "新建进度报送" not in timeline
