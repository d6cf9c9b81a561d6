"""A published scheme for the districts of the shared cast's plan (own_unit, other_unit)."""

from datetime import date
from decimal import Decimal

import pytest

from luoshi.assess import services
from luoshi.assess.models import Indicator
from luoshi.audit.services import Actor
from luoshi.org.models import Unit

TODAY = date(2025, 7, 15)
PUBLISHED_ON = date(2024, 12, 20)  # before the year starts, as a first version must be


@pytest.fixture
def actor(supervisor):
    return Actor(supervisor)


@pytest.fixture
def draft_scheme(actor, plan, own_assignment, other_assignment):
    scheme = services.create_scheme(actor, plan, unit_kind=Unit.Kind.DISTRICT, title="2025年各区目标考核方案")
    work = services.add_indicator(actor, scheme, name="重点工作落实", points_value="0", office="督查室")
    services.add_indicator(
        actor, scheme, parent=work, name="序时进度", points_value="40", measure="schedule", office="督查室"
    )
    services.add_indicator(
        actor, scheme, parent=work, name="按时报送", points_value="20", measure="reporting", office="督查室"
    )
    conduct = services.add_indicator(actor, scheme, name="工作作风", points_value="0", office="办公室")
    services.add_indicator(
        actor,
        scheme,
        parent=conduct,
        name="通报批评",
        points_value="10",
        method=Indicator.Method.DEDUCTION,
        deduction_cap="6",
        office="办公室",
    )
    services.add_indicator(
        actor,
        scheme,
        parent=conduct,
        name="领导评价",
        points_value="30",
        method=Indicator.Method.EVALUATORS,
        phase=Indicator.Phase.YEAR_END,
        office="办公室",
    )
    services.add_veto_item(actor, scheme, title="发生重大安全责任事故", basis="《考核办法》第十二条")
    return scheme


@pytest.fixture
def scheme(actor, draft_scheme):
    scheme = services.publish_scheme(actor, draft_scheme, today=PUBLISHED_ON)
    services.recompute_scores(actor, scheme, today=TODAY)
    return scheme


def points(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))
