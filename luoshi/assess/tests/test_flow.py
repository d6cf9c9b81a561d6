"""The flow: 自评 → 审核 → 审定 → 公示 → 复核申请 → 结果确定 → 归档, and its refusals."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from luoshi.assess import scoring, services
from luoshi.assess.models import Appeal, Assessment, Scheme, ScoreLine
from luoshi.audit.services import Actor
from luoshi.lib.errors import AccessDenied, ServiceError

from .conftest import TODAY


@pytest.fixture
def own(scheme, own_unit) -> Assessment:
    return Assessment.objects.get(scheme=scheme, unit=own_unit)


def lines_of(assessment):
    return {line.indicator.name: line for line in assessment.lines.select_related("indicator")}


def self_scores(assessment, values):
    lines = lines_of(assessment)
    return {lines[name].indicator_id: (value, "") for name, value in values.items()}


FULL = {"序时进度": "38", "按时报送": "20", "通报批评": "10", "领导评价": "28"}


def rate_everyone(actor, scheme):
    opinion = scheme.indicators.get(name="领导评价")
    for a in scheme.assessments.all():
        services.rate(actor, opinion, a.unit, evaluator="主要领导", score="27", reason="较好")


def test_the_whole_flow(actor, scheme, own, liaison, other_liaison):
    services.self_assess(Actor(liaison), own, self_scores(own, FULL), revision=0, submit=True)
    rate_everyone(actor, scheme)
    services.advance(actor, scheme, Scheme.Stage.REVIEW, today=TODAY)
    own.refresh_from_db()
    line = lines_of(own)["序时进度"]
    with pytest.raises(ServiceError, match="请写明理由"):
        services.review_line(actor, line, score="30", reason="", revision=own.revision)
    services.review_line(actor, line, score="30", reason="二季度进度未达序时", revision=own.revision)
    services.advance(actor, scheme, Scheme.Stage.APPROVED, today=TODAY)
    line.refresh_from_db()
    assert (line.self_score, line.reviewed, line.final) == (Decimal("38"), Decimal("30"), Decimal("30"))
    services.advance(actor, scheme, Scheme.Stage.PUBLICITY, today=TODAY)
    scheme.refresh_from_db()
    assert scheme.publicity_ends_on == TODAY + timedelta(days=5)
    appeal = services.file_appeal(Actor(liaison), line, reason="6月报告已采纳，进度应为60%", today=TODAY)
    with pytest.raises(ServiceError, match="未答复"):
        services.advance(actor, scheme, Scheme.Stage.FINAL, today=TODAY + timedelta(days=6))
    services.answer_appeal(actor, appeal, answer="经核实，调整为35分", score="35")
    appeal.refresh_from_db()
    line.refresh_from_db()
    assert (appeal.status, appeal.score_before, appeal.score_after, line.final) == (
        Appeal.Status.CHANGED,
        Decimal("30"),
        Decimal("35"),
        Decimal("35"),
    )
    with pytest.raises(ServiceError, match="公示期满后"):
        services.advance(actor, scheme, Scheme.Stage.FINAL, today=TODAY + timedelta(days=5))
    services.advance(actor, scheme, Scheme.Stage.FINAL, today=TODAY + timedelta(days=6))
    services.advance(actor, scheme, Scheme.Stage.ARCHIVED, today=TODAY + timedelta(days=7))
    row = next(r for r in scoring.ranking(scheme) if r.unit == own.unit)
    assert row.rank == 1


def test_an_appeal_after_publicity_closed_is_refused(actor, scheme, own, liaison):
    rate_everyone(actor, scheme)
    for stage in (Scheme.Stage.REVIEW, Scheme.Stage.APPROVED, Scheme.Stage.PUBLICITY):
        services.advance(actor, scheme, stage, today=TODAY)
    line = lines_of(own)["按时报送"]
    with pytest.raises(ServiceError, match="公示期已结束"):
        services.file_appeal(Actor(liaison), line, reason="有异议", today=TODAY + timedelta(days=6))
    assert not Appeal.objects.exists()


def test_self_assessment_only_in_its_stage_and_by_its_own_unit(actor, scheme, own, liaison, other_liaison):
    with pytest.raises(AccessDenied):
        services.self_assess(Actor(other_liaison), own, self_scores(own, {"序时进度": "40"}), revision=0)
    with pytest.raises(AccessDenied):
        services.self_assess(actor, own, self_scores(own, {"序时进度": "40"}), revision=0)
    with pytest.raises(ServiceError, match="不能超过40"):
        services.self_assess(Actor(liaison), own, self_scores(own, {"序时进度": "41"}), revision=0)
    with pytest.raises(ServiceError, match="未自评"):
        services.self_assess(
            Actor(liaison), own, self_scores(own, {"序时进度": "40"}), revision=0, submit=True
        )
    # Nothing half-saved: the refused submit left no self score behind.
    assert not ScoreLine.objects.filter(self_score__isnull=False).exists()


def test_a_review_on_a_stale_page_is_refused(actor, scheme, own, supervisor):
    rate_everyone(actor, scheme)
    services.advance(actor, scheme, Scheme.Stage.REVIEW, today=TODAY)
    own.refresh_from_db()
    seen = own.revision
    lines = lines_of(own)
    services.review_line(actor, lines["序时进度"], score="35", reason="核减", revision=seen)
    with pytest.raises(ServiceError, match="已被他人修改"):
        services.review_line(actor, lines["按时报送"], score="10", reason="核减", revision=seen)
    assert lines_of(own)["按时报送"].reviewed is None


def test_a_leader_or_liaison_cannot_review(actor, scheme, own, leader, liaison):
    services.advance(actor, scheme, Scheme.Stage.REVIEW, today=TODAY)
    line = lines_of(own)["序时进度"]
    for who in (leader, liaison):
        with pytest.raises(AccessDenied):
            services.review_line(Actor(who), line, score="1", reason="x", revision=0)


def test_approval_needs_every_line_scored(actor, scheme):
    services.advance(actor, scheme, Scheme.Stage.REVIEW, today=TODAY)
    with pytest.raises(ServiceError, match="还没有得分"):
        services.advance(actor, scheme, Scheme.Stage.APPROVED, today=TODAY)
    assert not ScoreLine.objects.filter(final__isnull=False).exists()


def test_stages_cannot_be_skipped(actor, scheme):
    with pytest.raises(ServiceError, match="不能从"):
        services.advance(actor, scheme, Scheme.Stage.PUBLICITY, today=TODAY)


def test_scores_are_frozen_after_approval(actor, scheme):
    rate_everyone(actor, scheme)
    services.advance(actor, scheme, Scheme.Stage.REVIEW, today=TODAY)
    services.advance(actor, scheme, Scheme.Stage.APPROVED, today=TODAY)
    with pytest.raises(ServiceError, match="不能重新计算"):
        services.recompute_scores(actor, scheme, today=TODAY)
    assert date(2025, 7, 15) == TODAY
