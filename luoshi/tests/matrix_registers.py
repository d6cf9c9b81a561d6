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
registers:representatives   GET    -      302  200   200   200   403   403   403
registers:representative_new GET   -      302  200   200   403   403   403   403
registers:representative_new POST  own    302  302w  302w  403   403   403   403  # osup: into their own register
registers:representative_import GET  -     302  200   200   403   403   403   403
registers:representative_import POST own  302  302w  302w  403   403   403   403  # osup: into their own register
registers:representative    GET    own    302  200   404   200   403   403   403
registers:representative    GET    other  302  404   200   404   403   403   403
registers:representative_reveal GET own   x    405   405   x     x     x     x
registers:representative_reveal POST own  302  200w  404   403   403   403   403
registers:representative_reveal POST other 302 404   200w  403   403   403   403
registers:representative_stage GET own    x    405   405   x     x     x     x
registers:representative_stage POST own   302  302w  404   403   403   403   403
registers:representative_stage POST other 302  404   302w  403   403   403   403
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


ID_NUMBERS = {"own": "42010219800101123X", "other": "420103198502022345"}


def person(cast, side):
    from luoshi.registers.personal import ID_CHECK, ID_WEIGHTS

    who = cast.supervisor if side == "own" else cast.other_supervisor
    body = ID_NUMBERS[side][:17]
    check = ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
    return services.add_representative(
        Actor.system(),
        deploying_unit=who.unit,
        name=f"矩阵人员{side}",
        workplace="某大学教授",
        sector="education",
        category="intellectual",
        stage="reserve",
        id_number=body + check,
        phone="13900001111",
    )


def _new_person(cast, method, side):
    data = {
        "name": "新登记人员",
        "workplace": "某企业董事长",
        "sector": "economy",
        "category": "private_economy",
        "stage": "reserve",
        "id_number": "11010519491231002X",
        "phone": "13900002222",
    }
    return {}, "", data


def _import(cast, method, side):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "工作单位及职务", "领域", "类别", "队伍阶段", "身份证号码"])
    book.active.append(["导入人员", "某企业总经理", "经济金融", "民营经济人士", "储备", "11010519491231002X"])
    out = io.BytesIO()
    book.save(out)
    return {}, "", {"file": SimpleUploadedFile("名册.xlsx", out.getvalue())}


def _stage(cast, method, side):
    return {"pk": person(cast, side).pk}, "", {"stage": "cultivate", "on": date.today().isoformat()}


URLS = {
    "registers:risks": lambda cast, method, side: ({}, "", {}),
    "registers:risk_new": _new,
    "registers:risk": lambda cast, method, side: ({"pk": risk(cast, side).pk}, "", {}),
    "registers:representatives": lambda cast, method, side: ({}, "", {}),
    "registers:representative_new": _new_person,
    "registers:representative_import": _import,
    "registers:representative": lambda cast, method, side: ({"pk": person(cast, side).pk}, "", {}),
    "registers:representative_reveal": lambda cast, method, side: ({"pk": person(cast, side).pk}, "", {}),
    "registers:representative_stage": _stage,
}
