"""The computed measures on plain rows: each rule with the case that would break without it."""

from datetime import date

from luoshi.assess import measures as m
from luoshi.lib import periods
from luoshi.plans.progress.lights import CalendarDays
from luoshi.workdays.calendar import WorkingDays

CAL = CalendarDays()
WORKDAYS = WorkingDays()


def work(**kw):
    base = {
        "id": 1,
        "task_code": "1",
        "role": "lead",
        "weight": 1.0,
        "starts_on": date(2025, 1, 1),
        "due_on": date(2025, 6, 30),
        "light": "green",
    }
    return m.Work(**{**base, **kw})


def report(id, period, status="accepted", percent=50, on=None, version=1):
    return m.ReportRow(id, period, version, status, percent, on)


def test_on_time_needs_an_accepted_hundred_by_the_due_day():
    w = work(reports=[report(1, "2025-06", percent=100, on=date(2025, 6, 28))])
    assert m.on_time(w, date(2025, 7, 10), CAL).ratio == 1.0
    late = work(reports=[report(1, "2025-07", percent=100, on=date(2025, 7, 3))])
    judged = m.on_time(late, date(2025, 7, 10), CAL)
    assert judged.ratio == 0.0 and judged.refs[0].id == 1


def test_on_time_does_not_count_work_not_yet_due():
    assert m.on_time(work(), date(2025, 3, 1), CAL).ratio is None


def test_schedule_compares_accepted_progress_with_where_it_should_be():
    # Half the time from 1 Jan to 31 Dec has elapsed on 2 Jul: 50% expected; 25% accepted → ratio 0.5.
    w = work(due_on=date(2025, 12, 31), reports=[report(7, "2025-06", percent=25, on=date(2025, 7, 1))])
    judged = m.schedule(w, date(2025, 7, 2), CAL)
    assert (
        abs(
            judged.ratio
            - 25 / m.expected_progress(date(2025, 7, 2), date(2025, 1, 1), date(2025, 12, 31), CAL)
        )
        < 1e-9
    )
    assert judged.refs[0].kind == "report" and judged.refs[0].id == 7


def test_schedule_ignores_returned_and_later_reports():
    w = work(
        due_on=date(2025, 12, 31),
        reports=[
            report(1, "2025-06", status="returned", percent=90, on=date(2025, 7, 1)),
            report(2, "2025-07", percent=90, on=date(2025, 8, 1)),
        ],
    )
    assert m.schedule(w, date(2025, 7, 2), CAL).ratio == 0.0


def test_reporting_credits_on_time_late_and_missing():
    w = work(
        reports=[
            report(1, "2025-01", status="submitted", on=date(2025, 2, 3)),
            report(2, "2025-02", status="submitted", on=date(2025, 3, 9)),
        ]
    )
    # Five working days after each month: January's by 10 Feb (春节 to 4 Feb, 8 Feb a make-up Saturday),
    # February's by 7 March, March's by 8 April (清明 4–6 April). On time, late, missing.
    judged = m.reporting(w, date(2025, 4, 8), WORKDAYS, due_days=5)
    assert judged.ratio == (1 + 0.5 + 0) / 3
    assert [r.text for r in judged.refs] == ["2025年2月迟报（2025年3月9日报送）", "2025年3月未报送"]


def test_reporting_stops_after_the_work_is_finished():
    w = work(reports=[report(1, "2025-01", percent=100, on=date(2025, 2, 1))])
    assert m.reporting(w, date(2025, 6, 30), WORKDAYS).ratio == 1.0


def test_reporting_by_quarter():
    assert m.month_periods(date(2025, 2, 1), date(2025, 8, 1), "quarterly") == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
    ]
    assert periods.report_due("2025-Q4", WORKDAYS, 5) == date(2026, 1, 8)  # 1 January a holiday


def test_a_report_due_on_the_last_working_day_is_on_time_and_the_next_day_late():
    w = work(
        starts_on=date(2025, 2, 1), reports=[report(1, "2025-02", status="submitted", on=date(2025, 3, 7))]
    )
    assert m.reporting(w, date(2025, 3, 31), WORKDAYS, due_days=5).ratio == 1.0
    w = work(
        starts_on=date(2025, 2, 1), reports=[report(1, "2025-02", status="submitted", on=date(2025, 3, 8))]
    )
    assert m.reporting(w, date(2025, 3, 31), WORKDAYS, due_days=5).ratio == 0.5


def test_returns_share_of_filed_versions_not_returned():
    w = work(
        reports=[
            report(1, "2025-01", status="returned", on=date(2025, 2, 1)),
            report(2, "2025-01", status="accepted", on=date(2025, 2, 2), version=2),
            report(3, "2025-02", status="draft"),
        ]
    )
    judged = m.returns(w, date(2025, 3, 1), CAL)
    assert judged.ratio == 0.5 and [r.id for r in judged.refs] == [1]


def test_red_days_read_from_the_light_history():
    # Red from 11 Jan to 21 Jan (10 days) of 30 days since 1 Jan.
    w = work(
        lights=[
            m.LightRow(5, date(2025, 1, 11), "red", "green"),
            m.LightRow(6, date(2025, 1, 21), "green", "red"),
        ]
    )
    judged = m.red_days(w, date(2025, 1, 31), CAL)
    assert judged.ratio == 1 - 10 / 30
    assert judged.refs[0].id == 5 and "红灯共10天" in judged.refs[-1].text


def test_red_days_still_red_today_counts_to_as_of():
    w = work(light="red", lights=[m.LightRow(5, date(2025, 1, 21), "red", "yellow")])
    assert m.red_days(w, date(2025, 1, 31), CAL).ratio == 1 - 10 / 30


def test_red_days_without_history_uses_the_light_it_has_always_had():
    assert m.red_days(work(light="red"), date(2025, 1, 31), CAL).ratio == 0.0
    assert m.red_days(work(light="green"), date(2025, 1, 31), CAL).ratio == 1.0
