"""The demo's assessment: a scheme for the districts and one for the municipal units on the founding plan,
a few bonus documents and a brand, self-assessments and reviews for the year so far, and one appeal —
all through `luoshi.assess.services`, as an office and its units would do it.

Both schemes are published with the plan, the day it went out (a first version must be frozen before the
work it scores begins), and recomputed on the day of loading. The districts' scheme has been through 公示
(ending a few days ago, with one appeal answered) and its results are final, so the ranking, its
explanations and the results 通报 show at once; the municipal units' scheme is in 审核 (self scores beside
the office's)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from luoshi.assess import services
from luoshi.assess.models import Indicator, Scheme, ScoreLine
from luoshi.audit.services import Actor
from luoshi.plans.models import Assignment, Plan, Task

COMPUTED, DEDUCTION, EVALUATORS = (
    Indicator.Method.COMPUTED,
    Indicator.Method.DEDUCTION,
    Indicator.Method.EVALUATORS,
)
YEAR_END = Indicator.Phase.YEAR_END


@dataclass(frozen=True)
class Row:
    name: str
    points: str
    office: str
    method: str = COMPUTED
    measure: str = ""
    phase: str = Indicator.Phase.REGULAR
    cap: str | None = None
    rule: str = ""


TREE = [
    (
        "重点任务落实",
        [
            Row("序时进度", "25", "督查室", measure="schedule", rule="按已采纳进度与序时进度之比计分"),
            Row("按期办结", "15", "督查室", measure="on_time", rule="到期任务按期办结计满分"),
            Row("红灯天数", "10", "督查室", measure="red_days", rule="按亮红灯天数占比扣减"),
        ],
    ),
    (
        "信息报送",
        [
            Row(
                "按时报送",
                "15",
                "办公室",
                measure="reporting",
                rule="按时报送计满分，迟报计一半，未报送不得分",
            ),
            Row("报送质量", "5", "办公室", measure="returns", rule="按被退回次数占比扣减"),
        ],
    ),
    (
        "工作作风",
        [
            Row(
                "通报批评",
                "10",
                "办公室",
                method=DEDUCTION,
                cap="10",
                rule="通报批评一次扣2分，无实质内容扣5分",
            ),
        ],
    ),
    (
        "年终评价",
        [
            Row("领导评价", "20", "部务会", method=EVALUATORS, phase=YEAR_END, rule="部领导分别评分取平均"),
        ],
    ),
]
VETO = [
    ("发生意识形态领域重大问题", "《全市统战工作目标考核办法》第十五条"),
    ("发生重大民族宗教领域事件处置不力", "《全市统战工作目标考核办法》第十五条"),
]


def load_assessment(plan: Plan, supervisor, liaisons: dict, today: date) -> dict[str, Scheme]:
    """Both schemes as of `today`, with their flow taken as far as described above."""
    rng = random.Random(2025)
    office = Actor(supervisor)
    plan.refresh_from_db()  # the day it went out, as the loader dated it
    districts = _scheme(
        office,
        plan,
        "district",
        f"{plan.year}年度各区统战工作目标考核方案",
        Decimal("1.00"),
        today,
        excellent_share=30,
    )
    municipal = _scheme(
        office, plan, "municipal", f"{plan.year}年度市直成员单位统战工作目标考核方案", Decimal("0.95"), today
    )
    _register(office, plan, districts, municipal, liaisons)
    for scheme in (districts, municipal):
        _rate(office, scheme, rng)
        _self_assess(scheme, liaisons, rng, today)
        services.advance(office, scheme, Scheme.Stage.REVIEW, today=today)
        _review(office, scheme, rng)
    # 公示 opened long enough ago to have closed today, so the results are final and can be 通报ed.
    opened = today - timedelta(days=districts.publicity_days + 2)
    for stage in (Scheme.Stage.APPROVED, Scheme.Stage.PUBLICITY):
        services.advance(office, districts, stage, today=opened)
    _appeal(office, districts, liaisons, opened + timedelta(days=1))
    services.advance(office, districts, Scheme.Stage.FINAL, today=today)
    for scheme in (districts, municipal):
        Scheme.objects.filter(pk=scheme.pk).update(is_demo=True, published_at=plan.published_at)
    return {"district": districts, "municipal": municipal}


def _scheme(office, plan, kind, title, difficulty, today, **numbers) -> Scheme:
    scheme = services.create_scheme(
        office, plan, unit_kind=kind, title=title, difficulty=difficulty, **numbers
    )
    for group, rows in TREE:
        parent = services.add_indicator(
            office, scheme, name=group, points_value="0", office=rows[0].office, phase=rows[0].phase
        )
        for r in rows:
            services.add_indicator(
                office,
                scheme,
                parent=parent,
                name=r.name,
                points_value=r.points,
                office=r.office,
                phase=r.phase,
                method=r.method,
                measure=r.measure,
                deduction_cap=r.cap,
                rule=r.rule,
            )
    for title_, basis in VETO:
        services.add_veto_item(office, scheme, title=title_, basis=basis)
    published = services.publish_scheme(office, scheme, today=min(services.publish_deadline(scheme), today))
    services.recompute_scores(office, published, today=today)
    return published


def _unit(scheme: Scheme, short_name: str):
    return scheme.assessments.get(unit__short_name=short_name).unit


# (scheme, unit, achievement, document title, number, issuer, level, month, day); {y} is the plan's year.
BONUSES = [
    (
        "district",
        "江岸区",
        "同心工程经验做法获全国推广",
        "关于推广基层统战工作经验做法的通知",
        "统办发〔{y}〕12号",
        "中央统战部办公厅",
        "national",
        4,
        18,
    ),
    (
        "district",
        "武昌区",
        "民营经济统战工作获省表扬",
        "关于表扬全省统战工作先进集体的通报",
        "鄂统发〔{y}〕7号",
        "中共湖北省委统战部",
        "province",
        3,
        26,
    ),
    (
        "municipal",
        "市民宗委",
        "民族团结进步创建获市表扬",
        "关于民族团结进步创建工作情况的通报",
        "武统发〔{y}〕9号",
        "中共武汉市委统战部",
        "city",
        5,
        9,
    ),
]


def _register(office, plan, districts, municipal, liaisons) -> None:
    year = plan.year
    schemes = {"district": districts, "municipal": municipal}
    for kind, unit, achievement, title, number, issuer, level, month, day in BONUSES:
        scheme = schemes[kind]
        services.claim_bonus(
            office,
            scheme,
            _unit(scheme, unit),
            achievement=achievement,
            title=title,
            number=number.format(y=year),
            issuer=issuer,
            level=level,
            issued_on=min(date(year, month, day), timezone.localdate()),
        )
    criticism = districts.indicators.get(name="通报批评")
    services.add_deduction(
        office,
        criticism,
        _unit(districts, "青山区"),
        points_value="2",
        reason="3月进度报送未按要求报送，被通报批评",
        basis=f"武统督〔{year}〕3号",
    )
    services.add_deduction(
        office,
        criticism,
        _unit(districts, "蔡甸区"),
        points_value="5",
        reason="报送内容无实质进展",
        basis=f"武统督〔{year}〕5号",
    )
    # A brand: a highlight task's outcome, reviewed, then recognised by the province (a bonus follows).
    assignment = (
        Assignment.objects.filter(
            task__plan=plan, task__tier=Task.Tier.HIGHLIGHT, unit__kind="district", role=Assignment.Role.LEAD
        )
        .select_related("unit", "task")
        .order_by("task__position", "unit__order")
        .first()
    )
    if assignment is not None:
        liaison = liaisons[assignment.unit.short_name]
        brand = services.nominate_brand(
            Actor(liaison),
            assignment,
            name="“同心汇”基层统战品牌",
            outcome="在辖区街道建成同心驿站，组织党外人士开展服务活动，经验被省委统战部推广",
        )
        services.review_brand(office, brand, accept=True, note="特色鲜明，成效可感")
        services.recognise_brand(
            office,
            brand,
            districts,
            title="关于推广基层统战工作品牌的通知",
            number=f"鄂统办〔{year}〕21号",
            issuer="中共湖北省委统战部办公室",
            level="province",
            issued_on=min(date(year, 5, 20), timezone.localdate()),
        )


def _rate(office, scheme, rng) -> None:
    opinion = scheme.indicators.get(name="领导评价")
    for a in scheme.assessments.select_related("unit"):
        for evaluator, base in (("部长", 17), ("分管副部长", 16)):
            services.rate(
                office,
                opinion,
                a.unit,
                evaluator=evaluator,
                score=str(base + rng.randint(0, 3)),
                reason="工作推进有力" if base + 2 > 18 else "工作较为扎实",
            )


def _self_assess(scheme, liaisons, rng, today) -> None:
    """Each unit scores itself a little above the computed points, as units tend to."""
    for a in scheme.assessments.select_related("unit"):
        lines = list(a.lines.select_related("indicator"))
        scores = {}
        for line in lines:
            base = line.computed if line.computed is not None else line.indicator.points
            value = min(line.indicator.points, base + Decimal(rng.choice([0, 0, 1, 2])))
            scores[line.indicator_id] = (str(value), "已按要求推进，详见月度报送" if value > base else "")
        services.self_assess(Actor(liaisons[a.unit.short_name]), a, scores, revision=a.revision, submit=True)


def _review(office, scheme, rng) -> None:
    """The office takes the computed points where the unit claimed more, and says why."""
    for a in scheme.assessments.all():
        for line in a.lines.select_related("indicator"):
            if line.self_score is not None and line.computed is not None and line.self_score > line.computed:
                a.refresh_from_db()
                services.review_line(
                    office,
                    line,
                    score=str(line.computed),
                    revision=a.revision,
                    reason="自评分高于按报送和亮灯记录计算的得分，按计算结果核定",
                )


def _appeal(office, scheme, liaisons, today) -> None:
    line = (
        ScoreLine.objects.filter(assessment__scheme=scheme, indicator__name="按时报送")
        .select_related("assessment__unit")
        .order_by("final", "assessment__unit__order")
        .first()
    )
    liaison = liaisons[line.assessment.unit.short_name]
    appeal = services.file_appeal(
        Actor(liaison), line, today=today, reason="3月报告因系统维护延迟一天报送，已向督查室说明，请予复核"
    )
    new = min(line.indicator.points, line.final + Decimal("1"))
    services.answer_appeal(
        office, appeal, answer="经核实，系统维护期间顺延一日，按时报送得分予以调整", score=str(new)
    )
