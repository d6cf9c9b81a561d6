"""Hypothesis on the row checker: any cells at all give reports or problems, never an exception, and every
problem names a row; a clean row's figures come through exactly."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.documents.returns import layout
from luoshi.documents.returns.checking import Owed, check_rows

OWED = [Owed(1, "1", "深化理论学习", {"培训人次": 11, "覆盖单位": 12}), Owed(2, "2", "开展调研")]

cell = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["1", "2", "3", "培训人次", "覆盖单位", "50", "１００", "1,200", "=1+1", "-5", "100.5"]),
)
row = st.lists(cell, min_size=len(layout.HEADERS), max_size=len(layout.HEADERS))


@settings(max_examples=300, deadline=None)
@given(st.lists(row, max_size=8))
def test_any_cells_give_reports_or_located_problems(rows):
    numbered = list(enumerate(rows, start=layout.FIRST_DATA_ROW))
    reports, problems = check_rows(numbered, OWED)
    for problem in problems:
        assert problem.row == 0 or layout.FIRST_DATA_ROW <= problem.row < layout.FIRST_DATA_ROW + len(rows)
        assert problem.column in ("", *layout.HEADERS)
        assert problem.message
    for report in reports:
        assert report.percent is None or 0 <= report.percent <= 100
        assert all(v >= 0 for v in report.values.values())


def _row(code, metric="", actual=None, percent=None, narrative=""):
    cells = [None] * len(layout.HEADERS)
    cells[layout.CODE], cells[layout.METRIC], cells[layout.ACTUAL] = code, metric, actual
    cells[layout.PERCENT], cells[layout.NARRATIVE] = percent, narrative
    return cells


@given(
    actual=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    percent=st.integers(min_value=0, max_value=100),
    as_text=st.booleans(),
)
def test_clean_figures_come_through_exactly(actual, percent, as_text):
    value = str(actual) if as_text else float(actual)
    reports, problems = check_rows([(5, _row("1", "培训人次", value, percent, "进展"))], OWED)
    assert problems == []
    (report,) = reports
    assert report.percent == percent and report.values == {11: actual.quantize(Decimal("0.01"))}


# A cell of only spaces or line breaks is blank, not text (it is checked as a blank cell elsewhere).
@given(
    st.text(min_size=1, max_size=20).filter(
        lambda s: s.strip() and not s.strip().replace(".", "", 1).isdigit()
    )
)
def test_text_in_a_number_cell_is_a_problem_at_that_cell(text):
    from hypothesis import assume

    # Only text that is not a number ("-0" is one); assume() raises, so it must stay outside the try.
    try:
        Decimal(text.strip().replace(",", "").replace("，", ""))
    except ArithmeticError:
        is_number = False
    else:
        is_number = True
    assume(not is_number)
    _, problems = check_rows([(9, _row("2", percent=text))], OWED)
    assert [(p.row, p.column) for p in problems] == [(9, "完成进度（%）")]


def test_dates_and_booleans_are_not_numbers():
    _, problems = check_rows(
        [(5, _row("2", percent=True)), (6, _row("1", "培训人次", datetime.date(2025, 6, 1)))], OWED
    )
    assert [(p.row, p.column) for p in problems] == [(5, "完成进度（%）"), (6, "完成值")]
