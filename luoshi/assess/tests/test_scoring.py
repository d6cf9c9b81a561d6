"""Scores computed from the tracked work, totals, grades and the ranking."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from luoshi.assess import scoring, services
from luoshi.assess.models import Assessment, Indicator, ScoreLine
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Task
from luoshi.tests import factories as f

from .conftest import TODAY

SH = ZoneInfo("Asia/Shanghai")


def line(scheme, unit, name) -> ScoreLine:
    return ScoreLine.objects.get(assessment__scheme=scheme, assessment__unit=unit, indicator__name=name)


def test_publishing_gives_every_unit_of_the_class_its_lines(scheme, own_unit, other_unit, city):
    assert list(Assessment.objects.filter(scheme=scheme).values_list("unit__name", flat=True)) == [
        own_unit.name,
        other_unit.name,
    ]
    # Four leaves each; first-level rows carry their children's points.
    assert ScoreLine.objects.filter(assessment__scheme=scheme).count() == 8
    assert scheme.indicators.get(name="工作作风").points == Decimal("40")


def test_a_published_scheme_is_frozen(actor, scheme):
    with pytest.raises(ServiceError, match="已发布"):
        services.add_indicator(actor, scheme, name="新指标", points_value="5", measure="returns")


def test_a_revision_keeps_the_register_and_the_scores(actor, scheme, own_unit, liaison):
    criticism = scheme.indicators.get(name="通报批评")
    services.add_deduction(actor, criticism, own_unit, points_value="2", reason="通报批评", on=TODAY)
    services.claim_bonus(
        actor,
        scheme,
        own_unit,
        achievement="经验推广",
        title="通知",
        number="统发〔2025〕3号",
        issuer="省委统战部",
        level="province",
        issued_on=date(2025, 5, 1),
    )
    new = services.publish_scheme(
        actor, services.revise_scheme(actor, scheme, reason="调整分值"), today=TODAY
    )
    assert line(new, own_unit, "通报批评").computed == Decimal("8.00")
    assert scoring.bonus_of(new)[own_unit.pk] == Decimal("2")


def test_a_revision_is_a_new_version_with_its_reason(actor, scheme):
    with pytest.raises(ServiceError, match="理由"):
        services.revise_scheme(actor, scheme, reason=" ")
    new = services.revise_scheme(actor, scheme, reason="市委要求增加信息报送指标")
    services.add_indicator(actor, new, name="信息报送", points_value="5", measure="returns")
    services.publish_scheme(actor, new, today=TODAY)
    scheme.refresh_from_db()
    assert (new.version, new.change_reason, scheme.status) == (2, "市委要求增加信息报送指标", "superseded")
    assert ScoreLine.objects.filter(assessment__scheme=new).count() == 10


def test_schedule_and_reporting_come_from_the_units_reports(
    actor, scheme, own_unit, own_assignment, own_report
):
    # own_report: submitted (not accepted) for 2025-03 → no accepted progress; reported late (today).
    services.recompute_scores(actor, scheme, today=TODAY)
    schedule = line(scheme, own_unit, "序时进度")
    assert schedule.computed == Decimal("0.00")
    assert schedule.basis[0]["assignment"] == own_assignment.pk
    own_report.status, own_report.percent = "accepted", 100
    own_report.submitted_at = datetime(2025, 4, 2, 9, tzinfo=SH)
    own_report.save()
    services.recompute_scores(actor, scheme, today=TODAY)
    schedule.refresh_from_db()
    assert schedule.computed == Decimal("40.00")
    assert [(b["lost"], b["refs"][0]["kind"], b["refs"][0]["id"]) for b in schedule.basis] == [
        ("0.00", "report", own_report.pk)
    ]
    reporting = line(scheme, own_unit, "按时报送")
    # January, February missing; March on time; finished in March: (0 + 0 + 1) / 3 of 20 points.
    assert reporting.computed == Decimal("6.67")
    assert [r["text"] for r in reporting.basis[0]["refs"]] == ["2025年1月未报送", "2025年2月未报送"]


def test_lead_work_weighs_more_than_co_work(actor, plan, scheme, own_unit, own_assignment):
    # A second task where the unit only co-operates and is badly behind: it costs less than the lead task.
    co_task = f.TaskFactory(plan=plan, code="3", title="配合任务", deadline=date(2025, 12, 31))
    f.AssignmentFactory(task=co_task, unit=own_unit, role="co")
    f.ReportFactory(
        assignment=own_assignment,
        status="accepted",
        percent=100,
        period="2025-06",
        submitted_at=datetime(2025, 6, 30, tzinfo=SH),
    )
    services.recompute_scores(actor, scheme, today=TODAY)
    schedule = line(scheme, own_unit, "序时进度")
    # lead weight 1, co weight 0.5 → the co task loses a third of the points.
    assert schedule.computed == Decimal("26.67")
    assert [(b["role"], b["lost"]) for b in schedule.basis] == [("lead", "0.00"), ("co", "13.33")]


def test_tiers_weigh_tasks(actor, plan, scheme, own_unit, own_assignment):
    key = f.TaskFactory(plan=plan, code="4", tier=Task.Tier.KEY, weight=Decimal("2"))
    f.AssignmentFactory(task=key, unit=own_unit)
    work = scoring.load_work(scheme)[own_unit.pk]
    assert sorted(w.weight for w in work) == [1.0, 3.0]


def test_guidance_and_parents_do_not_count(actor, plan, scheme, own_unit, task):
    guidance = f.TaskFactory(plan=plan, code="5", is_guidance=True)
    f.AssignmentFactory(task=guidance, unit=own_unit)
    child = f.TaskFactory(plan=plan, parent=task, code="1.1")
    f.AssignmentFactory(task=child, unit=own_unit)
    ids = [w.id for w in scoring.load_work(scheme)[own_unit.pk]]
    assert ids == list(own_unit.assignments.filter(task=child).values_list("id", flat=True))


def test_recompute_is_deterministic_and_idempotent(actor, scheme, own_report, other_report):
    services.recompute_scores(actor, scheme, today=TODAY)
    first = list(
        ScoreLine.objects.filter(assessment__scheme=scheme).order_by("pk").values_list("computed", "basis")
    )
    assert services.recompute_scores(actor, scheme, today=TODAY) == 0
    again = list(
        ScoreLine.objects.filter(assessment__scheme=scheme).order_by("pk").values_list("computed", "basis")
    )
    assert first == again
    assert scoring.compute(scheme, TODAY) == scoring.compute(scheme, TODAY)


def test_deductions_are_capped(actor, scheme, own_unit):
    criticism = scheme.indicators.get(name="通报批评")
    for reason in ("未按期报送，通报批评", "报送无实质内容", "会议缺席"):
        services.add_deduction(actor, criticism, own_unit, points_value="3", reason=reason, on=TODAY)
    services.recompute_scores(actor, scheme, today=TODAY)
    scored = line(scheme, own_unit, "通报批评")
    assert scored.computed == Decimal("4.00")  # 10 less the cap of 6, not less 9
    assert [r["kind"] for b in scored.basis for r in b["refs"]] == ["deduction"] * 3 + ["cap"]


def test_evaluators_are_averaged(actor, scheme, own_unit):
    opinion = scheme.indicators.get(name="领导评价")
    services.rate(actor, opinion, own_unit, evaluator="分管领导", score="28", reason="工作扎实")
    services.rate(actor, opinion, own_unit, evaluator="主要领导", score="25", reason="有待提高")
    services.recompute_scores(actor, scheme, today=TODAY)
    assert line(scheme, own_unit, "领导评价").computed == Decimal("26.50")


def set_lines(scheme, unit, values: dict):
    for name, value in values.items():
        ScoreLine.objects.filter(
            assessment__scheme=scheme, assessment__unit=unit, indicator__name=name
        ).update(final=value)


def test_totals_combine_regular_and_year_end_by_weight(scheme, own_unit):
    set_lines(scheme, own_unit, {"序时进度": 40, "按时报送": 20, "通报批评": 10, "领导评价": 15})
    row = next(r for r in scoring.ranking(scheme) if r.unit == own_unit)
    # 平时 70/70 = 100; 年终 15/30 = 50; 100×0.6 + 50×0.4 = 80.
    assert (row.regular, row.year_end, row.weighted, row.total) == (
        Decimal("100.00"),
        Decimal("50.00"),
        Decimal("80.00"),
        Decimal("80.00"),
    )
    assert row.grade_label == "良好"


def test_ties_share_a_rank_and_a_veto_caps_the_grade(actor, scheme, own_unit, other_unit):
    full = {"序时进度": 40, "按时报送": 20, "通报批评": 10, "领导评价": 30}
    set_lines(scheme, own_unit, full)
    set_lines(scheme, other_unit, full)
    rows = scoring.ranking(scheme)
    assert [r.rank for r in rows] == [1, 1] and {r.grade_label for r in rows} == {"优秀"}
    services.find_veto(actor, scheme.veto_items.get(), other_unit, facts="发生安全事故", on=TODAY)
    rows = scoring.ranking(scheme)
    vetoed = next(r for r in rows if r.unit == other_unit)
    assert (vetoed.total, vetoed.rank, vetoed.grade_label) == (Decimal("100.00"), 1, "良好")
    assert vetoed.grade_note == "一票否决，不得评为优秀"


def test_the_share_of_excellent_is_capped(scheme, own_unit, other_unit):
    scheme.excellent_share = 50
    scheme.save()
    set_lines(scheme, own_unit, {"序时进度": 40, "按时报送": 20, "通报批评": 10, "领导评价": 30})
    set_lines(scheme, other_unit, {"序时进度": 39, "按时报送": 20, "通报批评": 10, "领导评价": 30})
    rows = scoring.ranking(scheme)
    assert [(r.unit, r.rank, r.grade_label) for r in rows] == [(own_unit, 1, "优秀"), (other_unit, 2, "良好")]


def test_difficulty_and_bonus_enter_the_total(actor, scheme, own_unit):
    scheme.difficulty = Decimal("1.05")
    scheme.save()
    set_lines(scheme, own_unit, {"序时进度": 40, "按时报送": 20, "通报批评": 10, "领导评价": 30})
    services.claim_bonus(
        actor,
        scheme,
        own_unit,
        achievement="经验推广",
        title="关于推广经验的通知",
        number="统发〔2025〕3号",
        issuer="省委统战部",
        level="province",
        issued_on=date(2025, 5, 1),
    )
    row = next(r for r in scoring.ranking(scheme) if r.unit == own_unit)
    assert (row.bonus, row.total) == (Decimal("2.00"), Decimal("107.00"))


def test_an_unrated_indicator_has_no_score(scheme, own_unit):
    assert line(scheme, own_unit, "领导评价").computed is None
    assert scheme.indicators.get(name="领导评价").method == Indicator.Method.EVALUATORS


def test_the_score_sheet_follows_the_ranking_and_the_indicator_order(scheme, own_unit, other_unit):
    set_lines(scheme, other_unit, {"序时进度": 40, "按时报送": 20, "通报批评": 10, "领导评价": 30})
    set_lines(scheme, own_unit, {"序时进度": 10, "按时报送": 20, "通报批评": 10, "领导评价": 30})
    rows, sheet = scoring.score_sheet(scheme)
    assert [r.name for r in rows] == ["序时进度", "按时报送", "通报批评", "领导评价"]
    assert [s.standing.unit for s in sheet] == [other_unit, own_unit]
    assert [ln.indicator.name for ln in sheet[1].lines] == [r.name for r in rows]
    assert sheet[1].lines[0].final == Decimal("10")
