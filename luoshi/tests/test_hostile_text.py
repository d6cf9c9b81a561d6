"""Hostile characters typed into titles, narratives and reasons are dropped on every path that stores them:
the pages' forms, the services (commands, the demo) and the REST API. Before the normaliser, ESC, the
right-to-left override and zero-width characters were stored as typed, and a NUL in pasted text was answered
with "请粘贴文稿内容" instead of what was wrong."""

import pytest
from django.urls import reverse

from luoshi.audit.services import Actor
from luoshi.conftest import login
from luoshi.drafts.models import Draft
from luoshi.lib.text import NUL_MESSAGE
from luoshi.plans import services as plan_services
from luoshi.plans.models import Plan
from luoshi.reports import services as report_services
from luoshi.reports.models import Report
from luoshi.tests import factories as f

HOSTILE = "\x1b[2J深化\u202e凝心\u200b工程\ufeff\x85"
CLEAN = "[2J深化凝心工程"


def test_the_plan_form_stores_the_title_cleaned(client, supervisor):
    login(client, supervisor)
    response = client.post(
        reverse("plans:create"),
        {"title": HOSTILE, "year": 2025, "kind": "annual", "period": "monthly", "rollup": "weighted"},
    )
    assert response.status_code == 302, response.content.decode()
    assert Plan.objects.get().title == CLEAN


def test_the_services_clean_titles_descriptions_and_targets(supervisor, city):
    actor = Actor(supervisor)
    plan = plan_services.create_plan(actor, title=HOSTILE, year=2025, deploying_unit=city)
    task = plan_services.add_task(
        actor,
        plan,
        title=HOSTILE,
        description=f"第一段\r\n{HOSTILE}",
        deadline_text="6月底\u200b前",
        targets=[{"metric": f"培训{HOSTILE}", "target_value": "3", "unit": "场\u202e"}],
    )
    target = task.targets.get()
    assert (plan.title, task.title, task.description, task.deadline_text) == (
        CLEAN,
        CLEAN,
        f"第一段\n{CLEAN}",
        "6月底前",
    )
    assert (target.metric, target.unit) == (f"培训{CLEAN}", "场")
    task = plan_services.update_task(actor, task, title=f"新{HOSTILE}", description="\u2066说明\u2069")
    assert (task.title, task.description) == (f"新{CLEAN}", "说明")


def test_the_report_services_clean_narrative_and_return_reason(liaison, supervisor, own_assignment):
    report = report_services.start_report(Actor(liaison), own_assignment, period="2025-03")
    report = report_services.save_draft(
        Actor(liaison), report, revision=report.revision, narrative=f"开展{HOSTILE}\x00", percent=10
    )
    assert Report.objects.get(pk=report.pk).narrative == f"开展{CLEAN}"
    report = report_services.submit_report(Actor(liaison), report)
    report_services.return_report(Actor(supervisor), report, reason="请补充\u202e材料\x00")
    assert Report.objects.get(pk=report.pk).return_reason == "请补充材料"


def test_the_api_stores_a_narrative_cleaned(client, liaison, own_assignment):
    from luoshi.api.tests.test_api import key_for, post

    response = post(
        client,
        f"assignments/{own_assignment.pk}/reports",
        key_for(liaison),
        {"period": "2025-03", "narrative": f"已开展培训\u202e\x00{HOSTILE}", "percent": 40},
    )
    assert response.status_code == 201, response.content
    assert Report.objects.get().narrative == f"已开展培训{CLEAN}"


def test_pasted_text_with_a_nul_is_refused_saying_so(client, supervisor):
    login(client, supervisor)
    response = client.post(reverse("drafts:new"), {"year": 2025, "text": "一、深化凝心工程\x00\x00"})
    body = response.content.decode()
    assert NUL_MESSAGE in body and "请粘贴文稿内容" not in body
    assert not Draft.objects.exists()


def test_the_draft_editor_cleans_a_renamed_item(client, supervisor, city):
    from luoshi.drafts import services as draft_services

    draft = draft_services.create_draft_from_text(
        Actor(supervisor),
        deploying_unit=city,
        title=f"要点{HOSTILE}",
        year=2025,
        text="一、深化凝心\u202e工程\n",
    )
    assert draft.title == f"要点{CLEAN}"
    assert "\u202e" not in draft.source_text
    node = draft.tree[0]
    draft = draft_services.rename_node(Actor(supervisor), draft, node["id"], f"新名称{HOSTILE}")
    assert draft.tree[0]["title"] == f"新名称{CLEAN}"


@pytest.mark.parametrize("field", ["name", "short_name"])
def test_the_admin_cleans_a_units_name(client, sysadmin, field):
    from luoshi.org.models import Unit

    unit = f.UnitFactory(name="某区委统战部", short_name="某区")
    login(client, sysadmin)
    page = client.get(reverse("admin:org_unit_change", args=[unit.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data[field] = f"新区{HOSTILE}"
    response = client.post(reverse("admin:org_unit_change", args=[unit.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert getattr(Unit.objects.get(pk=unit.pk), field) == f"新区{CLEAN}"
