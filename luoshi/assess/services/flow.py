"""The assessment flow: 自评 → 审核 → 审定 → 公示 (N days) → 复核申请 answered → 结果确定 → 归档.

Every act locks the scheme row first (`locked_scheme`), so acts on one scheme take turns; a reviewer's
form names the assessment `revision` it was loaded at, and a review made on a stale page is refused rather
than overwriting a colleague's — nothing is half-scored.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import ServiceError
from luoshi.org import access
from luoshi.org.access import Action

from .. import scoring
from ..models import Appeal, Assessment, Indicator, Scheme, ScoreLine
from .common import locked_scheme, points, require_stage, user_of

STALE = "该单位的评分已被他人修改，请刷新页面后再操作。您这次的评分尚未保存。"
ORDER = [s.value for s in Scheme.Stage]


def _locked_assessment(assessment: Assessment, revision: int | None) -> Assessment:
    row = Assessment.objects.select_for_update(of=("self",)).get(pk=assessment.pk)
    if revision is not None and row.revision != revision:
        raise ServiceError(STALE, code="conflict")
    return row


def _bump(assessment: Assessment) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(revision=F("revision") + 1)


def self_assess(
    actor: Actor,
    assessment: Assessment,
    scores: dict[int, tuple],
    *,
    revision: int,
    submit: bool = False,
    evidence: dict | None = None,
) -> Assessment:
    """The unit's self-assessment: a self score (and optional note and evidence file) per leaf indicator;
    `submit` hands it to the office. Only in the 自评 stage, only by the unit's own liaison."""
    access.require(actor, Action.SELF_ASSESS, assessment)
    evidence = evidence or {}
    with transaction.atomic():
        scheme = locked_scheme(assessment.scheme)
        require_stage(scheme, Scheme.Stage.SELF, doing="自评")
        assessment = _locked_assessment(assessment, revision)
        if assessment.self_submitted_at:
            raise ServiceError("自评已提交，不能再修改。")
        lines = {line.indicator_id: line for line in assessment.lines.select_related("indicator")}
        changed = []
        for indicator_id, (value, note) in scores.items():
            line = lines.get(indicator_id)
            if line is None:
                raise ServiceError("评分表已变化，请刷新页面后再填写。")
            if value in (None, ""):
                line.self_score = None
            else:
                line.self_score = points(
                    value, what=f"“{line.indicator.name}”自评分", most=line.indicator.points
                )
            line.self_note = (note or "").strip()[:500]
            if indicator_id in evidence:
                line.evidence.save(evidence[indicator_id].name[-80:], evidence[indicator_id], save=False)
            changed.append(line)
        ScoreLine.objects.bulk_update(changed, ["self_score", "self_note", "evidence"])
        if submit:
            missing = [ln.indicator.name for ln in lines.values() if ln.self_score is None]
            if missing:
                raise ServiceError(f"还有{len(missing)}项指标未自评（如“{missing[0]}”），不能提交。")
            assessment.self_submitted_at, assessment.self_submitted_by = timezone.now(), user_of(actor)
            assessment.save(update_fields=["self_submitted_at", "self_submitted_by"])
        _bump(assessment)
        total = sum(ln.self_score or 0 for ln in lines.values())
        record(
            actor,
            "submit_self_assessment" if submit else "save_self_assessment",
            assessment,
            after={str(k): str(v[0]) for k, v in scores.items()},
            summary=f"{assessment.unit.display_name}{'提交' if submit else '保存'}自评，合计{total}分",
        )
    return assessment


def review_line(actor: Actor, line: ScoreLine, *, score, reason: str, revision: int) -> ScoreLine:
    """审核: the office's score beside the unit's self score; a reason is required where they differ (and
    where the office departs from the computed points)."""
    access.require(actor, Action.MANAGE_ASSESSMENT, line.assessment)
    reason = (reason or "").strip()
    with transaction.atomic():
        scheme = locked_scheme(line.assessment.scheme)
        require_stage(scheme, Scheme.Stage.REVIEW, doing="审核评分")
        _locked_assessment(line.assessment, revision)
        line = ScoreLine.objects.select_related("indicator", "assessment__unit").get(pk=line.pk)
        value = points(score, what="审核分", most=line.indicator.points)
        if line.self_score is not None and value != line.self_score and not reason:
            raise ServiceError(f"审核分（{value}）与自评分（{line.self_score}）不一致，请写明理由。")
        if line.self_score is None and line.computed is not None and value != line.computed and not reason:
            raise ServiceError(f"审核分（{value}）与系统计算分（{line.computed}）不一致，请写明理由。")
        before = {"reviewed": str(line.reviewed) if line.reviewed is not None else None}
        line.reviewed, line.review_reason, line.reviewed_by = value, reason[:500], user_of(actor)
        line.save(update_fields=["reviewed", "review_reason", "reviewed_by"])
        _bump(line.assessment)
        record(
            actor,
            "review_score",
            line,
            before=before,
            after={"reviewed": str(value), "reason": reason},
            summary=f"审核{line.assessment.unit.display_name}“{line.indicator.name}”：{value}分",
        )
    return line


def advance(actor: Actor, scheme: Scheme, to: str, today: date | None = None) -> Scheme:
    """Move the scheme's flow one stage on. 审定 fixes each line's final score (reviewed, else computed,
    else self); 公示 runs `publicity_days` from today; results are final only after 公示 has closed with
    every appeal answered."""
    access.require(actor, Action.MANAGE_ASSESSMENT, scheme)
    today = today or timezone.localdate()
    with transaction.atomic():
        scheme = locked_scheme(scheme)
        if to not in ORDER or ORDER.index(to) != ORDER.index(scheme.stage) + 1:
            raise ServiceError(f"不能从“{scheme.get_stage_display()}”环节直接转到该环节。")
        require_stage(scheme, scheme.stage, doing="转入下一环节")
        if to == Scheme.Stage.REVIEW:
            from .schemes import _refresh

            _refresh(scheme, scoring.default_as_of(scheme, today))
        elif to == Scheme.Stage.APPROVED:
            _approve(scheme)
        elif to == Scheme.Stage.PUBLICITY:
            scheme.publicity_ends_on = today + timedelta(days=scheme.publicity_days)
        elif to == Scheme.Stage.FINAL:
            if scheme.publicity_ends_on and today <= scheme.publicity_ends_on:
                raise ServiceError(
                    f"公示期至{scheme.publicity_ends_on:%Y年%-m月%-d日}，公示期满后才能确定结果。"
                )
            open_appeals = Appeal.objects.filter(
                line__assessment__scheme=scheme, status=Appeal.Status.OPEN
            ).count()
            if open_appeals:
                raise ServiceError(f"还有{open_appeals}件复核申请未答复，答复后才能确定结果。")
        before = scheme.stage
        scheme.stage = to
        scheme.save(update_fields=["stage", "publicity_ends_on"])
        record(
            actor,
            "advance_assessment",
            scheme,
            before={"stage": before},
            after={"stage": to},
            summary=f"考核方案“{scheme.title}”转入“{scheme.get_stage_display()}”环节",
        )
    return scheme


def _approve(scheme: Scheme) -> None:
    lines = list(
        ScoreLine.objects.filter(assessment__scheme=scheme).select_related("indicator", "assessment__unit")
    )
    for line in lines:
        value = line.reviewed if line.reviewed is not None else line.computed
        if value is None:
            value = line.self_score
        if value is None:
            raise ServiceError(
                f"{line.assessment.unit.display_name}的“{line.indicator.name}”还没有得分"
                f"（{Indicator.Method(line.indicator.method).label}），不能审定。"
            )
        line.final = value
    ScoreLine.objects.bulk_update(lines, ["final"], batch_size=500)


def file_appeal(actor: Actor, line: ScoreLine, *, reason: str, today: date | None = None) -> Appeal:
    """复核申请 by the unit during 公示, on one row, with its reasons. After 公示 closes: refused."""
    access.require(actor, Action.SELF_ASSESS, line.assessment)
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请写明申请复核的理由。")
    with transaction.atomic():
        scheme = locked_scheme(line.assessment.scheme)
        if scheme.stage != Scheme.Stage.PUBLICITY or (
            scheme.publicity_ends_on and today > scheme.publicity_ends_on
        ):
            raise ServiceError("公示期已结束或尚未开始，不能申请复核。")
        if Appeal.objects.filter(line=line, status=Appeal.Status.OPEN).exists():
            raise ServiceError("该指标已有待答复的复核申请。")
        appeal = Appeal.objects.create(
            line=line, reason=reason[:500], score_before=line.final, filed_by=user_of(actor)
        )
        record(
            actor,
            "file_appeal",
            appeal,
            after={"line": line.pk, "reason": reason},
            summary=f"{line.assessment.unit.display_name}对“{line.indicator.name}”申请复核",
        )
    return appeal


def answer_appeal(actor: Actor, appeal: Appeal, *, answer: str, score=None) -> Appeal:
    """The office's answer: the score kept or changed (the line's final follows), always with words."""
    access.require(actor, Action.MANAGE_ASSESSMENT, appeal.line.assessment)
    answer = (answer or "").strip()
    if not answer:
        raise ServiceError("请填写答复意见。")
    with transaction.atomic():
        locked_scheme(appeal.line.assessment.scheme)
        appeal = (
            Appeal.objects.select_for_update(of=("self",)).select_related("line__indicator").get(pk=appeal.pk)
        )
        if appeal.status != Appeal.Status.OPEN:
            raise ServiceError("该复核申请已答复。")
        line = appeal.line
        if score not in (None, ""):
            value = points(score, what="调整后得分", most=line.indicator.points)
        else:
            value = line.final
        appeal.status = Appeal.Status.UPHELD if value == line.final else Appeal.Status.CHANGED
        appeal.answer, appeal.score_after = answer[:500], value
        appeal.answered_by, appeal.answered_at = user_of(actor), timezone.now()
        appeal.save()
        if value != line.final:
            ScoreLine.objects.filter(pk=line.pk).update(final=value)
            _bump(line.assessment)
        record(
            actor,
            "answer_appeal",
            appeal,
            after={"status": appeal.status, "score": str(value)},
            summary=f"答复复核申请：{appeal.get_status_display()}（{value}分）",
        )
    return appeal
