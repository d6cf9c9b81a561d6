"""Reporting periods (周期) as strings: '2025-03' for a month, '2025-Q1' for a quarter. Django-free."""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

MONTHLY = "monthly"
QUARTERLY = "quarterly"

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def period_of(day: date, kind: str = MONTHLY) -> str:
    """The period `day` falls in: '2025-03' (monthly) or '2025-Q1' (quarterly)."""
    if kind == QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def is_valid(period: str, kind: str = MONTHLY) -> bool:
    """Whether `period` is well formed for a plan reporting `kind`-ly."""
    pattern = _QUARTER if kind == QUARTERLY else _MONTH
    return bool(pattern.match(period or ""))


def bounds(period: str) -> tuple[date, date]:
    """The first and last day of a period ('2025-03' → 3月1日 to 3月31日; '2025-Q1' → 1月1日 to 3月31日)."""
    import calendar

    month = _MONTH.match(period or "")
    if month:
        year, first = int(month[1]), int(month[2])
        last = first
    else:
        quarter = _QUARTER.match(period or "")
        if not quarter:
            raise ValueError(f"not a period: {period!r}")
        year, first = int(quarter[1]), 3 * int(quarter[2]) - 2
        last = first + 2
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def previous(period: str) -> str:
    """The period before: '2025-01' → '2024-12', '2025-Q1' → '2024-Q4'."""
    quarter = _QUARTER.match(period or "")
    if quarter:
        year, q = int(quarter[1]), int(quarter[2])
        return f"{year - 1}-Q4" if q == 1 else f"{year}-Q{q - 1}"
    month = _MONTH.match(period or "")
    if not month:
        raise ValueError(f"not a period: {period!r}")
    year, m = int(month[1]), int(month[2])
    return f"{year - 1}-12" if m == 1 else f"{year}-{m - 1:02d}"


class WorkingDayCounter(Protocol):
    def add(self, start: date, working_days: int) -> date: ...


def report_due(period: str, calendar: WorkingDayCounter, working_days: int) -> date:
    """The day a period's report is due: `working_days` working days after the period's last day.

    The one rule for when a report is late or missing: the 漏报 chase (`luoshi.supervise.ladder`), the
    reporting-discipline 通报 (`luoshi.documents.discipline`) and assessment's 按时报送
    (`luoshi.assess.measures`) all ask here, with `settings.REPORT_DUE_DAYS` and the working-day calendar.
    """
    return calendar.add(bounds(period)[1], working_days)
