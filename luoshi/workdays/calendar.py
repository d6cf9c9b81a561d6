"""Chinese working days: weekends and public holidays off, 调休 make-up days on.

Days come from the office's own entries (`DayOverride`) first, then the `chinese-calendar` package; for a
year neither covers, Monday to Friday count (and `uncovered_years` says which years those were, so a page
can warn that the holidays of that year still need entering). Counting is O(1) after a year is first seen:
each year's running count of working days is built once.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

BASE_YEAR = 2000


class WorkingDays:
    """A `luoshi.plans.progress.lights.Calendar` counting Chinese working days."""

    def __init__(self, overrides: dict[date, bool] | None = None):
        self.overrides = dict(overrides or {})
        self.uncovered_years: set[int] = set()
        self._years: dict[int, tuple[int, list[int]]] = {}  # year → (working days before it, running count)
        # Years built Monday to Friday; noted in `uncovered_years` only once a day of one is asked about.
        self._weekday_years: set[int] = set()
        # Each day asked about, answered once: chinese_calendar checks a date's range against every holiday
        # it knows on each call, and the assessment asks about the same few hundred days thousands of times.
        self._days: dict[date, tuple[bool, bool]] = {}

    def __repr__(self) -> str:
        return f"WorkingDays({len(self.overrides)} entries)"

    def is_workday(self, day: date) -> bool:
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = self._lookup(day)
        workday, known = found
        if not known:
            self.uncovered_years.add(day.year)
        return workday

    def _lookup(self, day: date) -> tuple[bool, bool]:
        """(is it a working day, is that known rather than guessed Monday to Friday)."""
        if day in self.overrides:
            return self.overrides[day], True
        try:
            return chinese_calendar.is_workday(day), True
        except NotImplementedError:
            return day.weekday() < 5, False

    def previous_workday(self, day: date) -> date:
        """`day` if it is a working day, else the last working day before it (where a due date that falls
        on a weekend or holiday moves). Days before BASE_YEAR are left as they are."""
        while day.year >= BASE_YEAR and not self.is_workday(day):
            day -= timedelta(days=1)
        return day

    def covers(self, year: int) -> bool:
        """Whether the holidays and make-up days of `year` are known: the package has the year, or the
        office has entered days of it. Otherwise the year is counted Monday to Friday."""
        if any(day.year == year for day in self.overrides):
            return True
        try:
            chinese_calendar.is_workday(date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    def _year(self, year: int) -> tuple[int, list[int]]:
        if year not in self._years:
            before = 0 if year <= BASE_YEAR else self._year(year - 1)[0] + self._year(year - 1)[1][-1]
            running, count, day = [], 0, date(year, 1, 1)
            while day.year == year:
                workday, known = self._lookup(day)
                if not known:
                    self._weekday_years.add(year)
                count += workday
                running.append(count)
                day += timedelta(days=1)
            self._years[year] = (before, running)
        return self._years[year]

    def _ordinal(self, day: date) -> int:
        """Working days from the start of BASE_YEAR up to and including `day`."""
        if day.year < BASE_YEAR:
            # A mistyped deadline (1925 for 2025) must not crash a page or the refresh: days before the
            # calendar's first year count Monday to Friday, negative so differences still work.
            self.uncovered_years.add(day.year)
            end, count = date(BASE_YEAR, 1, 1), 0
            while day + timedelta(days=1) < end:
                day += timedelta(days=1)
                count += day.weekday() < 5
            return -count
        before, running = self._year(day.year)
        if day.year in self._weekday_years:
            self.uncovered_years.add(day.year)
        return before + running[day.timetuple().tm_yday - 1]

    def days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` comes first)."""
        return self._ordinal(end) - self._ordinal(start)

    def add(self, start: date, working_days: int) -> date:
        """The day `working_days` working days after `start` (a time limit of N working days)."""
        day, left = start, working_days
        while left > 0:
            day += timedelta(days=1)
            left -= self.is_workday(day)
        return day
