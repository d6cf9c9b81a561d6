"""Reporting periods (周期) as strings: '2025-03' for a month, '2025-Q1' for a quarter. Django-free."""

from __future__ import annotations

import re
from datetime import date

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
