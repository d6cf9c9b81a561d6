"""The item's timeline tells the 督办 loop's acts beside the task's own, and takes events from other apps
(催办 notices) through the `LUOSHI_TIMELINE_SOURCES` setting."""

import datetime

from luoshi.audit.services import Actor
from luoshi.items import services
from luoshi.items.timeline import task_timeline
from luoshi.plans.views.task_page import Event

NOTICE_AT = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def notices(user, task):
    return [Event(at=NOTICE_AT, what="催办通知", who="系统", detail=f"任务 {task.code} 已逾期")]


def test_it_tells_extensions_and_close_out(future_task, liaison, supervisor):
    lead = future_task.assignments.get(role="lead")
    extension = services.request_extension(
        Actor(liaison),
        lead,
        new_due_on=lead.due_on + datetime.timedelta(days=9),
        reason="等批复",
        progress_note="过半",
    )
    services.decide_extension(Actor(supervisor), extension, approve=False, note="不宜延期")
    what = [e.what for e in task_timeline(supervisor, future_task)]
    assert "申请延期" in what and "审批延期申请" in what


def test_a_liaison_does_not_read_another_units_extension(future_task, liaison, other_liaison, supervisor):
    lead = future_task.assignments.get(role="lead")
    services.request_extension(
        Actor(liaison),
        lead,
        new_due_on=lead.due_on + datetime.timedelta(days=9),
        reason="等批复",
        progress_note="过半",
    )
    assert "申请延期" not in [e.what for e in task_timeline(other_liaison, future_task)]


def test_other_apps_add_events_through_the_setting(settings, future_task, supervisor):
    settings.LUOSHI_TIMELINE_SOURCES = ["luoshi.items.tests.test_timeline.notices"]
    events = task_timeline(supervisor, future_task)
    assert any(e.what == "催办通知" and "已逾期" in e.detail for e in events)
