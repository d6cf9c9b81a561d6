"""Dates written in Chinese numerals (二〇二三年五月底前, 二〇二三年五月八日上午) read as the same dates in
figures do: a deadline kept whole, never a unit, and a meeting's date."""

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.intake import parse_text
from luoshi.intake.meeting import find_meeting
from luoshi.intake.segment import paragraphs

DIGITS = "〇一二三四五六七八九"


def year_in_numerals(year: int) -> str:
    return "".join(DIGITS[int(d)] for d in str(year))


def small_in_numerals(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")) + (
        DIGITS[ones] if ones else ""
    )


def test_a_deadline_in_numerals_is_no_unit_and_keeps_its_zero():
    result = parse_text(
        "一、加强组织领导（牵头单位：市教育局，配合单位：市财政局，二〇二三年五月底前完成）。"
    )
    item = result.items[0]
    assert item.lead_units == ["市教育局"]
    assert item.co_units == ["市财政局"]
    assert item.deadline == "二〇二三年五月底前"


@settings(max_examples=40, deadline=None)
@given(st.integers(1990, 2039), st.integers(1, 12), st.one_of(st.none(), st.integers(1, 28)))
def test_any_date_in_numerals_is_the_note_s_deadline(year, month, day):
    when = f"{year_in_numerals(year)}年{small_in_numerals(month)}月"
    when += f"{small_in_numerals(day)}日前" if day else "底前"
    result = parse_text(f"一、完善工作制度（牵头单位：区民政局，{when}完成）。")
    item = result.items[0]
    assert item.deadline == when
    assert item.lead_units == ["区民政局"]
    assert item.co_units == []


def test_a_meeting_dated_in_numerals():
    text = "二〇二三年五月八日上午，全市统战部长会议召开。市委常委、统战部部长张华出席会议并讲话。"
    meeting = find_meeting(text, paragraphs(text))
    assert meeting.date == "二〇二三年五月八日上午"
    assert [(p.name, p.title) for p in meeting.speakers] == [("张华", "市委常委、统战部部长")]
