"""The assignment page and 签收 (acknowledge), full page and htmx panel."""

import pytest
from django.urls import reverse

from luoshi.conftest import login
from luoshi.tests import factories as f


def _url(assignment, name="reports:assignment"):
    return reverse(name, args=[assignment.pk])


def test_it_shows_task_targets_units_and_history(client, liaison, own_assignment, other_unit, task):
    f.TargetFactory(task=task, metric="培训人次", target_value=200, unit="人次")
    f.AssignmentFactory(task=task, unit=other_unit, role="co")
    f.ReportFactory(assignment=own_assignment, status="returned", return_reason="数据不全", version=1)
    f.ReportFactory(assignment=own_assignment, status="submitted", version=2)
    body = login(client, liaison).get(_url(own_assignment)).content.decode()
    assert "培训人次" in body and "200人次" in body
    assert "江汉区" in body  # the co-operating unit
    assert "第1版" in body and "第2版" in body
    assert "退回：数据不全" in body


def test_it_is_404_for_another_units_assignment(client, liaison, other_assignment):
    assert login(client, liaison).get(_url(other_assignment)).status_code == 404


def test_it_is_403_for_administrators(client, sysadmin, own_assignment):
    assert login(client, sysadmin).get(_url(own_assignment)).status_code == 403


@pytest.mark.parametrize("role", ["supervisor", "leader"])
def test_a_reader_in_scope_is_taken_to_the_units_row_of_the_task_page(client, request, role, own_assignment):
    """A supervisor who reviewed the unit's report (or a leader) follows /work/assignments/N/ to the task
    page at that unit's row, instead of a refusal."""
    response = login(client, request.getfixturevalue(role)).get(_url(own_assignment))
    assert response.status_code == 302
    assert (
        response.url
        == reverse("plans:task", args=[own_assignment.task_id]) + f"#assignment-{own_assignment.pk}"
    )


def test_acknowledge_records_the_responsible_person(client, liaison, new_assignment):
    response = login(client, liaison).post(
        _url(new_assignment, "reports:acknowledge"),
        {"responsible_person": "张三", "responsible_phone": "027-8888"},
    )
    assert response.status_code == 302
    new_assignment.refresh_from_db()
    assert new_assignment.is_acknowledged
    assert new_assignment.acknowledged_by == liaison
    assert new_assignment.responsible_person == "张三"


def test_acknowledge_with_htmx_swaps_the_panel(client, liaison, new_assignment):
    response = login(client, liaison).post(
        _url(new_assignment, "reports:acknowledge"),
        {"responsible_person": "张三"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section class="panel" id="acknowledge">')
    assert "已保存签收信息" in body and "张三" in body
    assert "<html" not in body
    assert 'id="report-action" hx-swap-oob="true"' in body  # the 填报 button appears with it


def test_acknowledge_requires_a_responsible_person(client, liaison, new_assignment):
    response = login(client, liaison).post(
        _url(new_assignment, "reports:acknowledge"),
        {"responsible_person": "  "},
        headers={"HX-Request": "true"},
    )
    assert "请填写责任人" in response.content.decode()
    new_assignment.refresh_from_db()
    assert not new_assignment.is_acknowledged


def test_acknowledge_is_404_for_another_unit(client, liaison, other_task, other_unit):
    other_assignment = f.AssignmentFactory(task=other_task, unit=other_unit)
    response = login(client, liaison).post(
        _url(other_assignment, "reports:acknowledge"), {"responsible_person": "张三"}
    )
    assert response.status_code == 404
    other_assignment.refresh_from_db()
    assert not other_assignment.is_acknowledged


def test_acknowledge_is_403_for_a_supervisor(client, supervisor, own_assignment):
    response = login(client, supervisor).post(
        _url(own_assignment, "reports:acknowledge"), {"responsible_person": "张三"}
    )
    assert response.status_code == 403


def test_acknowledging_again_changes_only_the_person(client, liaison, own_assignment):
    url = _url(own_assignment, "reports:acknowledge")
    login(client, liaison).post(url, {"responsible_person": "张三"})
    first = own_assignment.__class__.objects.get(pk=own_assignment.pk).acknowledged_at
    response = client.post(
        url, {"responsible_person": "李四", "responsible_phone": "13800000000"}, follow=True
    )
    assert "已更新责任人" in response.content.decode()
    own_assignment.refresh_from_db()
    assert (own_assignment.responsible_person, own_assignment.acknowledged_at) == ("李四", first)


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_a_period_already_reported_offers_no_new_report(client, liaison, own_assignment, status):
    from django.utils import timezone

    from luoshi.reports.services import current_period

    own_assignment.acknowledged_at = timezone.now()
    own_assignment.save()
    period = current_period(own_assignment.task.plan)
    f.ReportFactory(assignment=own_assignment, period=period, status=status)
    body = login(client, liaison).get(_url(own_assignment)).content.decode()
    assert "填报进度" not in body
    assert "下一周期再填报" in body


def test_an_acknowledged_assignment_with_nothing_this_period_offers_a_report(client, liaison, own_assignment):
    from django.utils import timezone

    own_assignment.acknowledged_at = timezone.now()
    own_assignment.save()
    body = login(client, liaison).get(_url(own_assignment)).content.decode()
    assert "填报进度" in body
