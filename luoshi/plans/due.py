"""When a unit's work is due (`Assignment.due_on`): the task's deadline, moved back to the last working day
before it when it falls on a weekend or holiday and the plan says so (`Plan.due_on_previous_workday`, on
by default; offices set deadlines such as 国庆节 1 October and expect the work on the last day at work).
Every place that sets `due_on` from a deadline comes here; an approved extension sets it otherwise.

Recurring work (每月25日前报送, 每季度末完成; `Task.recurrence`) falls due once per month or quarter: its
`due_on` is the current occurrence — the first one not yet covered by a report — moved back like any
deadline, and the task's `deadline` is the last occurrence of the plan's year. A report filed after one
occurrence and up to the next covers the next; while none covers the current one past its day, the work
is overdue (the light judges that occurrence, see progress.rollup).

Editing the working-day calendar can move due dates: `calendar_moves` lists what a change would move
(the administrator sees it before saving) and `apply_calendar_moves` moves it.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from luoshi.workdays.calendar import WorkingDays
from luoshi.workdays.models import working_days

from .models import Assignment, Plan, Recurrence

MONTHS_APART = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3}


def derive_due_on(deadline: date | None, moves: bool, calendar: WorkingDays) -> date | None:
    """The due date for work whose task has `deadline`: the deadline itself, or (when `moves`) the last
    working day on or before it."""
    if deadline is None or not moves:
        return deadline
    return calendar.previous_workday(deadline)


def due_on_for(deadline: date | None, plan: Plan, calendar: WorkingDays | None = None) -> date | None:
    """`derive_due_on` with the plan's setting and (unless given) the calendar in force."""
    if deadline is None or not plan.due_on_previous_workday:
        return deadline
    return derive_due_on(deadline, True, calendar or working_days())


def _on(year: int, month: int, day: int | None) -> date:
    """Day `day` of the month (its last day when None, or when the month is shorter)."""
    last = month_calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last) if day else last)


def occurrences(recurrence: str, day: int | None, first: date, last: date) -> list[date]:
    """The deadlines, as written, of recurring work from `first` to `last` (both included): every month's
    day `day` (or last day), or that day of each quarter's last month (March, June, September, December)."""
    step = MONTHS_APART[Recurrence(recurrence)]
    year, month = first.year, first.month
    if step == 3:
        month = (month + 2) // 3 * 3
    found = []
    while (year, month) <= (last.year, last.month):
        deadline = _on(year, month, day)
        if first <= deadline <= last:
            found.append(deadline)
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return found


def last_occurrence(recurrence: str, day: int | None, year: int) -> date:
    """The year's last occurrence: the recurring task's `deadline`."""
    return occurrences(recurrence, day, date(year, 12, 1), date(year, 12, 31))[-1]


def current_occurrence(
    recurrence: str,
    day: int | None,
    *,
    started: date,
    final: date,
    reported_on: date | None,
    moves: bool,
    calendar: WorkingDays,
) -> date:
    """The due date of the occurrence the work answers for now: the first one (moved back to a working day
    when `moves`) on or after `started` that no report covers. A report covers the first occurrence due on
    or after the day it was filed. After the last occurrence is covered, the last one stays (the work is
    done for the year; its progress says so)."""
    due = [derive_due_on(d, moves, calendar) for d in occurrences(recurrence, day, started, final)]
    due = [d for d in due if d >= started] or [derive_due_on(final, moves, calendar)]
    if reported_on is None:
        return due[0]
    covered = next((i for i, d in enumerate(due) if d >= reported_on), len(due) - 1)
    return due[min(covered + 1, len(due) - 1)]


@dataclass(frozen=True)
class Move:
    """One assignment whose due date a calendar change moves."""

    assignment_id: int
    plan_id: int
    plan_title: str
    task_code: str
    task_title: str
    unit_name: str
    deadline: date
    before: date
    after: date


def _window_end(day: date, old: WorkingDays, new: WorkingDays) -> date:
    """The first day after `day` that is a working day in both calendars: from there on, the last working
    day on or before a deadline is the same in both (they differ only on `day`)."""
    end = day + timedelta(days=1)
    while not (old.is_workday(end) and new.is_workday(end)) and end - day < timedelta(days=400):
        end += timedelta(days=1)
    return end


def calendar_moves(changed: dict[date, bool | None]) -> list[Move]:
    """The due dates a change of the office's calendar entries would move: `changed` maps each day to its
    new entry (True working, False off, None: entry removed). Only assignments still due on the date
    derived from the current calendar move (a date set otherwise, by an extension, stays), in plans that
    are not archived and move due dates at all."""
    old = working_days()
    overrides = dict(old.overrides)
    for day, value in changed.items():
        if value is None:
            overrides.pop(day, None)
        else:
            overrides[day] = value
    new = WorkingDays(overrides)
    windows = [(day, _window_end(day, old, new)) for day in changed]
    candidates = (
        Assignment.objects.filter(
            task__plan__due_on_previous_workday=True, due_on__isnull=False, task__deadline__isnull=False
        )
        .exclude(task__plan__status=Plan.Status.ARCHIVED)
        .select_related("task__plan", "unit")
        .order_by("task__plan_id", "task__id", "unit__order", "id")
    )
    if not windows:
        return []
    in_window = Q()
    for start, end in windows:
        in_window |= Q(task__deadline__gte=start, task__deadline__lt=end)
    moves = []
    for a in candidates.filter(in_window):
        deadline = a.task.deadline
        before, after = old.previous_workday(deadline), new.previous_workday(deadline)
        if a.due_on == before and before != after:
            moves.append(
                Move(
                    a.pk,
                    a.task.plan_id,
                    a.task.plan.title,
                    a.task.code,
                    a.task.title,
                    a.unit.display_name,
                    deadline,
                    before,
                    after,
                )
            )
    return moves


def apply_calendar_moves(moves: list[Move]) -> set[int]:
    """Set the moved due dates (the caller holds the transaction); returns the plans touched, whose
    lights the caller recomputes."""
    pairs: dict[tuple[date, date], list[int]] = {}
    for move in moves:
        pairs.setdefault((move.before, move.after), []).append(move.assignment_id)
    for (before, after), ids in pairs.items():
        Assignment.objects.filter(pk__in=ids, due_on=before).update(due_on=after)
    return {m.plan_id for m in moves}


def rederive_due_dates(plan: Plan) -> int:
    """After the plan's setting changed: move each assignment still due on the date the old setting gave
    to the date the new one gives (a date set otherwise, by an extension, stays). Returns how many moved."""
    calendar = working_days()
    moved = 0
    rows = Assignment.objects.filter(task__plan=plan, task__deadline__isnull=False).values_list(
        "pk", "due_on", "task__deadline"
    )
    pairs: dict[tuple[date | None, date | None], list[int]] = {}
    for pk, due_on, deadline in rows:
        old = derive_due_on(deadline, not plan.due_on_previous_workday, calendar)
        new = derive_due_on(deadline, plan.due_on_previous_workday, calendar)
        if due_on == old and old != new:
            pairs.setdefault((old, new), []).append(pk)
    for (old, new), ids in pairs.items():
        moved += Assignment.objects.filter(pk__in=ids, due_on=old).update(due_on=new)
    return moved
