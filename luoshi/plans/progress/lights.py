"""The status light (亮灯) and overdue rules. Pure Python, no database: the same rule serves pages, the
refresh, the light history and tests.

For an assignment (and a leaf task, from its own deadline and progress):

* **green** (绿灯) — finished (progress 100), or on schedule.
* **yellow** (黄灯) — behind schedule by more than `behind_yellow` points; or the latest report was returned
  (退回) and not yet resubmitted; or the deadline is within `due_soon_days` and the work is not finished.
* **red** (红灯) — the deadline has passed and the work is not finished; or behind schedule by more than
  `behind_red` points; or the latest report was returned twice or more in a row (and not resubmitted).

"On schedule" compares progress with where the work should be by now: the share of the time from the start
(the plan's start, or the day the unit was assigned when that is later) to the deadline that has elapsed,
times 100. A task with no deadline is never overdue and never behind schedule: only returns can turn it
yellow or red.

**Overdue** (逾期): the due day has passed, the work is below 100 and still live. Days are counted by the
policy's calendar: calendar days today; the supervision work plugs in Chinese working days.

The thresholds and the calendar travel together as a frozen `LightPolicy`, so every caller judges with
the same numbers and a test can pass its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from django.db import models


class Light(models.TextChoices):
    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


SEVERITY = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}


class Calendar(Protocol):
    """How days are counted between two dates (calendar days, or working days)."""

    def days_between(self, start: date, end: date) -> int:
        """Days from `start` to `end` (negative when `end` comes first)."""
        ...


class CalendarDays:
    """Every day counts."""

    def days_between(self, start: date, end: date) -> int:
        return (end - start).days

    def __repr__(self) -> str:
        return "CalendarDays()"


@dataclass(frozen=True)
class LightPolicy:
    """The light rule's numbers and the calendar it counts days with."""

    behind_yellow: int = 10
    behind_red: int = 30
    due_soon_days: int = 7
    calendar: Calendar = field(default_factory=CalendarDays)


DEFAULT_POLICY = LightPolicy()


@dataclass(frozen=True)
class Situation:
    """What the rule needs to know about one piece of work on one day."""

    today: date
    progress: Decimal | float | int
    starts_on: date | None = None
    deadline: date | None = None
    returned_in_a_row: int = 0


@dataclass(frozen=True)
class Verdict:
    """A light with the reason for it, in words a reader of the page understands."""

    light: Light
    reason: str
    expected: float | None = None  # percent that should be done by today; None without a deadline


def expected_progress(
    today: date, starts_on: date | None, deadline: date | None, calendar: Calendar | None = None
) -> float | None:
    """Percent of the work that should be done by `today`; None when there is no deadline."""
    if deadline is None:
        return None
    calendar = calendar or DEFAULT_POLICY.calendar
    if starts_on is None or starts_on >= deadline:
        return 100.0 if today >= deadline else 0.0
    if today <= starts_on:
        return 0.0
    span = calendar.days_between(starts_on, deadline)
    if span <= 0:
        return 100.0 if today >= deadline else 0.0
    elapsed = calendar.days_between(starts_on, min(today, deadline))
    return 100.0 * elapsed / span


def _points(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def judge(s: Situation, policy: LightPolicy = DEFAULT_POLICY) -> Verdict:
    """The light for `s` and why."""
    progress = float(s.progress)
    expected = expected_progress(s.today, s.starts_on, s.deadline, policy.calendar)
    if progress >= 100:
        return Verdict(Light.GREEN, "已完成", expected)
    if s.returned_in_a_row >= 2:
        return Verdict(Light.RED, f"连续被退回{s.returned_in_a_row}次", expected)
    days_late = overdue_days(s.deadline, progress, s.today, policy)
    if days_late:
        return Verdict(Light.RED, f"已逾期{days_late}天", expected)
    behind = (expected - progress) if expected is not None else 0.0
    if behind > policy.behind_red:
        return Verdict(Light.RED, f"落后时间进度{_points(behind)}个百分点", expected)
    if s.returned_in_a_row >= 1:
        return Verdict(Light.YELLOW, "报送被退回，尚未重新报送", expected)
    if behind > policy.behind_yellow:
        return Verdict(Light.YELLOW, f"落后时间进度{_points(behind)}个百分点", expected)
    if s.deadline is not None:
        left = policy.calendar.days_between(s.today, s.deadline)
        if left <= policy.due_soon_days:
            return Verdict(Light.YELLOW, "今天到期" if left == 0 else f"距时限还有{left}天", expected)
    return Verdict(Light.GREEN, "进度正常", expected)


def compute_light(s: Situation, policy: LightPolicy = DEFAULT_POLICY) -> Light:
    return judge(s, policy).light


def overdue_days(
    due_on: date | None, progress: Decimal | float | int, today: date, policy: LightPolicy = DEFAULT_POLICY
) -> int:
    """Days past `due_on` for unfinished work (0 when not overdue). Whether the work is live at all
    (not cancelled, completed or guidance) is the caller's part: see `recompute`."""
    if due_on is None or today <= due_on or float(progress) >= 100:
        return 0
    return max(policy.calendar.days_between(due_on, today), 1)


def worst(lights) -> Light:
    """The most severe of several lights (green when there are none)."""
    result = Light.GREEN
    for light in lights:
        if SEVERITY[Light(light)] > SEVERITY[result]:
            result = Light(light)
    return result
