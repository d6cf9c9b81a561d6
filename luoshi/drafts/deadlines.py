"""Turn a deadline as written (6月底前, 年底前, 2025年10月, 第三季度) into a date within the plan's year.

The parser keeps the words; a task needs a date for its light, so no phrase leaves a task that never
falls due. Recurring work (每季度末完成, 每月25日前报送) becomes a recurrence (`recurrence_of`) whose
occurrences fall due in turn (plans.due); its deadline is the year's last occurrence. Open-ended phrases
(长期坚持, 持续推进, 每年) are due at the end of the year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from luoshi.plans.due import last_occurrence
from luoshi.plans.models import Recurrence

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUM = r"(\d{1,4}|[一二两三四五六七八九十]{1,3})"
_FULL = re.compile(rf"(?:{_NUM}年)?{_NUM}月(?:{_NUM}日|(中旬|上旬))?")
_QUARTER = re.compile(r"第([一二三四1-4])季度")
_MONTHLY = re.compile(r"每[个]?月|按月|逐月|月度")
_QUARTERLY = re.compile(r"每[个]?季|按季|逐季")
_DAY = re.compile(rf"{_NUM}[日号]")
_OPEN_ENDED = re.compile(r"长期|持续|常态|每年|每半年|每周|按周|全年")


def _int(text: str) -> int:
    text = text.translate(_DIGITS)
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN[tens] * 10 + (_CN[ones] if ones else 0)
    return _CN[text]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def resolve_deadline(text: str | None, year: int) -> date | None:
    """The last day the words allow, in `year` unless they name another; None when there is none."""
    if not text:
        return None
    text = text.translate(_DIGITS)
    recurring = recurrence_of(text)
    if recurring is not None:
        return last_occurrence(*recurring, _year_in(text, year))
    if _OPEN_ENDED.search(text):
        return date(_year_in(text, year), 12, 31)
    try:
        m = _FULL.search(text)
        if m:
            y = _int(m.group(1)) if m.group(1) else year
            if y < 100:
                y += 2000
            month = _int(m.group(2))
            if not 1 <= month <= 12:
                return None
            if m.group(3):
                return date(y, month, min(_int(m.group(3)), calendar.monthrange(y, month)[1]))
            if m.group(4) == "上旬":
                return date(y, month, 10)
            if m.group(4) == "中旬":
                return date(y, month, 20)
            return _month_end(y, month)
        q = _QUARTER.search(text)
        if q:
            quarter = int(q.group(1)) if q.group(1).isdigit() else _CN[q.group(1)]
            return _month_end(_year_in(text, year), quarter * 3)
        if "上半年" in text:
            return date(_year_in(text, year), 6, 30)
        if re.search(r"年底|年末|年内|下半年|本年度|今年|当年|年前", text):
            return date(_year_in(text, year), 12, 31)
    except (KeyError, ValueError):
        return None
    return None


def _year_in(text: str, year: int) -> int:
    m = re.search(r"(\d{4})年", text)
    return int(m.group(1)) if m else year


def recurrence_of(text: str | None) -> tuple[str, int | None] | None:
    """(`Recurrence`, day of the month or None for its last day) for recurring words: 每月25日前 →
    (monthly, 25), 每季度末 → (quarterly, None), 每季度最后一个月20日前 → (quarterly, 20); None otherwise."""
    text = (text or "").translate(_DIGITS)
    if _MONTHLY.search(text):
        kind = Recurrence.MONTHLY
    elif _QUARTERLY.search(text):
        kind = Recurrence.QUARTERLY
    else:
        return None
    day = _DAY.search(text)
    try:
        number = _int(day.group(1)) if day else None
    except KeyError:
        number = None
    return kind.value, number if number and 1 <= number <= 31 else None
