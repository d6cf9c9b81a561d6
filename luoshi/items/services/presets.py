"""Time limits by source and urgency, in working days: the office's `TimeLimit` rows, else these defaults.

Defaults follow published 督查督办工作办法: a leader's instruction 特急 2 and 急 5 working days (the range
offices use is 1–5), 一般 15; a meeting's decision is first reported within 5 working days and, when the
minutes set no limit, done within 20; everything else 15.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from luoshi.workdays.models import working_days

from ..models import Source, TimeLimit, Urgency


@dataclass(frozen=True)
class Preset:
    working_days: int
    first_report_days: int | None = None


DEFAULTS: dict[tuple[str, str], Preset] = {
    (Source.INSTRUCTION, Urgency.EXTRA_URGENT): Preset(2),
    (Source.INSTRUCTION, Urgency.URGENT): Preset(5),
    (Source.INSTRUCTION, Urgency.NORMAL): Preset(15),
    **{(Source.MEETING, u): Preset(20, first_report_days=5) for u in Urgency.values},
    **{(s, u): Preset(15) for s in (Source.ASSIGNED, Source.PROPOSAL) for u in Urgency.values},
}


def preset(source: str, urgency: str) -> Preset:
    """The time limit the office set for this source and urgency, or the default."""
    row = TimeLimit.objects.filter(source=source, urgency=urgency).first()
    if row is not None:
        return Preset(row.working_days, row.first_report_days)
    return DEFAULTS[(Source(source), Urgency(urgency))]


@dataclass(frozen=True)
class Schedule:
    time_limit_days: int
    due_on: date
    first_report_on: date | None


def schedule(source: str, urgency: str, start: date, working_days_given: int | None = None) -> Schedule:
    """When an item registered on `start` is due: `working_days_given` when the source states a limit,
    else the preset; counted in Chinese working days (holidays and 调休 make-up days included)."""
    p = preset(source, urgency)
    days = working_days_given or p.working_days
    calendar = working_days()
    return Schedule(
        time_limit_days=days,
        due_on=calendar.add(start, days),
        first_report_on=calendar.add(start, p.first_report_days) if p.first_report_days else None,
    )
