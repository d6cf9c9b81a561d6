import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.audit.services import Actor
from luoshi.items import services
from luoshi.items.minutes import split_decisions
from luoshi.items.models import Item, Source
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Task

from .conftest import pdf

TODAY = datetime.date.today()


def _on_schedule(task):
    """The task's plan starts today: by its own schedule the work is green."""
    from luoshi.plans.progress.recompute import recompute_plan

    task.plan.starts_on = TODAY
    task.plan.save(update_fields=["starts_on"])
    task.assignments.update(assigned_on=TODAY)
    recompute_plan(task.plan)


def test_the_light_follows_the_next_open_milestone(future_task, supervisor, liaison):
    _on_schedule(future_task)
    future_task.refresh_from_db()
    assert services.task_light(future_task, [], TODAY).light == "green"
    late = services.add_milestone(
        Actor(supervisor), future_task, title="完成方案起草", due_on=TODAY + datetime.timedelta(days=1)
    )
    later = services.add_milestone(
        Actor(supervisor), future_task, title="召开座谈会", due_on=TODAY + datetime.timedelta(days=40)
    )
    verdict = services.task_light(future_task, [late, later], TODAY + datetime.timedelta(days=3))
    assert verdict.light == "red" and "完成方案起草" in verdict.reason
    lead = future_task.assignments.get(role="lead")
    services.complete_milestone(Actor(liaison), late, lead, note="方案已印发", files=[pdf()])
    late.refresh_from_db()
    future_task.refresh_from_db()
    assert (
        services.task_light(future_task, [late, later], TODAY + datetime.timedelta(days=3)).light == "green"
    )


def test_a_milestone_stays_within_the_task_deadline(future_task, supervisor):
    with pytest.raises(ServiceError, match="不能晚于"):
        services.add_milestone(
            Actor(supervisor),
            future_task,
            title="x节点",
            due_on=future_task.deadline + datetime.timedelta(days=1),
        )


def test_a_co_unit_cannot_complete_a_milestone(future_task, supervisor, other_liaison):
    m = services.add_milestone(Actor(supervisor), future_task, title="节点一", due_on=TODAY)
    co = future_task.assignments.get(role="co")
    with pytest.raises(ServiceError, match="配合单位"):
        services.complete_milestone(Actor(other_liaison), m, co, note="完成", files=[pdf()])


@pytest.fixture
def proposal(supervisor, leader, own_unit):
    item = services.register_item(
        Actor(supervisor),
        deploying_unit=supervisor.unit,
        source=Source.PROPOSAL,
        title="关于加强新就业群体统战工作的建议",
        origin_author="李委员",
        origin_title="第0123号提案",
        lead_units=[own_unit],
    )
    return services.approve_item(Actor(leader), item)


def test_a_proposal_is_answered_and_rated(proposal, liaison, supervisor):
    with pytest.raises(ServiceError, match="尚未上传答复件"):
        services.rate_proposal(Actor(supervisor), proposal, rating="satisfied")
    services.answer_proposal(Actor(liaison), proposal, files=[pdf("答复.pdf")])
    item = services.rate_proposal(Actor(supervisor), proposal, rating="basically")
    assert (item.rating, item.rounds) == (Item.Rating.BASICALLY, 1)


def test_unsatisfied_starts_another_round_and_reopens(proposal, liaison, supervisor):
    services.answer_proposal(Actor(liaison), proposal, files=[pdf("答复.pdf")])
    lead = proposal.task.assignments.get(role="lead")
    close_out = services.request_close_out(Actor(liaison), lead, summary="已答复", files=[pdf()])
    services.verify_close_out(
        Actor(supervisor), close_out, approve=True, method="documents", verification="已答复"
    )
    item = services.rate_proposal(Actor(supervisor), proposal, rating="unsatisfied")
    item.task.refresh_from_db()
    assert (item.rounds, item.rating, item.answered_at, item.task.status) == (2, "", None, Task.Status.ACTIVE)
    services.answer_proposal(Actor(liaison), item, files=[pdf("再次答复.pdf")])
    assert services.rate_proposal(Actor(supervisor), item, rating="satisfied").rating == "satisfied"


def test_minutes_split_numbered_lines_and_clauses():
    minutes = "会议议定：\n一、做好换届考察工作\n二、一是筹备座谈会；二是编印宣传册\n（三）开展专题调研"
    assert split_decisions(minutes) == ["做好换届考察工作", "筹备座谈会", "编印宣传册", "开展专题调研"]


@given(st.text(max_size=300))
def test_minutes_split_never_fails_and_keeps_only_real_text(text):
    for decision in split_decisions(text):
        assert decision == decision.strip() and len(decision) >= 4
        assert decision in text  # a piece of the minutes, never made up
        assert not any(c in decision for c in "\n\r")


def test_minutes_with_nothing_in_them_are_refused(supervisor, own_unit):
    with pytest.raises(ServiceError, match="没有识别出议定事项"):
        services.register_meeting_decisions(
            Actor(supervisor),
            deploying_unit=supervisor.unit,
            meeting="部务会",
            meeting_date=None,
            minutes="\n\n",
            lead_units=[own_unit],
        )


def test_stored_lights_follow_the_next_open_milestone(future_task, supervisor, liaison):
    """The one light rule reads the next open node, so the stored lights that dashboards, lists and the
    light history read follow it — not only the item page."""
    from luoshi.plans.models import Assignment, LightChange
    from luoshi.plans.progress.recompute import recompute_plan

    plan = future_task.plan
    _on_schedule(future_task)
    lead, co = future_task.assignments.get(role="lead"), future_task.assignments.get(role="co")
    assert {lead.light, co.light} == {"green"}

    node = services.add_milestone(
        Actor(supervisor), future_task, title="完成方案起草", due_on=TODAY - datetime.timedelta(days=1)
    )
    lead.refresh_from_db()
    co.refresh_from_db()
    future_task.refresh_from_db()
    assert (lead.light, co.light, future_task.light) == ("red", "green", "red")
    change = LightChange.objects.filter(assignment=lead).latest("id")
    assert "节点“完成方案起草”" in change.reason
    # The daily bulk refresh judges the same way.
    Assignment.objects.filter(pk=lead.pk).update(light="green")
    recompute_plan(plan)
    lead.refresh_from_db()
    assert lead.light == "red"

    services.complete_milestone(Actor(liaison), node, lead, note="方案已印发", files=[pdf()])
    lead.refresh_from_db()
    future_task.refresh_from_db()
    assert (lead.light, future_task.light) == ("green", "green")


def test_a_finished_unit_is_not_held_by_an_open_milestone(future_task, supervisor):
    from luoshi.plans.models import Assignment
    from luoshi.plans.progress.recompute import recompute_plan

    Assignment.objects.filter(task=future_task).update(progress=100)
    services.add_milestone(
        Actor(supervisor), future_task, title="完成方案起草", due_on=TODAY - datetime.timedelta(days=1)
    )
    recompute_plan(future_task.plan)
    assert set(future_task.assignments.values_list("light", flat=True)) == {"green"}


def test_the_explanation_beside_the_light_names_the_late_milestone(client, future_task, supervisor, liaison):
    from django.urls import reverse

    _on_schedule(future_task)
    services.add_milestone(
        Actor(supervisor), future_task, title="完成方案起草", due_on=TODAY - datetime.timedelta(days=1)
    )
    client.force_login(supervisor)
    page = client.get(reverse("plans:task", kwargs={"pk": future_task.pk})).content.decode()
    assert "节点“完成方案起草”已逾期" in page
    client.force_login(liaison)
    lead = future_task.assignments.get(role="lead")
    page = client.get(reverse("reports:assignment", kwargs={"pk": lead.pk})).content.decode()
    assert "节点“完成方案起草”已逾期" in page
