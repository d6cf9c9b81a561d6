from datetime import date

import pytest

from luoshi.drafts.deadlines import recurrence_of, resolve_deadline


@pytest.mark.parametrize(
    "text,expected",
    [
        ("6月底前", date(2025, 6, 30)),
        ("六月底前", date(2025, 6, 30)),
        ("年底前", date(2025, 12, 31)),
        ("2026年10月", date(2026, 10, 31)),
        ("2025年3月15日前", date(2025, 3, 15)),
        ("上半年", date(2025, 6, 30)),
        ("第三季度", date(2025, 9, 30)),
        ("11月中旬", date(2025, 11, 20)),
        ("2月底前", date(2025, 2, 28)),
        ("长期坚持", date(2025, 12, 31)),
        ("持续推进", date(2025, 12, 31)),
        ("每季度", date(2025, 12, 31)),
        ("每月25日前报送", date(2025, 12, 25)),
        ("每季度末完成", date(2025, 12, 31)),
        ("", None),
        (None, None),
        ("13月", None),
    ],
)
def test_it_turns_words_into_the_last_allowed_day(text, expected):
    assert resolve_deadline(text, 2025) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("每季度末完成", ("quarterly", None)),
        ("每季度末", ("quarterly", None)),
        ("按季度报送", ("quarterly", None)),
        ("每月25日前报送", ("monthly", 25)),
        ("每月二十日前", ("monthly", 20)),
        ("每月底前", ("monthly", None)),
        ("每季度最后一个月20日前", ("quarterly", 20)),
        ("第三季度", None),
        ("一季度末前", None),
        ("6月底前", None),
        ("长期坚持", None),
        ("", None),
        (None, None),
    ],
)
def test_recurring_words_become_a_recurrence(text, expected):
    assert recurrence_of(text) == expected


def test_no_deadline_words_leave_a_task_that_never_falls_due():
    """Issue 11: "每季度末完成" was drafted as a task with no date that never falls due."""
    for words in ("每季度末完成", "每月25日前报送", "长期坚持", "常态化开展", "每年开展一次"):
        assert resolve_deadline(words, 2027) is not None, words
