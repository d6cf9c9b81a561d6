"""The demo's 督办 history: each unit's 分管领导 as a contact, the daily `luoshi supervise` job as if it had
run on the days that make a ladder visible, and one manual chase — all through the services.

江岸区's overdue task (开展统战领域安全风险排查, due 6月底) climbs the whole ladder: 提醒 three days before its
due day, 催办 the working day after it (copied to the 分管领导), 警示 five working days later, then the
约谈/通报建议 to the supervisors; the same runs chase every other unit whose steps fall due on those days.
Each run's notices and notifications are dated to the day it stands for. 督办员 周敏 then chases 江岸区
by hand today, and 江岸区's liaison has read the reminder. Work a unit never signed for (江岸区's
参与美好环境与幸福生活共同缔造, and a few others) is chased once for its 签收 (签收催办) by the first run.
Every 催办, 警示 and 签收催办 downloads as its Word 催办通知单 / 警示通知单 from the 催办记录 page.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from luoshi.audit.services import Actor
from luoshi.notify.models import Notification, UnitContact
from luoshi.plans.models import Assignment
from luoshi.supervise.ladder import LadderSettings
from luoshi.supervise.models import Notice
from luoshi.supervise.run import supervise
from luoshi.supervise.services import chase_now
from luoshi.workdays.models import working_days

from . import data

LEADER_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
CHAIN_TASK = data.JIANGAN_SCENES["behind"][0]


def _contacts(units: dict) -> None:
    for i, unit in enumerate(units.values()):
        UnitContact.objects.create(
            unit=unit,
            leader_name=f"{LEADER_SURNAMES[i % len(LEADER_SURNAMES)]}副部长",
            leader_email=f"leader-{unit.pk}@example.cn",
        )


def ladder_days(due: date, today: date) -> list[date]:
    """The days the job must have run on for `due`'s whole ladder to show, up to today."""
    s, cal = LadderSettings.from_settings(), working_days()
    days = [
        due - timedelta(days=s.remind_days),
        cal.add(due, 1),
        cal.add(due, 1 + s.warning_days),
        cal.add(due, 1 + s.warning_days + s.escalate_days),
    ]
    return sorted({d for d in days if d < today})


def _run_as_of(day: date) -> None:
    started = timezone.now()
    supervise(day, send=False)
    stamp = timezone.make_aware(datetime.combine(day, time(8, 30)), timezone.get_current_timezone())
    made = Notice.objects.filter(created_at__gte=started)
    Notification.objects.filter(topic__in=[n.topic for n in made]).update(created_at=stamp)
    made.update(created_at=stamp, dispatched_at=stamp)


def show_chasing(demo, today: date) -> None:
    _contacts(demo.units)
    chained = Assignment.objects.get(
        task__plan=demo.plan, unit=demo.units["jiangan"], task__title__startswith=CHAIN_TASK
    )
    for day in ladder_days(chained.due_on, today) if chained.due_on else []:
        _run_as_of(day)
    _run_as_of(today)
    chase_now(Actor(user=demo.people["duban"]), chained, "请于本周五前报送整改进展和佐证材料。")
    liaison = demo.people["jiangan"]
    Notification.objects.filter(recipient=liaison, kind=Notice.Kind.REMINDER).update(read_at=timezone.now())
