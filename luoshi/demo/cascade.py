"""上下联动 in the demo: a few districts get their streets (with liaisons), and one city task of the 强基
line — 完善基层统战工作网络 — is broken down two levels: 黄陂区 cascades its share to two streets, and
前川街道 cascades its own share to two communities. The communities and 滠口街道 report, the units above
accept, and the figures roll up to the city's task. Everything goes through the services as the demo
people, like the rest of the demo; the street and community names are real places, the figures invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from luoshi.audit.services import Actor
from luoshi.org.models import Unit, User
from luoshi.plans import services as plan_services
from luoshi.plans.models import Assignment, Plan
from luoshi.reports import services as report_services
from luoshi.reports.models import Report

from . import data

# Streets (街道) of three districts, in official order, keyed by the pinyin their liaison logs in with.
STREETS = {
    "jiangan": [
        ("jiangan-dazhi", "大智街道"),
        ("jiangan-yiyuan", "一元街道"),
        ("jiangan-chezhan", "车站街道"),
    ],
    "jianghan": [
        ("jianghan-minzu", "民族街道"),
        ("jianghan-hualou", "花楼街道"),
        ("jianghan-manchun", "满春街道"),
    ],
    "huangpi": [
        ("huangpi-qianchuan", "前川街道"),
        ("huangpi-shekou", "滠口街道"),
        ("huangpi-wuhu", "武湖街道"),
    ],
}
COMMUNITIES = {"huangpi-qianchuan": [("qianchuan-dongmen", "东门社区"), ("qianchuan-ximen", "西门社区")]}
CASCADED_TASK = "完善基层统战工作网络"
# What each unit at the bottom of the chain reports this month (percent, what was done).
REPORTS = {
    "qianchuan-dongmen": (60, "社区统战工作站已挂牌，联系党外人士12人，建立走访台账。"),
    "qianchuan-ximen": (40, "统战联络员已明确，工作站场地正在布置，计划下月挂牌。"),
    "huangpi-shekou": (70, "街道统战工作站覆盖全部社区，组织党外人士开展议事协商两次。"),
}


@dataclass
class Cascade:
    """What was loaded: the city task's district assignment, the two sub-plans, the units."""

    assignment: Assignment
    district_plan: Plan
    street_plan: Plan
    units: dict[str, Unit]


def _unit(key: str, name: str, parent: Unit, kind: str, order: int, password: str) -> Unit:
    unit = Unit.objects.create(
        name=f"{parent.short_name}{name}",
        short_name=name,
        kind=kind,
        parent=parent,
        order=parent.order * 100 + order,
    )
    User.objects.create(
        username=key,
        display_name=f"{name}联络员",
        role=User.Role.LIAISON,
        unit=unit,
        password=password,
        is_demo=True,
    )
    return unit


def _supervisor(key: str, unit: Unit, password: str) -> User:
    return User.objects.create(
        username=f"{key}-duban",
        display_name=f"{unit.short_name}督办员",
        role=User.Role.SUPERVISOR,
        unit=unit,
        password=password,
        is_demo=True,
    )


def _report(liaison: User, reviewer: User, assignment: Assignment, percent: int, narrative: str) -> None:
    plan_services.acknowledge(Actor(user=liaison), assignment, responsible_person="李卫东")
    report = report_services.start_report(Actor(user=liaison), assignment)
    report_services.save_draft(
        Actor(user=liaison), report, revision=report.revision, percent=percent, narrative=narrative
    )
    report_services.submit_report(Actor(user=liaison), report)
    report_services.accept_report(Actor(user=reviewer), report)


def load_cascade(units: dict[str, Unit], plan: Plan) -> Cascade:
    """Streets and communities with their liaisons and supervisors, and the two-level cascade."""
    password = make_password(data.PASSWORD)
    created: dict[str, Unit] = {}
    for district, streets in STREETS.items():
        for order, (key, name) in enumerate(streets, start=1):
            created[key] = _unit(key, name, units[district], Unit.Kind.STREET, order, password)
    for street, communities in COMMUNITIES.items():
        for order, (key, name) in enumerate(communities, start=1):
            created[key] = _unit(key, name, created[street], Unit.Kind.COMMUNITY, order, password)
    district_duban = _supervisor("huangpi", units["huangpi"], password)
    street_duban = _supervisor("huangpi-qianchuan", created["huangpi-qianchuan"], password)

    assignment = Assignment.objects.get(task__plan=plan, task__title=CASCADED_TASK, unit=units["huangpi"])
    district_plan = _break_down(
        district_duban, assignment, [created["huangpi-qianchuan"], created["huangpi-shekou"]]
    )
    street_assignment = Assignment.objects.get(task__plan=district_plan, unit=created["huangpi-qianchuan"])
    street_plan = _break_down(
        street_duban, street_assignment, [created["qianchuan-dongmen"], created["qianchuan-ximen"]]
    )
    liaisons = {u.username: u for u in User.objects.filter(username__in=REPORTS)}
    for key, (percent, narrative) in REPORTS.items():
        below = street_plan if key.startswith("qianchuan") else district_plan
        reviewer = street_duban if below == street_plan else district_duban
        a = Assignment.objects.get(task__plan=below, unit=created[key])
        _report(liaisons[key], reviewer, a, percent, narrative)
    Report.objects.filter(assignment__task__plan__in=[district_plan, street_plan]).update(is_demo=True)
    assignment.refresh_from_db()
    return Cascade(assignment=assignment, district_plan=district_plan, street_plan=street_plan, units=created)


# 四责协同 on the 强基 line: who holds each duty (posts, not names: the demo invents no people).
STRONG_BASE_LINE = "“强基”工程：夯实统战工作基础"
LINE_DUTIES = {
    "principal": ("city", "市委统战部部务会"),
    "oversight": (None, "驻市委统战部纪检监察组"),
    "first": ("city", "市委常委、统战部部长"),
    "dual": ("city", "分管副部长（基层统战工作）"),
}


def load_duties(plan: Plan, city: Unit, supervisor: User) -> None:
    """The 强基 line names its four duty holders, set by the city's 督办员 like any act."""
    line = plan.tasks.get(parent__isnull=True, title=STRONG_BASE_LINE)
    holders = {
        kind: {"unit": city if unit == "city" else None, "person": person}
        for kind, (unit, person) in LINE_DUTIES.items()
    }
    plan_services.set_duties(Actor(user=supervisor), line, holders)


def _break_down(supervisor: User, assignment: Assignment, below: list[Unit]) -> Plan:
    actor = Actor(user=supervisor)
    sub = plan_services.cascade_assignment(actor, assignment)
    plan_services.assign(actor, sub.tasks.get(), lead_units=below, co_units=[])
    return plan_services.publish_plan(actor, sub)
