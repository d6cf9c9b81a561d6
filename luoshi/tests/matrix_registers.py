"""How the permission matrix builds the objects of the register pages (luoshi.registers): a risk of each
side's deploying unit, owned by a unit under it. Used by test_permission_matrix (TABLE rows and URLS)."""

from __future__ import annotations

from datetime import date, timedelta

from luoshi.audit.services import Actor
from luoshi.registers import services

# url name                  method side   anon sup   osup  lead  liai  oliai sys
TABLE = """
registers:risks             GET    -      302  200   200   200   200   200   403
registers:risk_new          GET    -      302  200   200   403   403   403   403
registers:risk_new          POST   own    302  302w  200   403   403   403   403  # osup: not their unit
registers:risk              GET    own    302  200   404   200   200   404   403
registers:risk              GET    other  302  404   200   404   404   404   403
"""


def risk(cast, side):
    who = cast.supervisor if side == "own" else cast.other_supervisor
    return services.register_risk(
        Actor.system(),
        deploying_unit=who.unit,
        title=f"矩阵风险{side}",
        area="ideology",
        level="general",
        owner_unit=cast.unit_under(side),
        measures="落实阵地管理责任",
        resolve_by=date.today() + timedelta(days=30),
    )


def _new(cast, method, side):
    data = {
        "title": "新登记的风险",
        "area": "religion",
        "level": "serious",
        "owner_unit": cast.unit_under("own").pk,
        "measures": "开展排查",
        "resolve_by": (date.today() + timedelta(days=30)).isoformat(),
    }
    return {}, "", data


URLS = {
    "registers:risks": lambda cast, method, side: ({}, "", {}),
    "registers:risk_new": _new,
    "registers:risk": lambda cast, method, side: ({"pk": risk(cast, side).pk}, "", {}),
}
