"""Progress roll-up and light refresh. Derived figures are stored on the rows so that pages and
dashboards aggregate in the database; these functions keep them right.

Roll-up rule (written down in the README too):
* an assignment's progress is the percent of its latest accepted report;
* a leaf task's computed progress is the mean of its lead assignments' progress (all assignments when it
  has no lead); a leaf with no assignments keeps 0;
* a parent's computed progress comes from its children that are not cancelled, by the plan's rule:
  weighted by task weight (default), simple mean, or manual (the parent keeps only what is entered by hand);
* a task's effective `progress` is the supervisor's override when set, else the computed value.
"""

from __future__ import annotations

from datetime import date


def recompute_task(task) -> None:
    """Recompute a task's progress and light and walk up to the root."""
    raise NotImplementedError


def recompute_plan(plan, today: date | None = None) -> None:
    """Recompute every task's progress and every assignment's and task's light in a plan, in bulk."""
    raise NotImplementedError


def refresh_lights(today: date | None = None, plans=None) -> int:
    """Refresh lights of all published plans (or the given ones) as of `today`; returns rows changed.
    Lights depend on the date, so `luoshi refresh_lights --loop` runs this daily; safe to run twice."""
    raise NotImplementedError
