"""The discipline figures use the one rule of each kind: counted tasks, stored overdue flags, the light
rule's expected progress; the filing rule is this module's."""

import datetime

from luoshi.documents import discipline
from luoshi.documents.discipline import Options

from .conftest import TODAY


def _by_name(figures):
    return {u.name[:2]: u for u in figures.units}


def test_latest_period_is_the_latest_with_reports(june):
    assert discipline.latest_period(june) == "2025-06"


def test_counted_tasks_leave_out_guidance_and_cancelled(june):
    d = discipline.compute(june, "2025-06", today=TODAY)
    assert d.tasks == 2
    assert (d.due_tasks, d.completed_due, d.overdue_tasks) == (1, 0, 1)


def test_each_unit_is_counted_by_what_it_filed(june):
    d = discipline.compute(june, "2025-06", today=TODAY)
    u = _by_name(d)
    assert [x.name[:2] for x in d.units] == ["江岸", "江汉", "硚口", "汉阳"]  # official order
    assert (u["江岸"].on_time, u["江岸"].accepted, u["江岸"].exemplary) == (1, 1, True)
    assert (u["江汉"].missing, u["江汉"].not_as_required) == (1, 1)  # a draft is not filed
    assert (u["硚口"].late, u["硚口"].returned, u["硚口"].not_as_required) == (1, 1, 2)
    assert (u["硚口"].lead, u["硚口"].co) == (0, 1)
    assert (u["汉阳"].on_time, u["汉阳"].exemplary) == (1, False)  # on time but not accepted yet
    assert d.owed == 4 and d.total("on_time") == 2 and d.on_time_rate == 50.0


def test_overdue_is_the_stored_flag_and_behind_is_the_light_rule(june):
    u = _by_name(discipline.compute(june, "2025-06", today=TODAY))
    assert u["汉阳"].overdue == 1 and u["汉阳"].behind == 0  # overdue is not also counted behind
    assert u["江汉"].behind == 1  # 10% where about 52% is expected by 10 July
    assert u["江岸"].behind == 0 and u["硚口"].behind == 0  # 60% and 55%: within the yellow threshold


def test_the_filing_deadline_is_the_one_report_due_rule_in_working_days(june):
    assert discipline.compute(june, "2025-06", today=TODAY).filing_due == datetime.date(2025, 7, 7)
    d = discipline.compute(june, "2025-06", today=TODAY, options=Options(report_due_days=7))
    assert d.filing_due == datetime.date(2025, 7, 9)
    assert _by_name(d)["硚口"].on_time == 1


def test_laggards_come_most_first(june):
    d = discipline.compute(june, "2025-06", today=TODAY)
    assert [u.name[:2] for u in d.laggards] == ["江汉", "硚口", "汉阳"]  # 2, 2 (official order), 1
    assert [u.name[:2] for u in d.exemplary] == ["江岸"]


def test_finished_work_with_nothing_filed_is_not_owed(june):
    from luoshi.plans.models import Assignment

    Assignment.objects.filter(unit__name__startswith="江汉").update(progress=100)
    assert "江汉" not in _by_name(discipline.compute(june, "2025-06", today=TODAY))


def test_a_running_period_counts_what_is_due_by_today(june):
    d = discipline.compute(june, "2025-06", today=datetime.date(2025, 6, 15))
    assert d.due_tasks == 0  # task 2 falls due on 30 June
