"""督办 statistics: 签收 timeliness in working days (with the urgency hook), 办结 on time, overdue, chases;
the page and its Excel export."""

import io
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.plans import urgency
from luoshi.plans.models import Plan
from luoshi.supervise.models import Notice
from luoshi.supervise.statistics import acknowledge_bucket, statistics
from luoshi.tests import factories as f
from luoshi.workdays.calendar import WorkingDays

TODAY = date(2025, 10, 20)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)  # 10:00 in Beijing


@pytest.fixture
def board(city):
    """Published on Friday 26 September 2025; five units acknowledge at different times."""
    plan = f.PlanFactory(deploying_unit=city, published_at=at(date(2025, 9, 26)), title="统计用部署")
    task = f.TaskFactory(plan=plan, deadline=date(2025, 10, 15))
    acks = {
        "甲": date(2025, 9, 28),  # the make-up Sunday: 1 working day
        "乙": date(2025, 10, 9),  # 28, 29, 30 September and 9 October: 4
        "丙": date(2025, 10, 20),  # more than 5
        "丁": None,
        "戊": None,
    }
    made = {}
    for i, (name, ack) in enumerate(acks.items()):
        unit = f.UnitFactory(name=f"{name}区委统战部", short_name=f"{name}区", parent=city, order=50 - i)
        made[name] = f.AssignmentFactory(
            task=task, unit=unit, assigned_on=date(2025, 9, 1), acknowledged_at=at(ack) if ack else None
        )
    return plan, made


def test_buckets():
    assert [acknowledge_bucket(d) for d in (0, 2, 3, 5, 6, None)] == [
        "within_2",
        "within_2",
        "within_5",
        "within_5",
        "over_5",
        "not_yet",
    ]


def test_acknowledgement_counts_working_days_from_publication(board):
    plan, made = board
    stats = statistics(plan, WorkingDays(), TODAY)
    by_unit = {f.label: f for f in stats.units}
    assert by_unit["甲区"].buckets["within_2"] == 1 and by_unit["甲区"].acknowledged_on_time == 1
    assert by_unit["乙区"].buckets["within_5"] == 1 and by_unit["乙区"].acknowledged_on_time == 0
    assert by_unit["丙区"].buckets["over_5"] == 1
    assert by_unit["丁区"].buckets["not_yet"] == 1
    assert stats.total.bucket_list == [1, 1, 1, 2]
    assert stats.total.acknowledged_on_time_rate == "20%"
    # Units in official order (order 46 … 50), not in the order they were made.
    assert [f.label for f in stats.units] == ["戊区", "丁区", "丙区", "乙区", "甲区"]
    # Not yet acknowledged: waiting since 26 September, in working days (the holiday does not count).
    assert {r["unit"] for r in stats.not_acknowledged} == {"丁区", "戊区"}
    # 28–30 September, 9–11 October (the 11th a make-up Saturday), 13–17 and 20 October.
    assert all(r["waiting"] == 12 and r["late"] for r in stats.not_acknowledged)


def test_an_urgent_assignment_must_be_acknowledged_the_same_day(board):
    plan, made = board

    def provider(ids):
        return {made["甲"].pk: urgency.Urgency.EXTRA_URGENT}

    urgency.register(provider)
    try:
        stats = statistics(plan, WorkingDays(), TODAY)
    finally:
        urgency.unregister(provider)
    assert {f.key: f.assignments for f in stats.urgencies} == {"extra_urgent": 1, "urgent": 0, "normal": 4}
    urgent = stats.urgencies[0]
    assert urgent.label == "特急" and urgent.acknowledged_on_time == 0


def test_completion_on_time_overdue_and_chases(board, liaison):
    plan, made = board
    on_time, late = made["甲"], made["乙"]
    f.ReportFactory(
        assignment=on_time,
        period="2025-10",
        status="accepted",
        percent=100,
        submitted_at=at(date(2025, 10, 14)),
    )
    f.ReportFactory(
        assignment=late, period="2025-10", status="accepted", percent=100, submitted_at=at(date(2025, 10, 17))
    )
    type(on_time).objects.filter(pk__in=[on_time.pk, late.pk]).update(progress=100)
    type(on_time).objects.filter(pk=made["丙"].pk).update(is_overdue=True, days_overdue=3)
    Notice.objects.create(assignment=made["丙"], kind="chase", level=2, due_on=date(2025, 10, 15))
    Notice.objects.create(assignment=made["丙"], kind="reminder", level=1, due_on=date(2025, 10, 15))
    stats = statistics(plan, WorkingDays(), TODAY)
    by_unit = {f.label: f for f in stats.units}
    assert (by_unit["甲区"].completed, by_unit["甲区"].completed_on_time) == (1, 1)
    assert (by_unit["乙区"].completed, by_unit["乙区"].completed_on_time) == (1, 0)
    assert (by_unit["丙区"].overdue, by_unit["丙区"].overdue_days, by_unit["丙区"].chases) == (1, 3, 1)
    assert stats.total.completed_on_time_rate == "50%"


def test_a_year_without_calendar_data_is_warned_about(city, client, supervisor):
    plan = f.PlanFactory(deploying_unit=city, published_at=at(date(2041, 3, 1)), year=2041)
    f.AssignmentFactory(
        task=f.TaskFactory(plan=plan), unit=f.UnitFactory(parent=city), assigned_on=date(2041, 3, 1)
    )
    client.force_login(supervisor)
    with pytest.MonkeyPatch.context() as m:
        m.setattr("django.utils.timezone.localdate", lambda *a: date(2041, 3, 10) if not a else a[0].date())
        page = client.get(reverse("supervise:statistics"), {"plan": plan.pk}).content.decode()
    assert "2041年尚无节假日数据" in page


def test_the_page_and_the_export_show_the_same_figures(board, client, supervisor):
    plan, made = board
    type(made["丁"].unit).objects.filter(pk=made["丁"].unit_id).update(short_name="=HYPERLINK(1)")
    client.force_login(supervisor)
    page = client.get(reverse("supervise:statistics"), {"plan": plan.pk}).content.decode()
    assert "督办统计" in page and "尚未签收（2）" in page and "甲区" in page
    response = client.get(reverse("supervise:statistics_export"), {"plan": plan.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["按单位", "按紧急程度", "未签收"]
    rows = list(book["按单位"].iter_rows(values_only=True))
    assert rows[0][:6] == (
        "单位",
        "交办数",
        "签收：2个工作日内",
        "签收：3–5个工作日",
        "签收：超过5个工作日",
        "签收：未签收",
    )
    assert rows[-1][:6] == ("合计", 5, 1, 1, 1, 2)
    hostile = next(c for c in book["按单位"]["A"] if c.value == "=HYPERLINK(1)")
    assert hostile.data_type == "s" and hostile.quotePrefix


def test_no_plan_in_scope(client, other_supervisor):
    Plan.objects.all().delete()
    client.force_login(other_supervisor)
    assert "还没有已发布的工作部署" in client.get(reverse("supervise:statistics")).content.decode()
    assert client.get(reverse("supervise:statistics_export")).status_code == 302
