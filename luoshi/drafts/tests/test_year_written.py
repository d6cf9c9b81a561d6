"""The year a document writes in its title dates its deadlines (全区2027年…会议 is not drafted as 2026)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.drafts.years import first_line, year_written


def test_the_title_year_is_found_and_datelines_are_not_taken_for_it():
    assert year_written("全区2027年统战工作会议") == 2027
    assert year_written("", None, "关于印发《2026年统战工作要点》的通知") == 2026
    assert year_written("2026年12月3日") is None
    assert year_written("统战工作会议纪要") is None


def test_numbered_lines_and_looks_back_are_not_titles():
    assert first_line("\n一、2025年工作回顾\n") == ""
    assert first_line("2025年工作总结和2026年工作安排") == ""
    assert first_line("\n  全区2027年统战工作会议  \n一、") == "全区2027年统战工作会议"


@given(st.text(max_size=200))
def test_any_text_gives_a_plausible_year_or_none(text):
    year = year_written(first_line(text))
    assert year is None or 2000 <= year <= 2099


def test_a_next_years_document_is_drafted_in_its_year_with_deadlines_in_it(actor, city, own_unit):
    text = "全区2027年统战工作会议\n一、加强思想政治引领\n（一）深化理论学习。6月底前完成。\n"
    draft = services.create_draft_from_text(actor, deploying_unit=city, title="", year=2026, text=text)
    assert draft.year == 2027
    deadlines = [n["deadline"] for n, *_ in T.walk(draft.tree) if n.get("deadline")]
    assert deadlines and all(d.startswith("2027-") for d in deadlines)


def test_without_a_year_in_the_document_the_forms_year_stays(actor, city):
    draft = services.create_draft_from_text(
        actor, deploying_unit=city, title="", year=2026, text="一、加强引领\n（一）深化学习。6月底前完成。\n"
    )
    assert draft.year == 2026
