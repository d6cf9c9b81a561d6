"""四责协同: a task line names who holds 主体责任, 监督责任, 第一责任人 and 一岗双责; the tasks below inherit
them; the task page shows them; the plan overview filters the lines whose first-responsible unit has not
reported this period."""

import pytest
from django.utils import timezone

from luoshi.audit.services import Actor
from luoshi.lib import periods
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.plans import services
from luoshi.plans.duties import duties_of, lines_first_unreported
from luoshi.tests import factories as f


@pytest.fixture
def line(plan):
    return f.TaskFactory(plan=plan, code="3", title="“强基”工程", position=9)


@pytest.fixture
def leaf(line, own_unit):
    leaf = f.TaskFactory(plan=line.plan, parent=line, depth=2, code="3.1", title="完善基层统战工作网络")
    f.AssignmentFactory(task=leaf, unit=own_unit, acknowledged=True)
    return leaf


def _holders(city, own_unit):
    return {
        "principal": {"unit": city, "person": ""},
        "oversight": {"unit": None, "person": "市纪委监委派驻纪检监察组"},
        "first": {"unit": own_unit, "person": "王强（区委常委、统战部部长）"},
        "dual": {"unit": None, "person": "李华（副部长）"},
    }


def test_a_line_names_its_holders_and_tasks_below_inherit(supervisor, city, own_unit, line, leaf):
    services.set_duties(Actor(user=supervisor), line, _holders(city, own_unit))
    duties, source = duties_of(leaf)
    assert source == line
    assert [d.get_kind_display() for d in duties] == ["主体责任", "监督责任", "第一责任人", "一岗双责"]
    assert duties[2].unit == own_unit and "王强" in duties[2].person


def test_only_the_deploying_supervisor_names_holders(
    liaison, other_supervisor, city, own_unit, line, other_city
):
    with pytest.raises(AccessDenied):
        services.set_duties(Actor(user=liaison), line, _holders(city, own_unit))
    with pytest.raises(ServiceError, match="不在本部署单位的督办范围内"):
        services.set_duties(Actor.system(), line, {"first": {"unit": other_city, "person": ""}})
    assert not line.duties.exists()


def test_lines_whose_first_responsible_unit_has_not_reported(supervisor, city, own_unit, line, leaf, plan):
    services.set_duties(Actor(user=supervisor), line, _holders(city, own_unit))
    assert lines_first_unreported(plan) == [line]
    period = periods.period_of(timezone.localdate(), plan.period)
    f.ReportFactory(assignment=leaf.assignments.get(), period=period, status="submitted")
    assert lines_first_unreported(plan) == []


def test_pages(client, supervisor, city, own_unit, line, leaf, plan):
    client.force_login(supervisor)
    response = client.post(
        f"/plans/tasks/{line.pk}/duties/",
        {
            "first_unit": own_unit.pk,
            "first_person": "王强（区委常委、统战部部长）",
            "principal_unit": city.pk,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/plans/tasks/{leaf.pk}/").content.decode()
    assert "第一责任人" in page and "王强" in page and "沿用任务线 3" in page
    filtered = client.get(f"/plans/{plan.pk}/?first_unreported=on").content.decode()
    assert "完善基层统战工作网络" in filtered and "深化凝心工程" not in filtered
