"""A plan with four districts whose June reporting differs in every way the 通报 tells apart."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from luoshi.plans.models import Assignment, Task
from luoshi.tests import factories as f

TODAY = datetime.date(2025, 7, 10)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def june(city):
    """Units: 江岸 (on time, accepted, on pace), 江汉 (nothing filed, behind), 硚口 (late, then returned),
    汉阳 (overdue task, on time but not yet reviewed). A guidance item and a cancelled task do not count."""
    plan = f.PlanFactory(deploying_unit=city, title="2025年统战工作要点", starts_on=datetime.date(2025, 1, 1))
    units = {
        name: f.UnitFactory(name=f"{name}区委统战部", short_name=f"{name}区", parent=city, order=i)
        for i, name in enumerate(["江岸", "江汉", "硚口", "汉阳"], start=1)
    }
    year_end = datetime.date(2025, 12, 31)
    tasks = {
        "1": f.TaskFactory(plan=plan, code="1", title="深化理论学习", deadline=year_end),
        "2": f.TaskFactory(plan=plan, code="2", title="开展调研", deadline=datetime.date(2025, 6, 30)),
    }
    f.TaskFactory(plan=plan, code="3", title="工作要求", is_guidance=True)
    f.TaskFactory(plan=plan, code="4", title="已取消", status=Task.Status.CANCELLED)
    f.TargetFactory(task=tasks["1"], metric="培训人次", target_value=Decimal("200"), unit="人次")

    def assign(task, unit, progress, **extra):
        return f.AssignmentFactory(
            task=tasks[task], unit=units[unit], acknowledged=True, progress=Decimal(progress),
            due_on=tasks[task].deadline, **extra,
        )  # fmt: skip

    a = {
        "江岸": assign("1", "江岸", 60),
        "江汉": assign("1", "江汉", 10),
        "硚口": assign("1", "硚口", 55, role=Assignment.Role.CO),
        "汉阳": assign("2", "汉阳", 40, is_overdue=True, days_overdue=10),
    }
    f.ReportFactory(
        assignment=a["江岸"], period="2025-06", status="accepted", submitted_at=at(datetime.date(2025, 7, 2))
    )
    f.ReportFactory(assignment=a["江汉"], period="2025-06", status="draft")
    f.ReportFactory(
        assignment=a["硚口"], period="2025-06", status="returned", submitted_at=at(datetime.date(2025, 7, 8))
    )
    f.ReportFactory(
        assignment=a["汉阳"], period="2025-06", status="submitted", submitted_at=at(datetime.date(2025, 7, 1))
    )
    f.ReportFactory(
        assignment=a["江岸"], period="2025-05", status="accepted", submitted_at=at(datetime.date(2025, 6, 3))
    )
    tasks["2"].is_overdue = True
    tasks["2"].save()
    return plan
