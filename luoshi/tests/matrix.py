"""Machinery for the permission matrix (luoshi/tests/test_permission_matrix.py).

The matrix itself — which status each role gets — is the table in the test module; this module only
knows how to read that table, build the objects each URL needs, and tell whether a request changed data.

Sides: every object is either "own" — belonging to the home cast (the city `city` and its district
`own_unit`: `plan`, `task`, `own_assignment`, `own_report`) — or "other" — belonging to the other side:
another district under the same city (`other_assignment`, `other_report`) for the liaison's objects, and
another deploying unit (`other_city`, whose supervisor is `other_supervisor`) for plans, tasks and drafts.
Roles are named the same way, so `other_liaison` × "other" report is that liaison's *own* work.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.plans.models import Assignment, Plan, Target, Task
from luoshi.reports.models import Evidence, Report, ReportValue
from luoshi.tests import factories as f

ROLES = ("anonymous", "supervisor", "other_supervisor", "leader", "liaison", "other_liaison", "sysadmin")
SIDES = ("own", "other")
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


# --- the table ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One cell: `role` sends `method` to URL `name` about the `side` object and expects `expect`.

    `expect` is a status ("200", "302", "403", "404", "405"), the same with "w" ("302w": accepted and
    wrote an audit entry), or "x": refused in whatever way the view's decorators order it (login
    redirect, 403, 404 or 405) — used only for GET on POST-only endpoints, where the order of
    `require_POST` and the role check differs between apps and neither order leaks anything.
    """

    name: str
    method: str
    side: str
    role: str
    expect: str

    @property
    def id(self) -> str:
        return f"{self.name}-{self.method}-{self.side}-{self.role}"


def parse_table(text: str) -> list[Case]:
    """Rows of `url-name method side cell×7` (side "-" for URLs without an object); # starts a comment."""
    cases = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].split()
        if not line:
            continue
        name, method, side, *cells = line
        if len(cells) != len(ROLES):
            raise ValueError(f"matrix row needs {len(ROLES)} cells: {raw!r}")
        cases += [Case(name, method, side, role, cell) for role, cell in zip(ROLES, cells, strict=True)]
    return cases


def project_url_names() -> set[str]:
    """Every named URL pattern of the project as "namespace:name", leaving out the admin site, the token API
    and the unnamed static/media patterns."""
    names: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in ("admin", "api"):
                    # The admin site has its own matrix (test_admin_matrix); the API takes tokens, not
                    # sessions, and has its own (luoshi/api/tests/test_api_permissions.py).
                    continue
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names


# --- has anything changed? ------------------------------------------------------------------------------------


def fingerprint() -> tuple:
    """Every row of the business tables and the audit trail but its refusals; equal fingerprints mean nothing
    was written."""
    from luoshi.assess import models as assess
    from luoshi.drafts.models import Draft
    from luoshi.items.models import CloseOut, Extension, Item, ItemFile, Milestone

    models = (Plan, Task, Target, Assignment, Report, ReportValue, Evidence, Draft)
    models += (Item, Extension, CloseOut, Milestone, ItemFile)
    from luoshi.registers.models import Representative, Risk, StageChange

    models += (Risk, Representative, StageChange)
    models += (
        assess.Scheme,
        assess.Indicator,
        assess.Assessment,
        assess.ScoreLine,
        assess.Rating,
        assess.Bonus,
        assess.Appeal,
        assess.Brand,
    )
    rows = tuple(tuple(m.objects.order_by("pk").values_list()) for m in models)
    # A refusal is recorded (luoshi.org.permissions.forbidden); it is the one write a refusal may make.
    return (*rows, tuple(AuditEntry.objects.exclude(action="access_denied").order_by("pk").values_list()))


def refusals() -> int:
    return AuditEntry.objects.filter(action="access_denied").count()


# --- the objects each URL is about ------------------------------------------------------------------------------


class Cast:
    """The shared fixtures plus, built on first use, the extra objects some URLs need (a plan of the other
    deploying unit, draft plans, draft reports, evidence, intake drafts)."""

    def __init__(self, fixture: Callable[[str], object]):
        self.fixture = fixture

    def __getattr__(self, name: str):
        # plan, task, own_assignment, supervisor, … come straight from luoshi/conftest.py.
        return self.fixture(name)

    # Plans of the other deploying unit: published, with one task assigned to a district under it.
    @cached_property
    def foreign_unit(self):
        return f.UnitFactory(name="另一区委统战部", short_name="另一区", parent=self.other_city, order=901)

    @cached_property
    def foreign_plan(self) -> Plan:
        return f.PlanFactory(deploying_unit=self.other_city, title="另一单位的工作要点")

    @cached_property
    def foreign_task(self) -> Task:
        task = f.TaskFactory(plan=self.foreign_plan, code="1", title="另一单位的任务")
        f.AssignmentFactory(task=task, unit=self.foreign_unit)
        return task

    def plan_of(self, side: str) -> Plan:
        return self.plan if side == "own" else self.foreign_plan

    def task_of(self, side: str) -> Task:
        return self.task if side == "own" else self.foreign_task

    def unit_under(self, side: str):
        """A unit the side's supervisor may assign tasks to."""
        return self.own_unit if side == "own" else self.foreign_unit

    def draft_plan(self, side: str) -> Plan:
        """A draft plan with one assigned task: publishable, and its task deletable."""
        if side not in self._draft_plans:
            deploying = self.city if side == "own" else self.other_city
            plan = f.PlanFactory(deploying_unit=deploying, status=Plan.Status.DRAFT, title=f"草稿部署{side}")
            task = f.TaskFactory(plan=plan, code="1", title="草稿任务")
            f.AssignmentFactory(task=task, unit=self.unit_under(side))
            self._draft_plans[side] = plan
        return self._draft_plans[side]

    @cached_property
    def _draft_plans(self) -> dict:
        return {}

    def assignment(self, side: str) -> Assignment:
        return self.own_assignment if side == "own" else self.other_assignment

    def report(self, side: str) -> Report:
        """A submitted report: what supervisors review and everyone in scope reads."""
        return self.own_report if side == "own" else self.other_report

    def draft_report(self, side: str) -> Report:
        """A draft (another period than the submitted one): what the unit's liaison edits."""
        if side not in self._draft_reports:
            liaison = self.liaison if side == "own" else self.other_liaison
            self._draft_reports[side] = f.ReportFactory(
                assignment=self.assignment(side),
                period="2025-04",
                status=Report.Status.DRAFT,
                created_by=liaison,
            )
        return self._draft_reports[side]

    @cached_property
    def _draft_reports(self) -> dict:
        return {}

    def evidence(self, report: Report) -> Evidence:
        evidence = Evidence(report=report, original_name="照片.png", size=len(PNG_BYTES), sha256="0" * 64)
        evidence.file.save(f"matrix-{report.pk}.png", ContentFile(PNG_BYTES), save=False)
        evidence.save()
        return evidence

    def intake_draft(self, side: str):
        """An intake draft (luoshi.drafts) of the side's deploying unit, every item given a lead unit so it
        can be published."""
        from luoshi.drafts import services as drafts

        if side not in self._intake_drafts:
            who = self.supervisor if side == "own" else self.other_supervisor
            actor = Actor(user=who, ip="127.0.0.1")
            draft = drafts.create_draft_from_text(
                actor,
                deploying_unit=who.unit,
                title=f"导入草稿{side}",
                year=2025,
                text="一、加强思想政治引领\n（一）深化理论学习。年底前完成。\n二、夯实基层基础\n",
            )
            self._intake_drafts[side] = f.lead_unassigned(actor, draft, self.unit_under(side))
        return self._intake_drafts[side]

    @cached_property
    def _intake_drafts(self) -> dict:
        return {}


def tomorrow() -> str:
    return (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
