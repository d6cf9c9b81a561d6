"""What the assessment pages read: scoped lists, the units × task lines heat map, the monthly trend and a
unit's profile. Read-only; scores come from `scoring`, never re-derived here."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from luoshi.org.access import Action, restrict
from luoshi.plans.models import Assignment, Task
from luoshi.workdays.models import working_days

from . import measures, scoring
from .models import Assessment, Brand, Indicator, Scheme

MONTHS = range(1, 13)


def schemes_visible_to(user) -> QuerySet:
    return restrict(user, Action.VIEW_ASSESSMENT, Scheme.objects.select_related("plan"))


def schemes_managed_by(user) -> QuerySet:
    return restrict(user, Action.MANAGE_ASSESSMENT, Scheme.objects.select_related("plan"))


def assessments_visible_to(user) -> QuerySet:
    return restrict(user, Action.VIEW_ASSESSMENT, Assessment.objects.select_related("scheme__plan", "unit"))


def brands_visible_to(user) -> QuerySet:
    return restrict(
        user, Action.VIEW_ASSESSMENT, Brand.objects.select_related("task__plan", "unit", "document")
    )


def heatmap(scheme: Scheme) -> dict:
    """Mean progress of each assessed unit's counted work under each task line (top-level task)."""
    lines = list(
        Task.objects.filter(plan_id=scheme.plan_id)
        .lines()
        .order_by("position", "id")
        .values("id", "code", "title")
    )
    line_of = {row["code"]: i for i, row in enumerate(lines)}
    units = [a.unit for a in scheme.assessments.select_related("unit")]
    cells: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for a in Assignment.objects.filter(
        task__in=Task.objects.filter(plan_id=scheme.plan_id).counted(), unit__in=units
    ).values("unit_id", "task__code", "progress"):
        i = line_of.get(a["task__code"].split(".")[0])
        if i is not None:
            cells[(a["unit_id"], i)].append(a["progress"])
    rows = []
    for unit in units:
        values = [cells.get((unit.pk, i)) for i in range(len(lines))]
        rows.append(
            {"unit": unit, "cells": [round(float(sum(v) / len(v)), 1) if v else None for v in values]}
        )
    return {"lines": lines, "rows": rows}


def month_ends(scheme: Scheme, as_of: date) -> list[date]:
    return [
        min(date(scheme.year, m, calendar.monthrange(scheme.year, m)[1]), as_of)
        for m in MONTHS
        if date(scheme.year, m, 1) <= as_of
    ]


def regular_percent(scored: dict, rows: list[Indicator], unit_id: int) -> float | None:
    """A unit's 平时 score out of 100 from computed points; rows not yet scored, and computed rows with no
    work due yet, leave the sum (None when nothing is left)."""
    earned = full = Decimal("0")
    for row in rows:
        one = scored[(unit_id, row.pk)]
        points = one.points
        if points is not None and one.counted:
            earned, full = earned + points, full + row.points
    return round(float(earned / full * 100), 2) if full else None


def monthly_trend(scheme: Scheme, as_of: date, unit_ids: list[int] | None = None) -> list[dict]:
    """平时 (monthly, computed) scores: for each month so far, each unit's score as of the month's end
    and the mean over units."""
    rows = [r for r in scoring.leaves(scheme) if r.phase == Indicator.Phase.REGULAR]
    units = [a.unit for a in scheme.assessments.select_related("unit")]
    if unit_ids is not None:
        units = [u for u in units if u.pk in unit_ids]
    out = []
    for end in month_ends(scheme, as_of):
        scored = scoring.compute(scheme, end, units)
        values = {u.pk: regular_percent(scored, rows, u.pk) for u in units}
        known = [v for v in values.values() if v is not None]
        out.append(
            {
                "month": f"{end.month}月",
                "units": values,
                "mean": round(sum(known) / len(known), 2) if known else None,
            }
        )
    return out


def light_on(work: measures.Work, day: date) -> str:
    """The light a piece of work had on `day`, replayed from its history."""
    light = work.lights[0].previous if work.lights else work.light
    for change in work.lights:
        if change.on > day:
            break
        light = change.light
    return light


def profile(scheme: Scheme, assessment: Assessment, as_of: date) -> list[dict]:
    """Month by month for one unit: its lights at the month's end, and its late and missing reports."""
    works = scoring.load_work(scheme, [assessment.unit_id]).get(assessment.unit_id, [])
    # A quarterly plan shows its lateness in the quarter's last month.
    filed = {
        w.id: measures.reporting(
            w, as_of, working_days(), kind=scheme.plan.period, due_days=settings.REPORT_DUE_DAYS
        ).refs
        for w in works
    }
    out = []
    for end in month_ends(scheme, as_of):
        lights = {"green": 0, "yellow": 0, "red": 0}
        for work in works:
            if work.starts_on and work.starts_on <= end:
                lights[light_on(work, end)] += 1
        period = f"{scheme.year}-{end.month:02d}"
        if scheme.plan.period == "quarterly":
            period = f"{scheme.year}-Q{end.month // 3}" if end.month % 3 == 0 else ""
        refs = [r for refs in filed.values() for r in refs if r.period == period]
        late = sum(r.kind == "report" for r in refs)
        missing = sum(r.kind == "assignment" for r in refs)
        out.append({"month": f"{end.month}月", **lights, "late": late, "missing": missing})
    return out
