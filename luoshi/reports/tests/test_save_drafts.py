"""`save_drafts` (the bulk path of the Excel import) leaves exactly what `start_report` + `save_draft` leave,
row by row: a fresh draft, an open draft changed, a returned version reworked as a new one."""

from decimal import Decimal

import pytest
from django.db import transaction

from luoshi.audit.services import Actor
from luoshi.lib.errors import AccessDenied
from luoshi.reports import services
from luoshi.reports.models import Report, ReportValue
from luoshi.tests import factories as f

PERIOD = "2025-06"


def _case(plan, unit, prefix: str) -> dict:
    """Three acknowledged assignments: one with nothing for the period, one with an open draft holding a
    value, one whose June report was returned with two values."""
    out = {}
    for name in ("fresh", "draft", "returned"):
        task = f.TaskFactory(plan=plan, code=f"{prefix}{name}", title=name)
        a = f.AssignmentFactory(task=task, unit=unit, acknowledged=True)
        t1 = f.TargetFactory(task=task, metric="人次", target_value=Decimal("100"), unit="人次")
        t2 = f.TargetFactory(task=task, metric="家数", target_value=Decimal("10"), unit="家")
        out[name] = (a, t1, t2)
    a, t1, _ = out["draft"]
    draft = f.ReportFactory(assignment=a, period=PERIOD, percent=20, narrative="旧进展", revision=3)
    ReportValue.objects.create(report=draft, target=t1, actual_value=Decimal("5"))
    a, t1, t2 = out["returned"]
    back = f.ReportFactory(assignment=a, period=PERIOD, status="returned", percent=50, narrative="被退回")
    ReportValue.objects.create(report=back, target=t1, actual_value=Decimal("7"))
    ReportValue.objects.create(report=back, target=t2, actual_value=Decimal("8"))
    return out


def _figures(case: dict) -> list[tuple]:
    """(assignment, period, percent, narrative, values) per row: one percent kept, one narrative kept."""
    (fa, f1, _), (da, d1, _), (ra, _, r2) = case["fresh"], case["draft"], case["returned"]
    return [
        (fa, 40, "新进展", {f1.pk: Decimal("12.50")}),
        (da, None, "改后进展", {d1.pk: Decimal("9")}),
        (ra, 70, "", {r2.pk: Decimal("3")}),
    ]


def _state(case: dict) -> list[tuple]:
    out = []
    for name, (a, *targets) in case.items():
        for r in Report.objects.filter(assignment=a).order_by("period", "version"):
            values = {targets.index(v.target): v.actual_value for v in r.values.all()}
            out.append((name, r.period, r.version, r.status, r.percent, r.narrative, r.revision, values))
    return out


@pytest.mark.django_db
def test_save_drafts_leaves_what_the_row_by_row_services_leave(plan, own_unit):
    actor = Actor.system()
    one_by_one, in_bulk = _case(plan, own_unit, "a"), _case(plan, own_unit, "b")
    for a, percent, narrative, values in _figures(one_by_one):
        report = services.start_report(actor, a, period=PERIOD)
        services.save_draft(
            actor,
            report,
            revision=report.revision,
            narrative=narrative or report.narrative,
            percent=report.percent if percent is None else percent,
            values=values,
        )
    rows = [
        services.DraftFigures(a.pk, PERIOD, percent, narrative, values, key=i)
        for i, (a, percent, narrative, values) in enumerate(_figures(in_bulk))
    ]
    with transaction.atomic():
        drafts = services.save_drafts(actor, rows)
    assert sorted(drafts) == [0, 1, 2]
    assert _state(in_bulk) == _state(one_by_one)
    assert _state(in_bulk)[-1][2:] == (2, "draft", 70, "被退回", 1, {0: Decimal("7"), 1: Decimal("3")})


@pytest.mark.django_db
def test_save_drafts_refuses_a_submitted_period_and_writes_nothing(plan, own_unit):
    case = _case(plan, own_unit, "a")
    a = case["fresh"][0]
    f.ReportFactory(assignment=a, period=PERIOD, status="submitted")
    rows = [services.DraftFigures(a.pk, PERIOD, 10, "", {}, key="r1")]
    before = Report.objects.count()
    with pytest.raises(services.DraftRefused) as error, transaction.atomic():
        services.save_drafts(Actor.system(), rows)
    assert (error.value.key, error.value.message) == ("r1", "2025-06的报告已报送，不能重复填报。")
    assert Report.objects.count() == before


@pytest.mark.django_db
def test_save_drafts_refuses_another_units_assignment(plan, own_unit, other_unit, liaison):
    task = f.TaskFactory(plan=plan, code="9")
    other = f.AssignmentFactory(task=task, unit=other_unit, acknowledged=True)
    with pytest.raises(AccessDenied):
        services.require_work(Actor(liaison), [(other.pk, "r")])
