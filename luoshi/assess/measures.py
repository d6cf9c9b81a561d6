"""The computed measures (按期办结, 序时进度, 按时报送, 报送退回, 红灯天数) as pure functions over plain rows.

Each measure gives every assignment a ratio between 0 and 1 (how much of the indicator's points its work
earns) and the objects behind it, so a score can be explained point by point. No database here: the loader
(`scoring`) reads the rows once, and the rules come from their homes — where work should be by now from
`plans.progress.lights.expected_progress`, the light history from `LightChange`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from luoshi.lib import periods
from luoshi.lib.cndates import cn_date, cn_period
from luoshi.lib.periods import WorkingDayCounter
from luoshi.plans.progress.lights import Calendar, expected_progress

ON_TIME, LATE, MISSING = 1.0, 0.5, 0.0  # credit of a period's report: on time, late, not filed


@dataclass(frozen=True)
class ReportRow:
    id: int
    period: str
    version: int
    status: str
    percent: int
    submitted_on: date | None  # local date of submission; None for a draft


@dataclass(frozen=True)
class LightRow:
    id: int
    on: date
    light: str
    previous: str


@dataclass
class Work:
    """One assignment of the unit as the measures see it."""

    id: int
    task_code: str
    role: str
    weight: float  # task weight × tier factor × role weight
    starts_on: date | None
    due_on: date | None
    light: str  # the light now (the history's last word)
    reports: list[ReportRow] = field(default_factory=list)  # ordered by period, version
    lights: list[LightRow] = field(default_factory=list)  # ordered by day, id
    # Filed versions by the day scored, counted by the loader when `reports` holds only the versions the
    # measures read (see READS); None: count them in `reports`.
    filed: int | None = None


@dataclass(frozen=True)
class Ref:
    """One object behind a ratio: what it is, its id, and a line a reader understands."""

    kind: str  # report, light_change, assignment
    id: int
    text: str
    period: str = ""  # the reporting period a reporting reference is about


@dataclass(frozen=True)
class Judged:
    ratio: float | None  # None: the work does not count for this measure yet (not due, no periods)
    refs: tuple[Ref, ...] = ()


def _reports_by(work: Work, as_of: date) -> list[ReportRow]:
    return [r for r in work.reports if r.submitted_on is not None and r.submitted_on <= as_of]


def _latest_accepted(work: Work, as_of: date) -> ReportRow | None:
    accepted = [r for r in _reports_by(work, as_of) if r.status == "accepted"]
    return accepted[-1] if accepted else None


def on_time(work: Work, as_of: date, cal: Calendar) -> Judged:
    """按期办结: work due by `as_of` earns its points when an accepted report put it at 100% by its due day."""
    if work.due_on is None or work.due_on > as_of:
        return Judged(None)
    done = [r for r in _reports_by(work, as_of) if r.status == "accepted" and r.percent >= 100]
    in_time = [r for r in done if r.submitted_on <= work.due_on]
    if in_time:
        return Judged(
            1.0, (Ref("report", in_time[0].id, f"{cn_period(in_time[0].period)}报送办结，未超时限"),)
        )
    if done:
        text = f"{cn_date(done[0].submitted_on)}才报送办结，时限为{cn_date(work.due_on)}"
        return Judged(0.0, (Ref("report", done[0].id, text),))
    return Judged(0.0, (Ref("assignment", work.id, f"时限{cn_date(work.due_on)}已过，尚未办结"),))


def schedule(work: Work, as_of: date, cal: Calendar) -> Judged:
    """序时进度: the accepted progress against where the work should be by `as_of` (capped at 1)."""
    expected = expected_progress(as_of, work.starts_on, work.due_on, cal)
    if expected is None:
        return Judged(None)
    latest = _latest_accepted(work, as_of)
    progress = latest.percent if latest else 0
    if expected <= 0:
        return Judged(1.0)
    ratio = min(1.0, progress / expected)
    text = f"已采纳进度{progress}%，序时应达{expected:.0f}%"
    ref = (
        Ref("report", latest.id, text) if latest else Ref("assignment", work.id, text + "（尚无采纳的报送）")
    )
    return Judged(ratio, (ref,))


def month_periods(first: date, last: date, kind: str) -> list[str]:
    """The reporting periods from the one holding `first` to the one holding `last`."""
    out, year, month = [], first.year, first.month
    step = 3 if kind == "quarterly" else 1
    if kind == "quarterly":
        month = (month - 1) // 3 * 3 + 1
    while (year, month) <= (last.year, last.month):
        out.append(f"{year}-Q{(month - 1) // 3 + 1}" if kind == "quarterly" else f"{year}-{month:02d}")
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return out


def reporting(
    work: Work, as_of: date, cal: WorkingDayCounter, *, kind: str = "monthly", due_days: int = 5
) -> Judged:
    """按时报送: each period whose report was due by `as_of` earns 1 on time, 0.5 late, 0 when missing —
    from the period the work started in until the period in which an accepted report reached 100%. A period's
    report is due by the one rule, `periods.report_due` (`due_days` working days after it ends, on `cal`)."""
    if work.starts_on is None:
        return Judged(None)
    by_period: dict[str, list[ReportRow]] = {}
    for r in _reports_by(work, as_of):
        by_period.setdefault(r.period, []).append(r)
    finished = next((r.period for r in work.reports if r.status == "accepted" and r.percent >= 100), None)
    credits, refs = [], []
    for period in month_periods(work.starts_on, as_of, kind):
        due = periods.report_due(period, cal, due_days)
        if due > as_of:
            break
        filed = by_period.get(period)
        if filed:
            first = filed[0]
            if first.submitted_on <= due:
                credits.append(ON_TIME)
            else:
                credits.append(LATE)
                refs.append(
                    Ref("report", first.id, f"{cn_period(period)}迟报（{cn_date(first.submitted_on)}报送）")
                )
        else:
            credits.append(MISSING)
            refs.append(Ref("assignment", work.id, f"{cn_period(period)}未报送", period))
        if finished is not None and period >= finished:
            break
    if not credits:
        return Judged(None)
    return Judged(sum(credits) / len(credits), tuple(refs))


def returns(work: Work, as_of: date, cal: Calendar) -> Judged:
    """报送退回: the share of the work's filed report versions that were not returned."""
    shown = _reports_by(work, as_of)
    filed = work.filed if work.filed is not None else sum(1 for r in shown if r.status != "draft")
    if not filed:
        return Judged(None)
    returned = [r for r in shown if r.status == "returned"]
    refs = tuple(Ref("report", r.id, f"{cn_period(r.period)}第{r.version}版被退回") for r in returned)
    return Judged(1 - len(returned) / filed, refs)


def red_days(work: Work, as_of: date, cal: Calendar) -> Judged:
    """红灯天数: the share of days from the work's start to `as_of` it did not spend red, read from the
    light history (a light holds from its change until the next one)."""
    if work.starts_on is None or work.starts_on >= as_of:
        return Judged(None)
    changes = [c for c in work.lights if c.on <= as_of]
    light = changes[0].previous if changes else (work.light if not work.lights else work.lights[0].previous)
    day, red, refs = work.starts_on, 0, []
    for change in changes:
        start = max(change.on, work.starts_on)
        if light == "red":
            red += max((start - day).days, 0)
        day, light = max(start, day), change.light
        if change.light == "red":
            refs.append(change)
    if light == "red":
        red += (as_of - day).days
    total = (as_of - work.starts_on).days
    texts = tuple(Ref("light_change", c.id, f"{cn_date(c.on)}转为红灯") for c in refs)
    if red:
        texts += (Ref("assignment", work.id, f"红灯共{red}天（{total}天中）"),)
    return Judged(1 - red / total, texts)


# Which report versions each measure reads, so the loader fetches no others: "accepted_done" accepted at
# 100%, "accepted" every accepted one, "returned" the returned ones (with the filed versions counted:
# `Work.filed`), "filed" every filed one. Each reads only versions filed by the day scored, except
# 按时报送, which also looks for the period the work was finished in. 红灯天数 reads the light history.
READS = {
    "on_time": "accepted_done",
    "schedule": "accepted",
    "reporting": "filed",
    "returns": "returned",
    "red_days": None,
}

MEASURES = {
    "on_time": on_time,
    "schedule": schedule,
    "reporting": reporting,
    "returns": returns,
    "red_days": red_days,
}


def local_date(value: datetime | None, tz) -> date | None:
    return value.astimezone(tz).date() if value is not None else None
