"""The status light (亮灯) rule. Pure Python, no database: the same rule serves pages, the refresh
command and tests.

For an assignment (and a leaf task, from its own deadline and progress):

* **green** (绿灯) — finished (progress 100), or on schedule.
* **yellow** (黄灯) — behind schedule by more than 10 percentage points; or the latest report was returned
  (退回) and not yet resubmitted; or the deadline is within 7 days and the work is not finished.
* **red** (红灯) — the deadline has passed and the work is not finished; or behind schedule by more than
  30 percentage points; or the latest report was returned twice or more in a row.

"On schedule" compares progress with where the work should be by now: the share of the time from the plan's
start to the deadline that has elapsed, times 100. A task with no deadline is never overdue and never
behind schedule: only returns can turn it yellow or red.

A parent task's light is the worst light of its children that are not cancelled; a cancelled task is grey
in the interface and never counted.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models

BEHIND_YELLOW = 10
BEHIND_RED = 30
DUE_SOON_DAYS = 7


class Light(models.TextChoices):
    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


SEVERITY = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}


@dataclass(frozen=True)
class Situation:
    """What the rule needs to know about one piece of work on one day."""

    today: date
    progress: Decimal | float | int
    starts_on: date | None = None
    deadline: date | None = None
    returned_in_a_row: int = 0


def expected_progress(today: date, starts_on: date | None, deadline: date | None) -> float | None:
    """Percent of the work that should be done by `today`; None when there is no deadline."""
    if deadline is None:
        return None
    if starts_on is None or starts_on >= deadline:
        return 100.0 if today >= deadline else 0.0
    if today <= starts_on:
        return 0.0
    elapsed = (min(today, deadline) - starts_on).days
    return 100.0 * elapsed / (deadline - starts_on).days


def compute_light(s: Situation) -> Light:
    progress = float(s.progress)
    if progress >= 100:
        return Light.GREEN
    if s.returned_in_a_row >= 2:
        return Light.RED
    if s.deadline is not None and s.today > s.deadline:
        return Light.RED
    expected = expected_progress(s.today, s.starts_on, s.deadline)
    behind = (expected - progress) if expected is not None else 0.0
    if behind > BEHIND_RED:
        return Light.RED
    if s.returned_in_a_row >= 1 or behind > BEHIND_YELLOW:
        return Light.YELLOW
    if s.deadline is not None and (s.deadline - s.today).days <= DUE_SOON_DAYS:
        return Light.YELLOW
    return Light.GREEN


def worst(lights) -> Light:
    """The most severe of several lights (green when there are none)."""
    result = Light.GREEN
    for light in lights:
        if SEVERITY[Light(light)] > SEVERITY[result]:
            result = Light(light)
    return result
