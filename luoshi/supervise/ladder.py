"""The 催办 ladder as dates: which steps are due today, worked out once per run in Python (working days
come from `luoshi.workdays`), so the database only compares stored dates with a few cut-off days.

For an unfinished assignment of a published plan, counting working days:

* 提醒 (reminder, 蓝): the due day is today or within `remind_days` working days;
* 催办 (chase, 红): the working day after the due day has come — copied to the unit's 分管领导;
* 警示 (warning, 红): `warning_days` more working days have passed;
* 约谈/通报建议 (escalation, 红): `escalate_days` more — proposed to the deploying unit's supervisors.

Major work (特急, `MAJOR_URGENCIES`) starts one step higher: 警示 the working day after the due day (copied
to the 分管领导 at once) and 约谈/通报建议 `warning_days` working days later; it is reminded before the due day
like any work. Only the highest step due is taken, so a job that first runs long after a due day proposes 约谈 instead of
sending every lower step at once. Two chases run beside the ladder: 漏报 (the latest period whose report
is due — `report_due_days` working days after the period ends — has no report) and silence (no report for
`silence_days` working days since the last one, or since the assignment), and 签收催办 (not acknowledged
by its 签收 day: `acknowledge_limit` working days — 0 for 特急 — after the unit could see it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from luoshi.lib import periods
from luoshi.plans.urgency import Urgency, acknowledge_limit

# The urgencies whose ladder starts one step higher (重大、特急事项 are not first chased, they are warned).
MAJOR_URGENCIES = frozenset({Urgency.EXTRA_URGENT.value})


@dataclass(frozen=True)
class LadderSettings:
    remind_days: int = 3
    warning_days: int = 5
    escalate_days: int = 5
    silence_days: int = 20
    report_due_days: int = 5

    @classmethod
    def from_settings(cls) -> LadderSettings:
        return cls(
            remind_days=settings.CHASE_REMIND_DAYS,
            warning_days=settings.CHASE_WARNING_DAYS,
            escalate_days=settings.CHASE_ESCALATE_DAYS,
            silence_days=settings.CHASE_SILENCE_DAYS,
            report_due_days=settings.REPORT_DUE_DAYS,
        )


def latest_start(calendar, today: date, working_days: int) -> date:
    """The latest day `d` with `calendar.add(d, working_days) <= today`: anything on or before it has had
    `working_days` working days pass by today."""
    day = today
    while calendar.add(day, working_days) > today:
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True)
class Cutoffs:
    """The days the selection compares `due_on` and the last report with."""

    today: date
    remind_until: date  # reminder: today <= due_on <= remind_until
    chase: date  # chase: warning < due_on <= chase
    warning: date  # warning: escalation < due_on <= warning
    escalation: date  # escalation: due_on <= escalation
    silence: date  # silence: last report (or assignment) day <= silence
    major_escalation: date  # major work: warning if major_escalation < due_on <= chase, escalation below
    acknowledge: dict[int, date]  # 签收 limit in working days → the latest start whose 签收 day has passed


def cutoffs(today: date, calendar, s: LadderSettings) -> Cutoffs:
    return Cutoffs(
        today=today,
        remind_until=calendar.add(today, s.remind_days),
        chase=latest_start(calendar, today, 1),
        warning=latest_start(calendar, today, 1 + s.warning_days),
        escalation=latest_start(calendar, today, 1 + s.warning_days + s.escalate_days),
        silence=latest_start(calendar, today, s.silence_days),
        major_escalation=latest_start(calendar, today, 1 + s.warning_days),
        acknowledge={
            limit: latest_start(calendar, today - timedelta(days=1), limit)
            for limit in {acknowledge_limit(u) for u in Urgency.values}
        },
    )


def acknowledge_due(start: date, urgency: str, calendar) -> date:
    """The day 签收 is due for work the unit could see from `start`."""
    return calendar.add(start, acknowledge_limit(urgency))


def report_due_day(period: str, calendar, s: LadderSettings) -> date:
    """The day a period's report is due (the one rule, `periods.report_due`), with the ladder's setting."""
    return periods.report_due(period, calendar, s.report_due_days)


def latest_due_period(today: date, kind: str, calendar, s: LadderSettings) -> tuple[str, date]:
    """The latest period (of a monthly or quarterly plan) whose report was due by today, and that day."""
    period = periods.period_of(today, kind)
    while report_due_day(period, calendar, s) > today:
        period = periods.period_of(periods.bounds(period)[0] - timedelta(days=1), kind)
    return period, report_due_day(period, calendar, s)
