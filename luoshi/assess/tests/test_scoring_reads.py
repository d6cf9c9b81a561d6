"""The loader fetches only the report versions a scheme's measures read (and counts filed versions in the
database): on a generated data set every score and its basis equal those computed from every version."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from luoshi.assess import measures, scoring, services
from luoshi.org.models import Unit
from luoshi.tests import factories as f

SH = ZoneInfo("Asia/Shanghai")
AS_OF = date(2025, 7, 15)
STATUSES = ["draft", "submitted", "returned", "accepted", "accepted"]


@pytest.fixture
def generated(plan, own_unit, other_unit):
    rng = random.Random(20250715)
    for n in range(12):
        task = f.TaskFactory(
            plan=plan, code=f"{n + 1}", weight=rng.choice([1, 2, 3]), tier=rng.choice(["routine", "key"])
        )
        for unit, role in ((own_unit, "lead"), (other_unit, rng.choice(["lead", "co"]))):
            a = f.AssignmentFactory(
                task=task, unit=unit, role=role, acknowledged=True, due_on=date(2025, rng.randint(3, 10), 28)
            )
            for month in range(1, 8):
                for version in range(1, rng.randint(1, 3) + 1):
                    status = rng.choice(STATUSES)
                    # Some filed just either side of midnight after the day scored, in local time.
                    when = datetime(2025, month + 1, rng.randint(1, 12), rng.randint(0, 23), tzinfo=SH)
                    if rng.random() < 0.1:
                        when = datetime(2025, 7, 16, 0, 0, tzinfo=SH) - timedelta(minutes=rng.choice([1, -1]))
                    f.ReportFactory(
                        assignment=a,
                        period=f"2025-{month:02d}",
                        version=version,
                        status=status,
                        percent=rng.choice([30, 60, 100]),
                        submitted_at=None if status == "draft" else when,
                    )
    return plan


@pytest.mark.parametrize("chosen", [["on_time", "returns"], ["schedule"], ["returns"], list(measures.READS)])
def test_scores_from_the_versions_read_equal_those_from_every_version(actor, generated, chosen, monkeypatch):
    scheme = services.create_scheme(actor, generated, unit_kind=Unit.Kind.DISTRICT, title="生成数据")
    for measure in chosen:
        services.add_indicator(actor, scheme, name=measure, points_value="20", measure=measure)
    # Published before the year began, as a first version must be; scored as of AS_OF below.
    scheme = services.publish_scheme(actor, scheme, today=date(2024, 12, 20))
    lean = scoring.compute(scheme, AS_OF)
    monkeypatch.setattr(measures, "READS", dict.fromkeys(measures.READS, "filed"))
    every = scoring.compute(scheme, AS_OF)
    assert len(lean) == 2 * len(chosen)
    assert {k: (v.points, v.basis, v.counted) for k, v in lean.items()} == {
        k: (v.points, v.basis, v.counted) for k, v in every.items()
    }
    assert any(v.basis for v in lean.values())
