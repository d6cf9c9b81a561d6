"""左右协同: the lead and co units of one task read each other's submitted reports on that task (and on no
other), through the access table; the co unit's report shows on the lead unit's pages; the lead unit asks a
co unit for input, the co unit answers, and both are in the task's timeline."""

import pytest

from luoshi.audit.services import Actor
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.org.access import Action, restrict
from luoshi.plans.models import Assignment
from luoshi.reports import collaboration
from luoshi.reports.models import Report
from luoshi.tests import factories as f


@pytest.fixture
def co_assignment(task, other_unit):
    return f.AssignmentFactory(task=task, unit=other_unit, role=Assignment.Role.CO, acknowledged=True)


@pytest.fixture
def co_report(co_assignment, other_liaison):
    return f.ReportFactory(
        assignment=co_assignment,
        status="submitted",
        created_by=other_liaison,
        narrative="配合开展专题调研2次。",
    )


def test_lead_and_co_read_each_others_reports_on_their_task_only(
    liaison, other_liaison, own_report, co_report, other_report, co_assignment
):
    readable = set(restrict(liaison, Action.VIEW_REPORT, Report.objects.all()))
    assert readable == {own_report, co_report}  # not the co unit's report on another task
    assert set(restrict(other_liaison, Action.VIEW_REPORT, Report.objects.all())) == {
        own_report,
        co_report,
        other_report,
    }
    draft = f.ReportFactory(assignment=co_assignment, status="draft", period="2025-04")
    assert draft not in restrict(liaison, Action.VIEW_REPORT, Report.objects.all())
    # Reading is all: the partner's assignment stays its own to work.
    assert not restrict(
        liaison, Action.WORK_ASSIGNMENT, Assignment.objects.filter(pk=co_assignment.pk)
    ).exists()


def test_the_co_units_report_shows_on_the_lead_units_pages(
    client, liaison, own_assignment, own_report, co_report
):
    client.force_login(liaison)
    page = client.get(f"/work/assignments/{own_assignment.pk}/").content.decode()
    assert "配合开展专题调研2次" in page
    review = client.get(f"/work/reports/{own_report.pk}/").content.decode()
    assert "配合单位同期报送" in review and "江汉区" in review
    assert client.get(f"/work/reports/{co_report.pk}/").status_code == 200
    task_page = client.get(f"/plans/tasks/{own_assignment.task_id}/").content.decode()
    assert f"/work/reports/{co_report.pk}/" in task_page


def test_the_lead_asks_the_co_unit_and_it_answers_in_the_timeline(
    client, liaison, other_liaison, supervisor, own_assignment, co_assignment, task
):
    request = collaboration.ask_input(
        Actor(user=liaison), own_assignment, co_assignment, question="请提供本季度党外人士培训人次。"
    )
    with pytest.raises(AccessDenied):
        collaboration.answer_input(Actor(user=liaison), request, answer="自己答复")
    with pytest.raises(ServiceError, match="请填写答复"):
        collaboration.answer_input(Actor(user=other_liaison), request, answer="  ")
    collaboration.answer_input(Actor(user=other_liaison), request, answer="本季度培训86人次。")
    with pytest.raises(ServiceError, match="已答复"):
        collaboration.answer_input(Actor(user=other_liaison), request, answer="再答复")
    client.force_login(supervisor)
    timeline = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "征求配合单位意见" in timeline and "本季度培训86人次" in timeline


def test_only_the_lead_asks_and_only_a_co_unit_of_the_same_task(
    liaison, other_liaison, own_assignment, co_assignment, other_assignment
):
    with pytest.raises(ServiceError, match="只有牵头单位"):
        collaboration.ask_input(
            Actor(user=other_liaison), co_assignment, own_assignment, question="请提供材料"
        )
    with pytest.raises(ServiceError, match="本任务的配合单位"):
        collaboration.ask_input(Actor(user=liaison), own_assignment, other_assignment, question="请提供材料")
    with pytest.raises(AccessDenied):
        collaboration.ask_input(
            Actor(user=other_liaison), own_assignment, co_assignment, question="请提供材料"
        )


def test_pages_ask_and_answer(client, liaison, other_liaison, own_assignment, co_assignment):
    client.force_login(liaison)
    response = client.post(
        f"/work/assignments/{own_assignment.pk}/ask/",
        {"asked": co_assignment.pk, "question": "请提供调研报告。"},
    )
    assert response.status_code == 302
    request = co_assignment.input_requests.get()
    assert client.post(f"/work/requests/{request.pk}/answer/", {"answer": "x"}).status_code == 404
    client.force_login(other_liaison)
    page = client.get(f"/work/assignments/{co_assignment.pk}/").content.decode()
    assert "请提供调研报告" in page and "提交答复" in page
    client.post(f"/work/requests/{request.pk}/answer/", {"answer": "调研报告已上传。"})
    request.refresh_from_db()
    assert request.answer == "调研报告已上传。"
