"""Quantified targets: a number (Arabic or Chinese) with a unit — 200人次, 5家, 三场, 7%, 50万元."""

from __future__ import annotations

import re
from bisect import bisect_right

from .model import Target
from .numerals import to_number
from .segment import CLAUSE_END

# Longer units first so 人次 is not read as 人, 万元 not as 万.
_UNITS = (
    "万人次|人次|亿元|万元|千元|元|万亩|亩|万平方米|平方米|平方公里|公里|千米|万吨|吨|%|％|个百分点|"
    "万户|户|万人|人|名|家|个|场次|场|次|项|所|座|批|期|篇|件|套|台|条|支|处|类"
)
_TARGET = re.compile(
    rf"(?<![0-9０-９.．第])([0-9０-９]{{1,9}}(?:[.．][0-9０-９]{{1,4}})?|[一二两三四五六七八九十百千万]{{1,6}})"
    rf"(?:多|余)?({_UNITS})"
)
# A Chinese numeral before these is a name or an idiom (四个重点, 一批, 三支队伍), not a target.
_CN_EXCLUDE_AFTER = re.compile(r"[”\"」』]|[\u4e00-\u9fff]{0,2}[”\"」』]")
_CN_UNITS = {"人次", "家", "场", "万元", "亿元", "元", "所", "座", "名", "户", "万人", "人", "%", "％", "篇"}


def find_targets(text: str, start: int, end: int, skip: list[tuple[int, int]] | None = None) -> list[Target]:
    """Targets in the span, each with the clause it sits in; `skip` spans (framework names) are ignored."""
    found: list[Target] = []
    skip = sorted(skip or [])
    starts = [s for s, _ in skip]
    for m in _TARGET.finditer(text, start, end):
        number, unit = m.group(1), m.group(2)
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < skip[i][1]:
            continue
        chinese = not number[0].isdigit()
        if chinese and (unit not in _CN_UNITS or number in ("一", "万", "千", "百")):
            continue
        if chinese and _CN_EXCLUDE_AFTER.match(text, m.end(), end):
            continue
        if unit == "个" and text[m.end() : m.end() + 1] in ("月", "人", "体", "别", "工"):
            continue  # 6个月, 个人, 个体: a duration or a word, not a count
        value = to_number(number)
        if value is None:
            continue
        found.append(Target(value=value, unit=unit, text=_clause(text, start, end, m.start(), m.end())))
        if len(found) >= 30:
            break
    return found


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> str:
    s = lo
    while s > start and lo - s < 60 and text[s - 1] not in CLAUSE_END:
        s -= 1
    e = hi
    while e < end and e - hi < 60 and text[e] not in CLAUSE_END:
        e += 1
    return text[s:e].strip()
