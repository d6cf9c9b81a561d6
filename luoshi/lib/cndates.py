"""Dates the way Chinese government offices write them: 2025年3月8日."""

from datetime import date, datetime


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{cn_date(value)} {value:%H:%M}"


def cn_period(period: str) -> str:
    """'2025-03' → 2025年3月; '2025-Q1' → 2025年第一季度."""
    if not period:
        return ""
    year, _, rest = period.partition("-")
    return f"{year}年第{_quarter(rest)}" if rest.startswith("Q") else f"{year}年{int(rest)}月"


def cn_period_short(period: str) -> str:
    """Within one year (a chart's axis): '2025-03' → 3月; '2025-Q1' → 一季度."""
    rest = period.partition("-")[2]
    return _quarter(rest) if rest.startswith("Q") else f"{int(rest)}月"


def _quarter(rest: str) -> str:
    """'Q1' → 一季度."""
    return f"{'一二三四'[int(rest[1:]) - 1]}季度"


def cn_deadline(day: date | None, as_written: str = "") -> str:
    """A deadline with the words the document used: 2025年6月30日（6月底前）; either part alone when the
    other is missing (长期坚持 has no date)."""
    shown = cn_date(day)
    as_written = (as_written or "").strip()
    if not as_written or as_written == shown:
        return shown
    return f"{shown}（{as_written}）" if shown else as_written
