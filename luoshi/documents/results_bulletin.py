"""The results 通报 (考核结果通报), written from `results.compute` in the words and order an office uses:
title 关于……考核结果的通报, opening (basis, method, 现将有关情况通报如下), 一、总体情况 (work done, scores and
grades), 二、好的做法 (units rated 优秀, recognitions, brands), 三、存在问题 (low scores; laggards named with
their counts of 未达序时, 超期, 未按要求报送; deductions and 一票否决), 四、下一步要求 (一是……二是……), and
the attachments: one ranking table per class of units and the year's 落实情况表."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings

from luoshi.assess.models import Assessment, Level
from luoshi.lib.cndates import cn_date
from luoshi.lib.official import OfficialDocument, Section, Table, ordinal, points

from .bulletins import LEDGER_COLUMNS, LEDGER_WIDTHS, NAMED, ledger_rows, rate
from .discipline import UnitFigures
from .results import ClassResult, Results, recognised_brands

GRADES = Assessment.Grade
RANKING_COLUMNS = [
    "名次",
    "单位",
    "平时考核",
    "年终考核",
    "综合得分",
    "难度系数",
    "加分",
    "总分",
    "等次",
    "备注",
]
RANKING_WIDTHS = [1.2, 5, 1.6, 1.6, 1.6, 1.4, 1.2, 1.6, 1.2, 3.2]
LEVEL_WORDS = dict(Level.choices)


def score(value: Decimal) -> str:
    """96.5分, 88分: no trailing zeros, as a 通报 writes a score."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}分"


def _listed(words: list[str]) -> str:
    shown = "、".join(words[:NAMED])
    return f"{shown}等{len(words)}个单位" if len(words) > NAMED else shown


def _counts(*pairs: tuple[str, int], measure: str) -> str:
    return "、".join(f"{label}{n}{measure}" for label, n in pairs if n)


def results_title(r: Results) -> str:
    return f"关于{r.plan.title}目标考核结果的通报"


def _weights(r: Results) -> str:
    weights = {c.scheme.regular_weight for c in r.classes}
    if len(weights) == 1:
        w = weights.pop()
        return f"平时考核与年终考核相结合（平时考核占{w}%、年终考核占{100 - w}%）"
    return "平时考核与年终考核相结合（权重按各考核方案确定）"


def opening(r: Results, issuer: str) -> str:
    schemes = "、".join(f"《{c.scheme.title}》" for c in r.classes)
    appeals = (
        f"公示期间共受理复核申请{r.appeals}件，均已答复，其中调整评分{r.appeals_changed}件"
        if r.appeals
        else "公示期间未收到复核申请"
    )
    return (
        f"为推动《{r.plan.title}》各项任务落地见效，根据{schemes}，{issuer}组织开展了{r.plan.year}年度目标考核。"
        f"考核坚持{_weights(r)}，按照单位自评、责任科室审核、审定、公示的程序进行，计分以任务报送、亮灯和办结"
        f"记录为依据，加分须有正式文件，{appeals}。现将考核结果通报如下。"
    )


def _work(r: Results) -> str:
    d = r.latest
    text = f"截至{cn_date(r.as_of)}，"
    if d is not None:
        text += f"《{r.plan.title}》共分解可考核任务{d.tasks}项，涉及责任单位{len(d.units)}个"
        if d.due_tasks:
            text += (
                f"；应完成任务{d.due_tasks}项，已办结{d.completed_due}项，按期办结率{rate(d.completion_rate)}"
            )
            text += f"，超期未办结任务{d.overdue_tasks}项" if d.overdue_tasks else "，无超期未办结任务"
        owed = r.total("owed")
        text += f"；全年应报送进度报告{owed}份，按时报送{r.total('on_time')}份，按时报送率{rate(r.on_time_rate)}。"
    else:
        text += f"《{r.plan.title}》尚无进度报送记录。"
    return text


def _class_overview(c: ClassResult) -> str:
    rows = c.standings
    if not rows:
        return f"{c.label}：本方案没有被考核单位。"
    mean = sum((s.total for s in rows), Decimal("0")) / len(rows)
    top, bottom = rows[0], rows[-1]
    grades = "、".join(f"{label}{len(c.graded(g))}个" for g, label in GRADES.choices)
    return (
        f"参加考核的{c.label}共{len(rows)}个，平均得分{score(mean.quantize(Decimal('0.01')))}，"
        f"最高{score(top.total)}（{top.unit.name}），最低{score(bottom.total)}（{bottom.unit.name}）。"
        f"评定{grades}。"
    )


def _register(r: Results) -> str | None:
    bonuses = [b for c in r.classes for b in c.bonuses]
    deducted = {d.unit_id for c in r.classes for d in c.deductions}
    if not bonuses and not deducted:
        return None
    parts = []
    if bonuses:
        by_level = "、".join(
            f"{label}{n}份"
            for level, label in Level.choices
            if (n := len({b.document_id for b in bonuses if b.level == level}))
        )
        parts.append(f"{len({b.unit_id for b in bonuses})}个单位凭正式文件获得加分（{by_level}）")
    if deducted:
        parts.append(f"{len(deducted)}个单位因通报批评、报送无实质内容等被扣分")
    return "考核中，" + "，".join(parts) + "。"


def overview(r: Results) -> list[str]:
    paragraphs = [_work(r)]
    several = len(r.classes) > 1
    for i, c in enumerate(r.classes, start=1):
        text = _class_overview(c)
        paragraphs.append(f"（{ordinal(i)}）{c.label}。{text}" if several else text)
    register = _register(r)
    if register:
        paragraphs.append(register)
    return paragraphs


def good_practice(r: Results) -> list[str]:
    paragraphs = []
    for c in r.classes:
        excellent = c.graded(GRADES.EXCELLENT)
        if excellent:
            names = _listed([f"{s.unit.name}（{score(s.total)}）" for s in excellent])
            paragraphs.append(
                f"{names}评为优秀。这些单位主要负责同志亲自推动，任务推进有力、报送及时规范，"
                "在各自领域形成了可复制可推广的经验，值得肯定。"
            )
        elif c.standings:
            names = _listed([f"{s.unit.name}（{score(s.total)}）" for s in c.standings[:3]])
            paragraphs.append(f"参加考核的{c.label}中，{names}总分位居前列，任务推进较为有力。")
    brands = recognised_brands(r.plan)
    branded = {b.document_id for b in brands}  # a brand's recognition is told with the brands below
    recognitions = [
        f"{b.unit.name}{b.achievement}（{b.document.issuer}{b.document.number}，{LEVEL_WORDS[b.level]}）"
        for c in r.classes
        for b in c.bonuses
        if b.document_id not in branded
    ]
    if recognitions:
        paragraphs.append(f"工作成效获得上级肯定：{'；'.join(recognitions)}。")
    if brands:
        named = "、".join(
            f"{b.unit.name}{b.name}" + (f"（{b.document.get_level_display()}认定）" if b.document else "")
            for b in brands
        )
        paragraphs.append(f"亮点工作做成品牌：{named}，实现了例行工作做出特色、重点工作做出影响。")
    if not paragraphs:
        paragraphs.append("各单位认真落实目标任务，考核工作总体平稳有序。")
    return paragraphs


def _low(r: Results) -> list[str]:
    rows = [
        f"{s.unit.name}（{score(s.total)}，{s.grade_label}）"
        for c in r.classes
        for s in c.standings
        if s.grade in (GRADES.FAIR, GRADES.POOR)
    ]
    return rows


def problems(r: Results) -> list[str]:
    parts: list[tuple[str, str]] = []
    low = _low(r)
    if low:
        parts.append(("部分单位考核得分偏低。", f"{_listed(low)}考核等次为一般或较差，与目标要求差距较大。"))
    behind = [u for u in r.laggards if u.behind or u.overdue]
    if behind:
        named = _listed(
            [
                f"{u.name}（{_counts(('未达序时', u.behind), ('超期', u.overdue), measure='项')}）"
                for u in behind
            ]
        )
        parts.append(("部分任务推进滞后。", f"{named}承办的任务未达序时进度或超过完成时限仍未办结。"))
    filing = [u for u in r.laggards if u.not_as_required]
    if filing:
        named = _listed([f"{u.name}（{_filing(u)}）" for u in filing])
        parts.append(("进度报送不够及时规范。", f"{named}全年存在未按要求报送的情况。"))
    marks = [f"{d.unit.name}{d.reason}，扣{score(d.points)}" for c in r.classes for d in c.deductions] + [
        f"{v.unit.name}{v.facts}，按{v.item.basis}不得评为优秀" for c in r.classes for v in c.vetoes
    ]
    if marks:
        parts.append(("个别单位被扣分或一票否决。", "；".join(marks) + "。"))
    if not parts:
        return ["考核中未发现得分偏低、任务滞后或报送不规范的单位。"]
    return [f"（{ordinal(i)}）{head}{body}" for i, (head, body) in enumerate(parts, start=1)]


def _filing(u: UnitFigures) -> str:
    detail = _counts(("未报", u.missing), ("迟报", u.late), ("退回待重报", u.returned), measure="份")
    return f"未按要求报送{u.not_as_required}份：{detail}"


def requirements(r: Results, issuer: str) -> list[str]:
    items = []
    low = len(_low(r))
    if low:
        items.append(
            f"认真对照整改。评为一般、较差的{low}个单位要深入分析失分原因，逐项制定整改措施，"
            f"整改情况书面报{issuer}。"
        )
    lagging = sum(u.behind + u.overdue for u in r.records)
    if lagging:
        items.append(
            f"加快推进滞后任务。对未达序时进度或超期未办结的{lagging}项承办任务（按承办单位计），责任单位要明确完成时限，"
            "确保尽快赶上进度。"
        )
    items.append(
        f"严格报送纪律。每期进度须于每期结束后{settings.REPORT_DUE_DAYS}个工作日内报送，内容要具体、"
        "数据要准确，杜绝迟报、漏报。"
    )
    leaders = "评为优秀" if any(c.graded(GRADES.EXCELLENT) for c in r.classes) else "排名靠前"
    items.append(
        f"巩固拓展考核成果。{leaders}的单位要总结提炼经验做法，争创工作品牌；各单位要对标先进，把考核结果"
        "转化为推动工作落实的实际成效。"
    )
    items.append(
        f"强化结果运用。{issuer}将把考核结果作为评先评优的重要依据，并对本通报指出的问题持续跟踪督办。"
    )
    return points(items)


def ranking_table(c: ClassResult) -> Table:
    rows = [
        [
            str(s.rank),
            s.unit.name,
            f"{s.regular}",
            f"{s.year_end}",
            f"{s.weighted}",
            f"{s.difficulty}",
            f"{s.bonus}",
            f"{s.total}",
            s.grade_label,
            s.grade_note,
        ]
        for s in c.standings
    ]
    return Table(f"{c.scheme.year}年度{c.label}目标考核结果排名", RANKING_COLUMNS, rows, RANKING_WIDTHS)


def year_ledger(r: Results) -> Table:
    return Table(f"{r.plan.year}年度任务落实情况表", LEDGER_COLUMNS, ledger_rows(r.records), LEDGER_WIDTHS)


def results_bulletin(
    r: Results, *, issuer: str | None = None, issued_on: date | None = None
) -> OfficialDocument:
    """The whole results 通报 as an `OfficialDocument`, ready to edit or to lay out."""
    issuer = issuer or r.plan.deploying_unit.name
    return OfficialDocument(
        title=results_title(r),
        addressee="各责任单位：",
        opening=[opening(r, issuer)],
        sections=[
            Section("总体情况", overview(r)),
            Section("好的做法", good_practice(r)),
            Section("存在问题", problems(r)),
            Section("下一步要求", requirements(r, issuer)),
        ],
        issuer=issuer,
        issued_on=issued_on or r.today,
        attachments=[*(ranking_table(c) for c in r.classes), year_ledger(r)],
    )
