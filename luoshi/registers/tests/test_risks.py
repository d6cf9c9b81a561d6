"""The risk register: a risk is a task of the year's risk plan, so it is lit, chased and closed out by the
task machinery — these tests drive that machinery, never a copy of it."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.items import services as items
from luoshi.items.services import task_light
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.registers import services
from luoshi.registers.models import Risk
from luoshi.registers.querysets import filter_risks, risks_visible_to
from luoshi.supervise.models import Notice
from luoshi.supervise.run import supervise

TODAY = date.today()


def pdf(name="化解情况.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%risk\n", content_type="application/pdf")


def _register(supervisor, owner, **extra):
    data = {
        "title": "网络舆情炒作民族宗教敏感事件",
        "area": Risk.Area.NETWORK,
        "level": Risk.Level.MAJOR,
        "measures": "建立舆情日监测、周研判机制，落实属地处置责任",
        "resolve_by": TODAY + timedelta(days=90),
        "review_dates": [TODAY + timedelta(days=30), TODAY + timedelta(days=60)],
    }
    return services.register_risk(
        Actor(supervisor), deploying_unit=supervisor.unit, owner_unit=owner, **{**data, **extra}
    )


def test_a_risk_is_a_task_of_the_years_risk_plan_led_by_its_owner(supervisor, own_unit, other_unit):
    risk = _register(supervisor, own_unit)
    second = _register(supervisor, other_unit, title="宗教活动场所安全隐患", level=Risk.Level.GENERAL)
    plan = risk.task.plan
    assert (plan.kind, plan.status, plan.year) == (Plan.Kind.RISK, Plan.Status.PUBLISHED, TODAY.year)
    assert second.task.plan_id == plan.pk and Plan.objects.filter(kind=Plan.Kind.RISK).count() == 1
    lead = risk.task.assignments.get()
    assert (lead.unit, lead.role, lead.due_on is not None) == (own_unit, Assignment.Role.LEAD, True)
    assert risk.task.tier == Task.Tier.KEY and second.task.tier == Task.Tier.ROUTINE
    assert [m.title for m in risk.task.milestones.all()] == ["第1次复查评估", "第2次复查评估"]
    assert risk.status == Risk.Status.CONTROLLED and risk.get_status_display() == "在控"
    assert AuditEntry.objects.filter(action="register_risk").count() == 2


def test_a_missed_review_date_lights_the_risk_red(supervisor, own_unit):
    risk = _register(supervisor, own_unit)
    review = risk.task.milestones.order_by("due_on").first()
    verdict = task_light(risk.task, risk.task.milestones.all(), review.due_on + timedelta(days=3))
    assert verdict.light == "red" and "第1次复查评估" in verdict.reason


def test_the_deadline_ladder_reminds_and_chases_the_owner_unit(supervisor, own_unit):
    risk = _register(supervisor, own_unit, review_dates=[], resolve_by=TODAY + timedelta(days=20))
    for offset in range(0, 45):
        supervise(TODAY + timedelta(days=offset), send=False)
    lead = risk.task.assignments.get()
    kinds = set(Notice.objects.filter(assignment=lead).values_list("kind", flat=True))
    assert {"reminder", "chase"} <= kinds


def test_close_out_with_evidence_resolves_the_risk(supervisor, own_unit, liaison):
    risk = _register(supervisor, own_unit)
    lead = risk.task.assignments.get()
    asked = items.request_close_out(Actor(liaison), lead, summary="舆情已平息，机制已建立", files=[pdf()])
    items.verify_close_out(
        Actor(supervisor), asked, approve=True, method="documents", verification="材料齐全"
    )
    risk.refresh_from_db()
    assert risk.status == Risk.Status.RESOLVED and risk.get_status_display() == "已化解"
    mine = risks_visible_to(supervisor)
    assert list(filter_risks(mine, status="resolved")) == [risk]
    assert list(filter_risks(mine, status="controlled")) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": " "}, "请填写风险名称"),
        ({"area": "weather"}, "风险领域“weather”无效"),
        ({"level": ""}, "请选择风险等级"),
        ({"measures": ""}, "请填写防范化解措施"),
        ({"resolve_by": None}, "请填写化解时限"),
        ({"resolve_by": TODAY - timedelta(days=1)}, "不能早于今天"),
        ({"review_dates": [TODAY + timedelta(days=200)]}, "不能晚于化解时限"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(supervisor, own_unit, change, message):
    with pytest.raises(ServiceError, match=message):
        _register(supervisor, own_unit, **change)
    assert not Risk.objects.exists() and not Plan.objects.filter(kind=Plan.Kind.RISK).exists()


def test_an_owner_outside_the_deploying_units_tree_is_refused(supervisor, other_city):
    with pytest.raises(ServiceError, match="不在本部署单位的督办范围内"):
        _register(supervisor, other_city)
    assert not Risk.objects.exists() and not Plan.objects.filter(kind=Plan.Kind.RISK).exists()


def test_only_the_deploying_units_supervisor_registers(other_supervisor, leader, supervisor, own_unit):
    for who in (other_supervisor, leader):
        with pytest.raises(AccessDenied):
            services.register_risk(
                Actor(who),
                deploying_unit=supervisor.unit,
                title="风险",
                area="ideology",
                level="general",
                owner_unit=own_unit,
                measures="措施",
                resolve_by=TODAY + timedelta(days=10),
            )
    assert not Risk.objects.exists()


def test_each_person_sees_the_risks_in_their_scope(
    supervisor, other_supervisor, leader, liaison, other_liaison, own_unit, other_unit
):
    own = _register(supervisor, own_unit)
    other = _register(supervisor, other_unit, title="另一单位的风险")
    assert set(risks_visible_to(supervisor)) == set(risks_visible_to(leader)) == {own, other}
    assert list(risks_visible_to(liaison)) == [own]
    assert list(risks_visible_to(other_liaison)) == [other]
    assert list(risks_visible_to(other_supervisor)) == []


def test_the_register_page_lists_filters_and_registers(client, supervisor, own_unit):
    _register(supervisor, own_unit)
    _register(supervisor, own_unit, title="意识形态阵地管理薄弱", area="ideology", level="serious")
    client.force_login(supervisor)
    page = client.get(reverse("registers:risks"), {"area": "ideology"}).content.decode()
    assert "意识形态阵地管理薄弱" in page and "网络舆情" not in page
    response = client.post(
        reverse("registers:risk_new"),
        {
            "title": "民营企业劳资纠纷引发群体性事件",
            "area": "private_economy",
            "level": "serious",
            "owner_unit": own_unit.pk,
            "measures": "排查重点企业，建立预警台账",
            "resolve_by": (TODAY + timedelta(days=60)).isoformat(),
            "review_1": (TODAY + timedelta(days=20)).isoformat(),
        },
    )
    risk = Risk.objects.get(title="民营企业劳资纠纷引发群体性事件")
    assert response.status_code == 302 and response.url == reverse("registers:risk", args=[risk.pk])
    page = client.get(response.url).content.decode()
    assert "第1次复查评估" in page and "在控" in page and reverse("items:task", args=[risk.task_id]) in page


def test_the_form_shows_the_services_message(client, supervisor, own_unit):
    client.force_login(supervisor)
    response = client.post(
        reverse("registers:risk_new"),
        {
            "title": "风险",
            "area": "ideology",
            "level": "general",
            "owner_unit": own_unit.pk,
            "measures": "措施",
            "resolve_by": (TODAY + timedelta(days=10)).isoformat(),
            "review_1": (TODAY + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200 and "不能晚于化解时限" in response.content.decode()
    assert not Risk.objects.exists()
