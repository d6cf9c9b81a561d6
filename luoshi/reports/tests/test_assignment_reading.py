"""What a liaison reads on their assignment: the period's state said once, the review's opinion, the plan
and parent task the work belongs to, and why the light is what it is."""

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.conftest import login
from luoshi.reports import services
from luoshi.tests import factories as f


def page(client, liaison, assignment) -> str:
    return login(client, liaison).get(reverse("reports:assignment", args=[assignment.pk])).content.decode()


@pytest.mark.parametrize("status, words", [("submitted", "已报送"), ("accepted", "已采纳")])
def test_the_periods_state_is_said_once(client, liaison, own_assignment, status, words):
    period = services.current_period(own_assignment.task.plan)
    f.ReportFactory(assignment=own_assignment, period=period, status=status)
    html = page(client, liaison, own_assignment)
    assert f"）{words}，下一周期再填报" in html
    assert "已已" not in html


def test_the_review_column_shows_the_opinion_not_who_and_when(client, liaison, supervisor, own_assignment):
    f.ReportFactory(
        assignment=own_assignment,
        period="2025-01",
        status="accepted",
        reviewed_by=supervisor,
        reviewed_at=timezone.now(),
    )
    f.ReportFactory(
        assignment=own_assignment, period="2025-02", status="returned", return_reason="佐证材料不全"
    )
    html = page(client, liaison, own_assignment)
    history = html.split("本单位报送记录", 1)[1]
    cells = history.split("<tbody>", 1)[1]
    assert ">采纳</span>" in cells
    assert "退回：佐证材料不全" in cells


def test_a_liaison_sees_the_plan_and_the_parent_task_of_their_work(client, liaison, plan, own_unit):
    parent = f.TaskFactory(plan=plan, code="3", title="深化固本工程")
    child = f.TaskFactory(plan=plan, parent=parent, code="3.1", depth=2, title="加强阵地建设")
    assignment = f.AssignmentFactory(task=child, unit=own_unit, acknowledged=True)
    html = page(client, liaison, assignment)
    assert "2025年统战工作要点" in html
    assert "深化固本工程" in html
    assert reverse("plans:task", args=[child.pk]) in html
    # The task page names the parent too, without a link the liaison could not follow.
    task_page = client.get(reverse("plans:task", args=[child.pk])).content.decode()
    assert "深化固本工程" in task_page
    assert reverse("plans:task", args=[parent.pk]) not in task_page
