"""The supervisor's review queue and review page: accept, return with a reason; read-only for others."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.conftest import login
from luoshi.tests import factories as f

QUEUE = reverse("reports:review_queue")


def _submitted(assignment, minutes_ago, **extra):
    return f.ReportFactory(
        assignment=assignment,
        status="submitted",
        submitted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **extra,
    )


def test_the_queue_lists_submitted_reports_oldest_first(client, supervisor, own_assignment, other_assignment):
    newer = _submitted(own_assignment, 5, narrative="较新")
    older = _submitted(other_assignment, 50, narrative="较早")
    f.ReportFactory(assignment=own_assignment, status="draft", period="2025-04")
    body = login(client, supervisor).get(QUEUE).content.decode()
    link = "reports/{}/"
    assert body.index(link.format(older.pk)) < body.index(link.format(newer.pk))
    assert "2025年3月" in body and "江岸区" in body
    assert body.count(">审核</a>") == 2  # the draft is not there


def test_the_queue_excludes_other_deploying_units(client, other_supervisor, own_report):
    body = login(client, other_supervisor).get(QUEUE).content.decode()
    assert "没有待审核的报送" in body


def test_the_queue_filters_by_unit_and_plan(
    client, supervisor, own_assignment, other_assignment, own_unit, city
):
    _submitted(own_assignment, 5)
    _submitted(other_assignment, 5)
    login(client, supervisor)
    body = client.get(QUEUE, {"unit": own_unit.pk}).content.decode()
    assert body.count(">审核</a>") == 1
    other_plan = f.PlanFactory(deploying_unit=city)
    body = client.get(QUEUE, {"plan": other_plan.pk}).content.decode()
    assert body.count(">审核</a>") == 0


def test_the_queue_issues_no_query_per_row(client, supervisor, plan, django_assert_max_num_queries):
    for _ in range(20):
        _submitted(f.AssignmentFactory(task=f.TaskFactory(plan=plan)), 5)
    login(client, supervisor)
    with django_assert_max_num_queries(10):
        body = client.get(QUEUE).content.decode()
    assert body.count(">审核</a>") == 20


@pytest.mark.parametrize("role", ["liaison", "leader", "sysadmin"])
def test_the_queue_is_403_for_other_roles(client, request, role):
    assert login(client, request.getfixturevalue(role)).get(QUEUE).status_code == 403


def test_the_review_page_shows_values_against_targets(client, supervisor, own_report, task):
    target = f.TargetFactory(task=task, metric="走访企业", target_value=50, unit="家")
    own_report.values.create(target=target, actual_value=20)
    body = (
        login(client, supervisor).get(reverse("reports:report_review", args=[own_report.pk])).content.decode()
    )
    assert "走访企业" in body and "50家" in body and "20家" in body and "40%" in body
    assert "采纳" in body and "退回理由" in body


def test_accept_updates_progress_and_goes_back_to_the_queue(client, supervisor, own_report):
    own_report.percent = 60
    own_report.save()
    response = login(client, supervisor).post(
        reverse("reports:report_accept", args=[own_report.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == QUEUE
    assert "已采纳" in response.content.decode()
    own_report.refresh_from_db()
    own_report.assignment.refresh_from_db()
    assert own_report.status == "accepted"
    assert own_report.assignment.progress == 60


def test_return_requires_a_reason(client, supervisor, own_report):
    response = login(client, supervisor).post(
        reverse("reports:report_return", args=[own_report.pk]), {"reason": " "}
    )
    assert response.status_code == 200
    assert "请填写退回理由" in response.content.decode()
    own_report.refresh_from_db()
    assert own_report.status == "submitted"


def test_return_with_a_reason(client, supervisor, own_report):
    response = login(client, supervisor).post(
        reverse("reports:report_return", args=[own_report.pk]), {"reason": "请补充活动照片"}, follow=True
    )
    assert response.redirect_chain[-1][0] == QUEUE
    assert "已退回" in response.content.decode()
    own_report.refresh_from_db()
    assert (own_report.status, own_report.return_reason) == ("returned", "请补充活动照片")


def test_another_deploying_units_supervisor_gets_404(client, other_supervisor, own_report):
    login(client, other_supervisor)
    assert client.get(reverse("reports:report_review", args=[own_report.pk])).status_code == 404
    assert client.post(reverse("reports:report_accept", args=[own_report.pk])).status_code == 404


def test_the_leader_reads_without_buttons(client, leader, own_report):
    response = login(client, leader).get(reverse("reports:report_review", args=[own_report.pk]))
    assert response.status_code == 200
    assert "report_accept" not in response.content.decode() and "/accept/" not in response.content.decode()
    assert client.post(reverse("reports:report_accept", args=[own_report.pk])).status_code == 403


def test_the_liaison_reads_own_report_but_not_another_units(client, liaison, own_report, other_report):
    login(client, liaison)
    assert client.get(reverse("reports:report_review", args=[own_report.pk])).status_code == 200
    assert client.get(reverse("reports:report_review", args=[other_report.pk])).status_code == 404
    assert client.post(reverse("reports:report_accept", args=[own_report.pk])).status_code == 403


def test_drafts_are_hidden_from_supervisors(client, supervisor, own_assignment):
    draft = f.ReportFactory(assignment=own_assignment, status="draft")
    assert login(client, supervisor).get(reverse("reports:report_review", args=[draft.pk])).status_code == 404


def test_administrators_are_refused(client, sysadmin, own_report):
    assert (
        login(client, sysadmin).get(reverse("reports:report_review", args=[own_report.pk])).status_code == 403
    )
