"""The monthly 通报 on reporting discipline, written from the figures of `discipline.compute` in the words
and order an office uses: title 关于……情况的通报, opening (basis, method, 现将有关情况通报如下), 一、总体情况,
二、好的做法, 三、存在问题, 四、下一步要求 (一是……二是……), and the 落实情况表 as an attachment."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from luoshi.lib.cndates import cn_date, cn_period, cn_period_short
from luoshi.lib.official import OfficialDocument, Section, Table, ordinal, points
from luoshi.lib.periods import bounds

from .discipline import Discipline, UnitFigures

NAMED = 10  # units named in the text; the attachment lists them all

LEDGER_COLUMNS = [
    "序号",
    "单位",
    "承办任务（牵头/配合）",
    "应报送",
    "按时报送",
    "迟报",
    "未报",
    "退回待重报",
    "未达序时",
    "超期",
    "按时报送率",
]
LEDGER_WIDTHS = [1.2, 5, 2.6, 1.4, 1.4, 1.2, 1.2, 1.6, 1.4, 1.2, 1.8]


def rate(value: float | None) -> str:
    """95.2%, 100%; — when there is nothing to divide."""
    if value is None:
        return "—"
    rounded = round(value, 1)
    return f"{rounded:.0f}%" if rounded == int(rounded) else f"{rounded:.1f}%"


def _names(units: list[UnitFigures], describe=None) -> str:
    shown = units[:NAMED]
    words = "、".join(f"{u.name}（{describe(u)}）" if describe else u.name for u in shown)
    return f"{words}等{len(units)}个单位" if len(units) > NAMED else words


def _counts(*pairs: tuple[str, int], measure: str = "份") -> str:
    """未报2份、迟报1份 — the non-zero counts only (份 for reports, 项 for tasks)."""
    return "、".join(f"{label}{n}{measure}" for label, n in pairs if n)


def period_words(period: str) -> str:
    """6月份 / 一季度, as an office names a period within its year."""
    short = cn_period_short(period)
    return f"{short}份" if short.endswith("月") else short


def discipline_title(d: Discipline) -> str:
    return f"关于{d.plan.title}{period_words(d.period)}落实和报送情况的通报"


def opening(d: Discipline, issuer: str) -> str:
    return (
        f"为推动《{d.plan.title}》各项任务落地见效，根据工作部署和进度报送有关要求，{issuer}对各责任单位"
        f"{cn_period(d.period)}任务推进和进度报送情况进行了汇总分析，逐项核对了报送记录、审核结果和任务亮灯、"
        f"逾期情况（统计截至{cn_date(d.as_of)}）。现将有关情况通报如下。"
    )


def overview(d: Discipline) -> list[str]:
    last = min(_bounds(d)[1], d.as_of)  # a period still running is described as of today
    units = len(d.units)
    work = f"《{d.plan.title}》共分解可考核任务{d.tasks}项，涉及责任单位{units}个。"
    if d.due_tasks:
        work += (
            f"截至{cn_date(last)}，应完成任务{d.due_tasks}项，已办结{d.completed_due}项，"
            f"按期办结率{rate(d.completion_rate)}"
        )
        work += f"；超期未办结任务{d.overdue_tasks}项。" if d.overdue_tasks else "，无超期未办结任务。"
    else:
        work += f"截至{cn_date(last)}，尚无到期任务。"
    filing = (
        f"{cn_period(d.period)}应报送进度报告{d.owed}份（报送截止{cn_date(d.filing_due)}），"
        f"按时报送{d.total('on_time')}份，按时报送率{rate(d.on_time_rate)}"
    )
    rest = _counts(
        ("迟报", d.total("late")), ("未报", d.total("missing")), ("退回待重报", d.total("returned"))
    )
    filing += f"；{rest}。" if rest else "，全部按时报送。"
    return [work, filing]


def good_practice(d: Discipline) -> list[str]:
    good = d.exemplary
    if not good:
        return ["本期尚无应报报告全部按时报送并被采纳的单位，各单位要对照要求，切实提高报送质量。"]
    return [
        f"{_names(good)}高度重视任务落实和进度报送工作，明确专人负责，按时报送进度，报告内容具体详实，"
        "本期报告全部通过审核采纳，值得肯定。"
    ]


def problems(d: Discipline) -> list[str]:
    parts: list[tuple[str, str]] = []
    not_filed = [u for u in d.laggards if u.not_as_required]
    if not_filed:
        described = _names(
            not_filed, lambda u: _counts(("未报", u.missing), ("迟报", u.late), ("退回待重报", u.returned))
        )
        parts.append(("进度报送不及时、不规范。", f"{described}存在未按要求报送的情况。"))
    behind = [u for u in d.laggards if u.behind]
    if behind:
        described = _names(behind, lambda u: _counts(("未达序时", u.behind), measure="项"))
        parts.append(("部分任务未达序时进度。", f"{described}承办的任务进度落后于时间进度。"))
    overdue = [u for u in d.laggards if u.overdue]
    if overdue:
        described = _names(overdue, lambda u: _counts(("超期", u.overdue), measure="项"))
        parts.append(("部分任务超期未办结。", f"{described}有任务超过完成时限仍未办结。"))
    if not parts:
        return ["本期各责任单位均按要求报送，未发现未达序时进度或超期未办结的任务。"]
    return [f"（{ordinal(i)}）{head}{body}" for i, (head, body) in enumerate(parts, start=1)]


def requirements(d: Discipline, issuer: str) -> list[str]:
    deadline = f"每期结束后{settings.REPORT_DUE_DAYS}个工作日内"
    return points(
        [
            "提高思想认识。各责任单位要把任务落实作为重要政治责任，主要负责同志亲自过问，分管负责同志"
            "具体抓，确保各项任务按时保质完成。",
            f"严格报送纪律。每期进度须于{deadline}报送，内容要具体、数据要准确，被退回的报告要及时修改重报，"
            "杜绝迟报、漏报。",
            "加快推进落后任务。对未达序时进度和超期未办结的任务，要逐项分析原因，明确整改措施和完成时限，"
            "确保尽快赶上进度。",
            f"强化跟踪督办。{issuer}将对本通报指出的问题持续跟踪，对整改不力的单位视情况进行督办。",
        ]
    )


def ledger_table(d: Discipline) -> Table:
    return Table(
        f"{period_words(d.period)}任务落实情况表", LEDGER_COLUMNS, ledger_rows(d.units), LEDGER_WIDTHS
    )


def ledger_rows(units: list[UnitFigures]) -> list[list[str]]:
    """The 落实情况表's rows: one per unit, in the order given."""
    return [
        [
            str(i),
            u.name,
            f"{u.lead}/{u.co}",
            str(u.owed),
            str(u.on_time),
            str(u.late),
            str(u.missing),
            str(u.returned),
            str(u.behind),
            str(u.overdue),
            rate(u.on_time_rate),
        ]
        for i, u in enumerate(units, start=1)
    ]


def _bounds(d: Discipline):
    return bounds(d.period)


def discipline_bulletin(d: Discipline, *, issuer: str | None = None, issued_on: date | None = None):
    """The whole 通报 as an `OfficialDocument`, ready to edit or to lay out."""
    issuer = issuer or d.plan.deploying_unit.name
    return OfficialDocument(
        title=discipline_title(d),
        addressee="各责任单位：",
        opening=[opening(d, issuer)],
        sections=[
            Section("总体情况", overview(d)),
            Section("好的做法", good_practice(d)),
            Section("存在问题", problems(d)),
            Section("下一步要求", requirements(d, issuer)),
        ],
        issuer=issuer,
        issued_on=issued_on or d.as_of,
        attachments=[ledger_table(d)],
    )
