"""Deadlines as written: 6月底前, 年底前, 2025年10月, 本意见印发之日起30日内, 长期坚持, 每季度.

The words are kept as written; turning them into dates is the plans app's job. A labelled deadline
(完成时限：…) wins over one found in running text; otherwise the first bounded deadline ("…前", "…内",
"…底") wins over a bare month or a recurring phrase.
"""

from __future__ import annotations

import re

# Numbers in figures or in Chinese numerals, years included: 2023, 二〇二三, 十二, 三十一.
_NUM = r"[0-9０-９]{1,4}|[〇零一二三四五六七八九十两]{1,4}"
# The labels a deadline goes by, as in table headers: 完成时限, 时间安排, 推进时间, 完成期限, 时间节点 …
_LABEL = re.compile(
    r"(?:(?:完成|办结|推进|实施|进度)?(?:时限|时间|期限)(?:安排|节点|要求)?|时间节点|进度安排)"
    r"[ \t]{0,2}[:：][ \t]{0,2}([^；;，,。）)\n]{1,30})"
)
_BEFORE_TIME = (
    rf"(?:(?:{_NUM})年(?:(?:{_NUM})月(?:(?:{_NUM})日|底|末|中旬|上旬|下旬|份)?|底|内|年底|上半年|下半年|末)"
    rf"|(?:{_NUM})月(?:(?:{_NUM})日|底|末|中旬|上旬|下旬|份)?"
    rf"|年底|年内|年末|上半年|下半年|本年度|今年|当年|第?[一二三四1-4]季度(?:末|底)?)"
    r"(?:前|以前|之前|内|底前)"
)
_WITHIN_DAYS = rf"[^\s，。；、,;（(要在于应须并]{{0,12}}之日起(?:{_NUM})个?(?:日|天|工作日|月|年)内"
_YEAR_END = r"(?:年底|年末)(?:前)?(?:完成)?"
_BOUNDED = re.compile(f"{_BEFORE_TIME}|{_WITHIN_DAYS}|{_YEAR_END}")
# The same without the 之日起 form, which costs a dozen steps at every character: for spans without 之日起.
_BOUNDED_NO_DAYS = re.compile(f"{_BEFORE_TIME}|{_YEAR_END}")
# Every running-text deadline holds one of these characters (年, 月, 季度, 之日起, 长期, 每…, 按…).
_RUNNING_CHAR = re.compile("[年月季起长每按]")
_DATE = re.compile(rf"(?:{_NUM})年(?:{_NUM})月(?:(?:{_NUM})日)?(?:底|末)?")
# A recurring time keeps its day (每月25日前, 每季度末): the plans app makes each occurrence fall due.
_ONGOING = re.compile(
    rf"长期坚持|长期推进|每季度(?:末|底)?|每半年|每月(?:底|末|(?:{_NUM})[日号](?:前|以前|之前)?)?|每年|每周|按季度|按月"
)
# A start date that sets when a decision takes effect: 7月1日起执行.
_FROM = re.compile(rf"(?:(?:{_NUM})年)?(?:{_NUM})月(?:{_NUM})日起")
# A rate, not a time: 每人每月800元, 每月300元 — a frequency word before an amount or after 每X.
_RATE_AFTER = re.compile(
    r"(?:不低于|不少于|不超过|达到)?[0-9０-９.．一二三四五六七八九十两百千万亿]{1,10}(?:元|%|％|‰)"
)
_RANGE_TAIL = re.compile(rf"[—－\-~～至到]{{1,2}}(?:(?:{_NUM})年)?(?:{_NUM})月(?:(?:{_NUM})日)?(?:底|末)?")
# A period named on its own: 上半年, 三季度末, 2026年下半年, 年中 — a deadline where a time is expected.
_PERIOD = (
    rf"(?:(?:{_NUM})年)?(?:上半年|下半年|年中|年初|年底|年末|年内|全年|第?[一二三四1-4]季度(?:末|底)?)"
    r"(?:前|以前|之前|内|底前)?"
)
# A whole clause that is only a time: 全年 and 长期 count here, though not in running text.
_VALUE = re.compile(
    rf"(?:{_BOUNDED.pattern}|{_DATE.pattern}(?:{_RANGE_TAIL.pattern})?|{_ONGOING.pattern}|{_PERIOD}"
    r"|全年|长期|持续|常态化|年内|年底)(?:完成|推进|开展|实施|坚持)?"
)

# The time slot of a note: its last clause, just before the closing bracket — （A牵头，B配合，上半年）.
_NOTE_SLOT = re.compile(r"[，,；;][ \t\u3000]{0,2}([^，,；;。（()）\n]{1,24}?)[ \t\u3000]{0,2}[)）]")

_TIME_DONE = re.compile(
    rf"((?:{_BOUNDED.pattern})|{_PERIOD}|(?:(?:{_NUM})年)?(?:{_NUM})月(?:底|末|上旬|中旬|下旬)(?:前)?)"
    r"(?:完成|建成|实现)"
)


_FIELD_GAP = re.compile(r"[ \t]{2,}|\u3000")


def _field(value: str) -> str:
    """A labelled value ends at a run of spaces: 发布时间：2026-02-27　　字号：… keeps the date only."""
    return _FIELD_GAP.split(value.strip(" \t\u3000"), 1)[0].strip()


def is_deadline_value(value: str) -> bool:
    """Whether a note clause is only a deadline ('5月底前', '每月', '全年'), not a unit."""
    return _VALUE.fullmatch(value.strip(" \t\u3000。；;：:")) is not None


def is_deadline_line(text: str, start: int, end: int) -> bool:
    """A paragraph that only states a deadline (完成时限：…), which belongs to the item above it."""
    m = _LABEL.match(text, start, end)
    return bool(m and end - m.end() <= 2)


def note_deadline(text: str, start: int, end: int) -> str | None:
    """The deadline in the time slot of a bracketed note in the span, or None."""
    if text.find("）", start, end) < 0 and text.find(")", start, end) < 0:
        return None
    for m in _NOTE_SLOT.finditer(text, start, end):
        value = m.group(1).strip()
        if is_deadline_value(value):
            bounded = _BOUNDED.search(value)  # 10月底前完成 is written down as 10月底前
            return bounded.group(0) if bounded else value
        done = _TIME_DONE.match(value)  # 第三季度完成主体工程: the time before 完成 and its object
        if done:
            return done.group(1)
    return None


def find_deadline_in(text: str, spans: list[tuple[int, int]]) -> str | None:
    """The deadline of an item written over several spans (body, note lines): a labelled one wins,
    then one in a note's time slot, then one found in the running text."""
    for s, e in spans:
        # A label ends in a colon: a span without one is answered without the label pattern, which
        # tries each character in turn.
        if text.find("：", s, e) < 0 and text.find(":", s, e) < 0:
            continue
        m = _LABEL.search(text, s, e)
        if m:
            return _field(m.group(1))
    for s, e in spans:
        found = note_deadline(text, s, e)
        if found:
            return found
    for s, e in spans:
        found = _running_deadline(text, s, e)
        if found:
            return found
    return None


def find_deadline(text: str, start: int, end: int) -> str | None:
    """The deadline written in the span, or None."""
    m = _LABEL.search(text, start, end)
    if m:
        return _field(m.group(1))
    return note_deadline(text, start, end) or _running_deadline(text, start, end)


def _running_deadline(text: str, start: int, end: int) -> str | None:
    """A deadline in the running text (not labelled, not in a note's time slot)."""
    if not _RUNNING_CHAR.search(text, start, end):
        return None
    bounded = _BOUNDED if text.find("之日起", start, end) >= 0 else _BOUNDED_NO_DAYS
    for pattern in (bounded, _DATE, _FROM, _ONGOING):
        m = pattern.search(text, start, end)
        while m and pattern is _ONGOING and not _closes_clause(text, m.start(), m.end(), end):
            m = pattern.search(text, m.end(), end)
        if not m:
            continue
        if pattern is _DATE:
            # A period such as 2024年3月—6月 is kept whole.
            tail = _RANGE_TAIL.match(text, m.end(), end)
            return text[m.start() : tail.end() if tail else m.end()]
        return (m.group(1) if m.groups() else m.group(0)).strip()
    return None


def _closes_clause(text: str, start: int, end: int, limit: int) -> bool:
    """In running text a frequency (每季度) is the task's time only where it qualifies the whole task at
    the end of a clause (…，每季度。 / 按月开展。); 每季度召开一次会议 says how often, not by when."""
    if _is_rate(text, start, end, limit):
        return False
    if _CLAUSE_TAIL.match(text, end, limit):
        return True
    # …，每季度通报一次。: in the span's last clause it times the task; mid-paragraph (…，每年至少研究
    # 一次X。其次，…) it is one detail of the item.
    stop = _STOP.search(text, end, limit)
    return stop is None or not text[stop.end() : limit].strip(" \t\u3000\n。；;，,")


_STOP = re.compile(r"[，,。；;：:！？!?]")
_CLAUSE_TAIL = re.compile(
    r"(?:完成|推进|开展|实施|坚持|报送|调度"
    r"|(?:不少于|不低于|至少)?[0-9０-９一二三四五六七八九十两]{1,3}(?:次|轮|期|场)(?:以上)?)?"
    r"(?:[。；;）)]|$)"
)


def _is_rate(text: str, start: int, end: int, limit: int) -> bool:
    """每人每月800元: the frequency word sits in an amount, not in how often the task is done."""
    if start >= 2 and text[start - 2] == "每" and text[start - 1] not in "，,。；;、":
        return True
    return end < limit and _RATE_AFTER.match(text, end) is not None
