from datetime import date

import pytest

from luoshi.drafts.deadlines import resolve_deadline


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
        ("长期坚持", None),
        ("每季度", None),
        ("", None),
        (None, None),
        ("13月", None),
    ],
)
def test_it_turns_words_into_the_last_allowed_day(text, expected):
    assert resolve_deadline(text, 2025) == expected
