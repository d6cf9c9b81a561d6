"""The permission matrix: every URL of the project × every role × own/other object → the status it must get.

The rule (issue 3, item 4): a liaison reads and writes only their own unit's assignments and reports; a
supervisor manages only the plans of their deploying unit; a leader reads within scope and writes nothing;
administrators see no business data. Anonymous visitors are sent to the login page. A wrong role gets 403,
another unit's object 404 (it is not found in the person's scope).

Every refused POST is checked to have changed nothing; every accepted one ("302w") to have written an
audit entry, so the POST data below is known to be valid and the "allowed" cells are not vacuous.
See luoshi/tests/matrix.py for what "own" and "other" mean.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.urls import reverse

from luoshi.audit.models import AuditEntry

from . import matrix_items, matrix_registers
from .matrix import ROLES, Cast, fingerprint, parse_table, project_url_names, refusals, tomorrow

# Columns: anonymous, supervisor, other_supervisor (another deploying unit), leader, liaison (own unit),
# other_liaison (another unit), sysadmin.
TABLE = """
# url name                  method side   anon sup   osup  lead  liai  oliai sys
home                        GET    -      302  302   302   302   302   302   302
login                       GET    -      200  200   200   200   200   200   200
logout                      GET    -      405  405   405   405   405   405   405
logout                      POST   -      302  302   302   302   302   302   302
password_change             GET    -      302  200   200   200   200   200   200
password_change             POST   -      302  200   200   200   200   200   200
second_factor_verify        GET    -      302  302   302   302   302   302   302
second_factor_verify        POST   -      302  302   302   302   302   302   302
second_factor               GET    -      302  200   200   200   200   200   200
second_factor               POST   -      302  200   200   200   200   200   200

plans:list                  GET    -      302  200   200   200   403   403   403
plans:create                GET    -      302  200   200   403   403   403   403
plans:create                POST   -      302  302w  302w  403   403   403   403
plans:detail                GET    own    302  200   404   200   403   403   403
plans:detail                GET    other  302  404   200   404   403   403   403
plans:export                GET    own    302  200   404   200   403   403   403
plans:export                GET    other  302  404   200   404   403   403   403
plans:edit                  GET    own    302  200   404   403   403   403   403
plans:edit                  GET    other  302  404   200   403   403   403   403
plans:edit                  POST   own    302  302w  404   403   403   403   403
plans:edit                  POST   other  302  404   302w  403   403   403   403
plans:publish               GET    own    x    405   405   x     x     x     x
plans:publish               POST   own    302  302w  404   403   403   403   403
plans:publish               POST   other  302  404   302w  403   403   403   403
plans:publish_confirm       GET    own    302  200   404   403   403   403   403
plans:publish_confirm       GET    other  302  404   200   403   403   403   403
plans:archive_confirm       GET    own    302  200   404   403   403   403   403
plans:archive_confirm       GET    other  302  404   200   403   403   403   403
plans:archive               GET    own    x    405   405   x     x     x     x
plans:archive               POST   own    302  302w  404   403   403   403   403
plans:archive               POST   other  302  404   302w  403   403   403   403
plans:task_add              GET    own    302  200   404   403   403   403   403
plans:task_add              GET    other  302  404   200   403   403   403   403
plans:task_add              POST   own    302  302w  404   403   403   403   403
plans:task_add              POST   other  302  404   302w  403   403   403   403
plans:task                  GET    own    302  200   404   200   200   404   403
plans:task                  GET    other  302  404   200   404   404   404   403
plans:task_edit             GET    own    302  200   404   403   403   403   403
plans:task_edit             GET    other  302  404   200   403   403   403   403
plans:task_edit             POST   own    302  302w  404   403   403   403   403
plans:task_edit             POST   other  302  404   302w  403   403   403   403
plans:task_assign           GET    own    302  200   404   403   403   403   403
plans:task_assign           GET    other  302  404   200   403   403   403   403
plans:task_assign           POST   own    302  302w  404   403   403   403   403
plans:task_assign           POST   other  302  404   302w  403   403   403   403
plans:task_override         GET    own    x    405   405   x     x     x     x
plans:task_override         POST   own    302  302w  404   403   403   403   403
plans:task_override         POST   other  302  404   302w  403   403   403   403
plans:task_delete           GET    own    x    405   405   x     x     x     x
plans:task_delete           POST   own    302  302w  404   403   403   403   403
plans:task_delete           POST   other  302  404   302w  403   403   403   403
plans:task_cancel           GET    own    x    405   405   x     x     x     x
plans:task_cancel           POST   own    302  302w  404   403   403   403   403
plans:task_cancel           POST   other  302  404   302w  403   403   403   403
# 逐级分解: the chain below a task; the override of a cascaded unit's figure by the upper plan's supervisor;
# the cascade itself only by the assigned unit's own supervisor (none in this cast: see test_cascade.py).
plans:task_chain            GET    own    302  200   404   200   403   403   403
plans:task_chain            GET    other  302  404   200   404   403   403   403
plans:assignment_override   GET    own    x    405   405   x     x     x     x
plans:assignment_override   POST   own    302  302w  404   403   403   403   403
plans:assignment_override   POST   other  302  404   302w  403   403   403   403
plans:assignment_cascade    GET    own    x    405   405   x     x     x     x
plans:assignment_cascade    POST   own    302  404   404   403   403   403   403
plans:gantt                 GET    own    302  200   404   200   403   403   403
plans:gantt                 GET    other  302  404   200   404   403   403   403
plans:task_duties           GET    own    302  200   404   403   403   403   403
plans:task_duties           GET    other  302  404   200   403   403   403   403
plans:task_duties           POST   own    302  302w  404   403   403   403   403
plans:task_duties           POST   other  302  404   302w  403   403   403   403
# 左右协同: the lead unit's liaison asks a co unit of the task; that co unit's liaison answers.
reports:input_ask           GET    own    x    x     x     x     405   405   x
reports:input_ask           POST   own    302  403   403   403   302w  404   403
reports:input_answer        GET    own    x    x     x     x     405   405   x
reports:input_answer        POST   own    302  403   403   403   404   302w  403

reports:my_tasks            GET    -      302  403   403   403   200   200   403
reports:assignment          GET    own    302  302   404   302   200   404   403  # readers: to the task page
reports:assignment          GET    other  302  302   404   302   404   200   403
reports:assignment          GET    draft  302  302   404   302   404   404   403  # plan not yet published
reports:acknowledge         GET    own    x    x     x     x     405   405   x
reports:acknowledge         POST   own    302  403   403   403   302w  404   403
reports:acknowledge         POST   other  302  403   403   403   404   302w  403
reports:acknowledge         POST   draft  302  403   403   403   404   404   403  # plan not yet published
reports:report_start        GET    own    302  403   403   403   302   404   403
reports:report_start        POST   own    302  403   403   403   302w  404   403
reports:report_start        POST   other  302  403   403   403   404   302w  403
reports:report_start        POST   draft  302  403   403   403   404   404   403  # plan not yet published
reports:report_edit         GET    own    302  403   403   403   200   404   403
reports:report_edit         GET    other  302  403   403   403   404   200   403
reports:report_edit         POST   own    302  403   403   403   302w  404   403
reports:report_edit         POST   other  302  403   403   403   404   302w  403
reports:report_review       GET    own    302  200   404   200   200   404   403
reports:report_review       GET    other  302  200   404   200   404   200   403
reports:report_review       GET    draft  302  404   404   404   200   404   403  # drafts: their unit only
reports:report_accept       GET    own    x    405   405   x     x     x     x
reports:report_accept       POST   own    302  302w  404   403   403   403   403
reports:report_accept       POST   other  302  302w  404   403   403   403   403
reports:report_return       GET    own    x    405   405   x     x     x     x
reports:report_return       POST   own    302  302w  404   403   403   403   403
reports:report_return       POST   other  302  302w  404   403   403   403   403
reports:evidence_download   GET    own    302  200   404   200   200   404   403
reports:evidence_download   GET    other  302  200   404   200   404   200   403
reports:evidence_download   GET    draft  302  404   404   404   200   404   403
reports:evidence_remove     GET    own    x    x     x     x     405   405   x
reports:evidence_remove     POST   own    302  403   403   403   302w  404   403
reports:evidence_remove     POST   other  302  403   403   403   404   302w  403
reports:review_queue        GET    -      302  200   200   403   403   403   403
reports:reviewed            GET    -      302  200   200   403   403   403   403

supervise:dashboard         GET    -      302  200   200   200   403   403   403
supervise:dashboard         GET    own    302  200   404   200   403   403   403
supervise:dashboard         GET    other  302  404   200   404   403   403   403

supervise:chase             GET    own    302  200   404   200   403   403   403
supervise:chase             GET    other  302  404   200   404   403   403   403
supervise:chase             POST   own    302  302w  404   403   403   403   403
supervise:chase             POST   other  302  404   302w  404   403   403   403
supervise:statistics        GET    -      302  200   200   200   403   403   403
supervise:statistics        GET    own    302  200   404   200   403   403   403
supervise:statistics_export GET    own    302  200   404   200   403   403   403
supervise:statistics_export GET    other  302  404   200   404   403   403   403

notify:inbox                GET    -      302  200   200   200   200   200   403
notify:read                 GET    own    x    405   405   405   405   405   x
notify:read                 POST   own    302  404   404   404   302   404   403
notify:read                 POST   other  302  404   404   404   404   302   403
notify:read_all             POST   -      302  302   302   302   302   302   403
notify:deliveries           GET    -      302  200   200   403   403   403   403
notify:retry                GET    own    x    405   405   x     x     x     x
notify:retry                POST   own    302  302w  404   403   403   403   403
notify:retry                POST   other  302  404   302w  403   403   403   403

apitokens:list              GET    -      302  200   200   200   200   200   403
apitokens:list              POST   -      302  200w  200w  200w  200w  200w  403
apitokens:revoke            GET    own    x    405   405   405   405   405   x
apitokens:revoke            POST   own    302  404   404   404   302w  404   403
apitokens:revoke            POST   other  302  404   404   404   404   302w  403

drafts:list                 GET    -      302  200   200   403   403   403   403
drafts:new                  GET    -      302  200   200   403   403   403   403
drafts:new                  POST   -      302  302w  302w  403   403   403   403
drafts:edit                 GET    own    302  200   404   403   403   403   403
drafts:edit                 GET    other  302  404   200   403   403   403   403
drafts:details              GET    own    x    405   405   x     x     x     x
drafts:details              POST   own    302  302w  404   403   403   403   403
drafts:details              POST   other  302  404   302w  403   403   403   403
drafts:node                 GET    own    x    405   405   x     x     x     x
drafts:node                 POST   own    302  302w  404   403   403   403   403
drafts:node                 POST   other  302  404   302w  403   403   403   403
drafts:editor               GET    own    302  200   404   403   403   403   403
drafts:editor               GET    other  302  404   200   403   403   403   403
drafts:undo                 GET    own    x    405   405   x     x     x     x
drafts:undo                 POST   own    302  302w  404   403   403   403   403
drafts:undo                 POST   other  302  404   302w  403   403   403   403
drafts:branch               GET    own    302  200   404   403   403   403   403
drafts:branch               GET    other  302  404   200   403   403   403   403
drafts:export               GET    own    302  200   404   403   403   403   403
drafts:export               GET    other  302  404   200   403   403   403   403
drafts:publish              GET    own    302  200   404   403   403   403   403
drafts:publish              GET    other  302  404   200   403   403   403   403
drafts:publish              POST   own    302  302w  404   403   403   403   403
drafts:publish              POST   other  302  404   302w  403   403   403   403
drafts:discard              GET    own    x    405   405   x     x     x     x
drafts:discard              POST   own    302  302w  404   403   403   403   403
drafts:discard              POST   other  302  404   302w  403   403   403   403

assess:index                GET    -      302  200   200   200   200   200   403
assess:scheme_create        GET    -      x    405   405   x     x     x     x
assess:scheme_create        POST   -      302  302w  404   403   403   403   403
assess:scheme               GET    own    302  200   404   200   403   403   403
assess:scheme               GET    other  302  404   200   404   403   403   403
assess:scheme_edit          GET    own    x    405   405   x     x     x     x
assess:scheme_edit          POST   own    302  302w  404   403   403   403   403
assess:scheme_edit          POST   other  302  404   302w  403   403   403   403
assess:register             GET    own    x    405   405   x     x     x     x
assess:register             POST   own    302  302w  404   403   403   403   403
assess:register             POST   other  302  404   302w  403   403   403   403
assess:ranking              GET    own    302  200   404   200   403   403   403
assess:ranking              GET    other  302  404   200   404   403   403   403
assess:unit                 GET    own    302  200   404   200   200   404   403
assess:unit                 GET    other  302  200   404   200   404   200   403
assess:self_assess          GET    own    x    x     x     x     405   405   x
assess:self_assess          POST   own    302  403   403   403   302w  404   403
assess:self_assess          POST   other  302  403   403   403   404   302w  403
assess:review               GET    own    x    405   405   x     x     x     x
assess:review               POST   own    302  302w  404   403   403   403   403
assess:review               POST   other  302  302w  404   403   403   403   403
assess:appeal               GET    own    x    x     x     x     405   405   x
assess:appeal               POST   own    302  403   403   403   302w  404   403
assess:appeal               POST   other  302  403   403   403   404   302w  403
assess:answer               GET    own    x    405   405   x     x     x     x
assess:answer               POST   own    302  302w  404   403   403   403   403
assess:answer               POST   other  302  302w  404   403   403   403   403
assess:brands               GET    -      302  200   200   200   200   200   403
assess:brand_nominate       GET    own    x    405   405   x     405   405   x
assess:brand_nominate       POST   own    302  302w  404   403   302w  404   403
assess:brand_nominate       POST   other  302  302w  404   403   404   302w  403
assess:brand_act            GET    own    x    405   405   x     x     x     x
assess:brand_act            POST   own    302  302w  404   403   403   403   403
assess:brand_act            POST   other  302  302w  404   403   403   403   403
documents:bulletin          GET    own    302  200   404   403   403   403   403
documents:bulletin          GET    other  302  404   200   403   403   403   403
documents:bulletin          POST   own    302  200w  404   403   403   403   403
documents:bulletin          POST   other  302  404   200w  403   403   403   403
documents:ledger            GET    own    302  200   404   200   403   403   403
documents:ledger            GET    other  302  404   200   404   403   403   403
documents:returns           GET    -      302  403   403   403   200   200   403
documents:returns           POST   own    302  403   403   403   302w  200   403  # another unit's sheet: refused, listed
documents:returns           POST   other  302  403   403   403   200   302w  403
documents:return_sheet      GET    own    302  403   403   403   200   200   403
documents:return_sheet      GET    other  302  403   403   403   404   404   403
documents:scores            GET    own    302  200   404   200   403   403   403
documents:scores            GET    other  302  404   200   404   403   403   403
search:search               GET    -      302  200   200   200   200   200   403
supervise:letter            GET    own    302  200   404   200   200   404   403
supervise:letter            GET    other  302  200   404   200   404   200   403
"""

CASES = parse_table(TABLE + matrix_items.TABLE + matrix_registers.TABLE)


# --- what each URL is about, and what a valid POST to it carries -------------------------------------------------
#
# Each entry: url name → function(cast, method, side) → (url kwargs, query string, POST data).
# "draft" sides: for reports and evidence, the own unit's draft report; for assignments, the own unit's
# assignment in a plan not yet published.


def _plan_form(title: str) -> dict:
    return {"title": title, "year": 2025, "kind": "annual", "period": "monthly", "rollup": "weighted"}


def _task_form(title: str) -> dict:
    return {
        "title": title,
        "tier": "key",
        "weight": "1",
        "deadline": tomorrow(),
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "20",
    }


def _none(cast, method, side):
    return {}, "", {}


def _plan(cast, method, side):
    return {"pk": cast.plan_of(side).pk}, "", _plan_form("改过的标题")


def _api_token(cast, method, side):
    """A token of the liaison of the side's unit: only its owner may revoke it."""
    from luoshi.api.services import create_token
    from luoshi.audit.services import Actor

    owner = cast.fixture("liaison" if side == "own" else "other_liaison")
    token, _ = create_token(Actor(owner), name=f"令牌{side}", days=30)
    return {"pk": token.pk}, "", {}


def _draft_plan(cast, method, side):
    return {"pk": cast.draft_plan(side).pk}, "", {}


def _task(data: dict | None = None):
    def build(cast, method, side):
        return {"pk": cast.task_of(side).pk}, "", data or {}

    return build


def _task_add(cast, method, side):
    return {"pk": cast.plan_of(side).pk}, "", _task_form("新增的任务")


def _task_edit(cast, method, side):
    return {"pk": cast.task_of(side).pk}, "", _task_form("改过的任务")


def _task_assign(cast, method, side):
    task = cast.task_of(side)
    lead = list(dict.fromkeys([a.unit_id for a in task.assignments.all()] + [cast.unit_under(side).pk]))
    return {"pk": task.pk}, "", {"lead": lead}


def _co_unit_request(cast, answer: bool):
    """The other district as a co unit on the own task; the own unit (lead) asks it, or has asked it."""
    from luoshi.audit.services import Actor
    from luoshi.reports import collaboration

    lead = cast.own_assignment
    from luoshi.tests import factories as f

    co = f.AssignmentFactory(task=lead.task, unit=cast.fixture("other_unit"), role="co", acknowledged=True)
    if not answer:
        return {"pk": lead.pk}, "", {"asked": co.pk, "question": "请提供本季度数据。"}
    request = collaboration.ask_input(Actor.system(), lead, co, question="请提供本季度数据。")
    return {"pk": request.pk}, "", {"answer": "已提供。"}


def _cascaded(cast, side):
    """The side's unit's assignment, broken down into a published sub-plan whose figure has rolled up."""
    assignment = cast.own_assignment if side == "own" else cast.foreign_task.assignments.get()
    type(assignment).objects.filter(pk=assignment.pk).update(cascade_progress=40)
    return {"pk": assignment.pk}, "", {"progress": "55", "note": "区级统筹工作另计"}


def _draft_task(cast, method, side):
    return {"pk": cast.draft_plan(side).tasks.get().pk}, "", {"confirm": "on"}


def _assignment(data: dict | None = None):
    def build(cast, method, side):
        if side == "draft":  # own unit's assignment in a plan that is still a draft
            assignment = cast.draft_plan("own").tasks.get().assignments.get()
        else:
            assignment = cast.assignment(side)
        return {"pk": assignment.pk}, "", data or {}

    return build


def _report(data: dict | None = None):
    def build(cast, method, side):
        report = cast.draft_report("own") if side == "draft" else cast.report(side)
        return {"pk": report.pk}, "", data or {}

    return build


def _report_edit(cast, method, side):
    report = cast.draft_report(side)
    return (
        {"pk": report.pk},
        "",
        {"narrative": "本月完成两次培训。", "percent": 40, "revision": report.revision},
    )


def _evidence(cast, method, side):
    report = cast.draft_report("own") if side == "draft" else cast.report(side)
    return {"pk": cast.evidence(report).pk}, "", {}


def _draft_evidence(cast, method, side):
    return {"pk": cast.evidence(cast.draft_report(side)).pk}, "", {}


def _dashboard(cast, method, side):
    return {}, ("" if side == "-" else f"plan={cast.plan_of(side).pk}"), {}


def _intake(extra: Callable | None = None, **kwargs):
    def build(cast, method, side):
        draft = cast.intake_draft(side)
        data = {"revision": draft.revision, **(extra(draft) if extra else {})}
        return {"pk": draft.pk, **{k: v(draft) for k, v in kwargs.items()}}, "", data

    return build


def _first_node(draft) -> int:
    return draft.tree[0]["id"]


def _chase(cast, method, side):
    assignment = cast.own_assignment if side == "own" else cast.foreign_task.assignments.get()
    return {"pk": assignment.pk}, "", {"note": "请抓紧办理"}


def _notification(cast, method, side):
    """A notification to the side's liaison: only its recipient may mark it read."""
    from luoshi.notify.models import Notification

    who = cast.fixture("liaison" if side == "own" else "other_liaison")
    n = Notification.objects.create(
        kind="chase", kind_label="催办", recipient=who, recipient_name=str(who), title="催办"
    )
    return {"pk": n.pk}, "", {}


def _notice_letter(cast, method, side):
    """A 催办 notice on the side's assignment (the own district's or the other district's)."""
    from luoshi.supervise.models import Notice

    notice = Notice.objects.create(
        assignment=cast.assignment(side),
        kind="chase",
        level=2,
        colour="red",
        due_on=datetime.date(2025, 6, 30),
    )
    return {"pk": notice.pk}, "", {}


def _undelivered(cast, method, side):
    """A given-up e-mail of the side's deploying unit: only its supervisors may send it again."""
    from luoshi.notify.models import Delivery, Notification

    office = cast.city if side == "own" else cast.other_city
    n = Notification.objects.create(
        kind="chase", kind_label="催办", recipient_name="分管领导", title="催办", deploying_unit=office
    )
    d = Delivery.objects.create(
        notification=n, channel="email", address="a@example.cn", status="failed", attempts=6
    )
    return {"pk": d.pk}, "", {}


# Assessment (luoshi/assess): "own"/"other" schemes are the city's and the other deploying unit's; a unit's
# assessment, score line, appeal and brand are own_unit's or other_unit's, both under the city's scheme.
def _assess_scheme(cast, side: str, stage: str = "self"):
    from luoshi.assess import services as assess
    from luoshi.audit.services import Actor

    cache = vars(cast).setdefault("_assess_schemes", {})
    if (side, stage) not in cache:
        system = Actor.system()
        plan = cast.plan_of(side)
        if side == "own":
            cast.fixture("own_assignment")
            cast.fixture("other_assignment")
        else:
            cast.foreign_task  # noqa: B018
        scheme = assess.create_scheme(system, plan, unit_kind="district", title=f"考核方案{side}")
        assess.add_indicator(system, scheme, name="序时进度", points_value="60", measure="schedule")
        opinion = assess.add_indicator(
            system, scheme, name="领导评价", points_value="40", method="evaluators", phase="year_end"
        )
        assess.publish_scheme(system, scheme, today=datetime.date(plan.year - 1, 12, 20))
        order = ["review", "approved", "publicity"]
        if stage != "self":
            for a in scheme.assessments.all():
                assess.rate(system, opinion, a.unit, evaluator="部长", score="30", reason="较好")
            for to in order[: order.index(stage) + 1]:
                assess.advance(system, scheme, to)
        cache[(side, stage)] = scheme
    return cache[(side, stage)]


def _assess_assessment(cast, side: str, stage: str = "self"):
    unit = cast.own_unit if side == "own" else cast.other_unit
    return _assess_scheme(cast, "own", stage).assessments.get(unit=unit)


def _assess_line(cast, side: str, stage: str):
    return _assess_assessment(cast, side, stage).lines.get(indicator__name="序时进度")


def _assess_create(cast, method, side):
    return {}, "", {"plan": cast.plan.pk, "unit_kind": "district", "title": "各区考核方案"}


def _assess_scheme_page(cast, method, side):
    return {"pk": _assess_scheme(cast, side).pk}, "", {}


def _assess_scheme_edit(cast, method, side):
    return {"pk": _assess_scheme(cast, side).pk, "op": "recompute"}, "", {}


def _assess_register(cast, method, side):
    scheme = _assess_scheme(cast, side)
    unit = cast.own_unit if side == "own" else cast.foreign_unit
    opinion = scheme.indicators.get(name="领导评价")
    data = {"unit": unit.pk, "indicator": opinion.pk, "evaluator": "部长", "score": "35", "reason": "较好"}
    return {"pk": scheme.pk, "what": "rating"}, "", data


def _assess_unit(cast, method, side):
    return {"pk": _assess_assessment(cast, side).pk}, "", {}


def _assess_self(cast, method, side):
    assessment = _assess_assessment(cast, side)
    line = assessment.lines.get(indicator__name="序时进度")
    return {"pk": assessment.pk}, "", {f"line-{line.indicator_id}": "50", "revision": assessment.revision}


def _assess_review(cast, method, side):
    line = _assess_line(cast, side, "review")
    return (
        {"pk": line.pk},
        "",
        {"score": "50", "reason": "按计算结果核定", "revision": line.assessment.revision},
    )


def _assess_appeal(cast, method, side):
    return {"pk": _assess_line(cast, side, "publicity").pk}, "", {"reason": "进度数据有误，请复核"}


def _assess_answer(cast, method, side):
    from luoshi.assess import services as assess
    from luoshi.audit.services import Actor

    line = _assess_line(cast, side, "publicity")
    appeal = assess.file_appeal(Actor.system(), line, reason="请复核")
    return {"pk": appeal.pk}, "", {"answer": "经核实，维持原评分"}


def _assess_highlight(cast, side: str):
    assignment = cast.assignment(side)
    assignment.task.tier = "highlight"
    assignment.task.save(update_fields=["tier"])
    return assignment


def _assess_nominate(cast, method, side):
    assignment = _assess_highlight(cast, side)
    return {"pk": assignment.pk}, "", {"name": "同心品牌", "outcome": "覆盖全区"}


def _assess_brand(cast, method, side):
    from luoshi.assess.models import Brand

    assignment = _assess_highlight(cast, side)
    brand = Brand.objects.create(
        task=assignment.task, unit=assignment.unit, name="同心品牌", outcome="覆盖全区"
    )
    return {"pk": brand.pk, "op": "review"}, "", {"accept": "1", "note": "成效明显"}


def _bulletin(cast, method, side):
    return {"pk": cast.plan_of(side).pk}, "period=2025-03", _bulletin_form()


def _bulletin_form() -> dict:
    data = {
        "period": "2025-03",
        "title": "关于报送情况的通报",
        "addressee": "各责任单位：",
        "opening": "开头。",
    }
    data |= {"issuer": "某市委统战部", "issued_on": "2025-04-05"}
    for i, heading in enumerate(["总体情况", "好的做法", "存在问题", "下一步要求"], start=1):
        data |= {f"heading_{i}": heading, f"body_{i}": "正文。"}
    return data


def _ledger(cast, method, side):
    return {"pk": cast.plan_of(side).pk}, "period=2025-03", {}


def _scores(cast, method, side):
    _assess_scheme(cast, side)  # a published scheme, so the table has something to show
    return {"pk": cast.plan_of(side).pk}, "", {}


def _return_upload(cast, method, side):
    """A filled return of the side's unit for a period with no report yet (the own plan)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.documents.tests.returns_files import filled

    assignment = cast.assignment(side)
    data = filled(cast.plan, assignment.unit, "2025-05", {(assignment.task.code, ""): {"完成进度（%）": 40}})
    upload = SimpleUploadedFile("报送表.xlsx", data)
    return {}, "", {"plan": cast.plan.pk, "period": "2025-05", "file": upload}


def _return_sheet(cast, method, side):
    return {}, f"plan={cast.plan_of(side).pk}&period=2025-05", {}


URLS = {
    "supervise:chase": _chase,
    "supervise:statistics": _dashboard,
    "supervise:statistics_export": _dashboard,
    "notify:inbox": _none,
    "notify:read": _notification,
    "notify:read_all": _none,
    "notify:deliveries": _none,
    "notify:retry": _undelivered,
    "home": _none,
    "login": _none,
    "logout": _none,
    "password_change": _none,
    "second_factor_verify": _none,
    "second_factor": _none,
    "plans:list": _none,
    "plans:create": lambda cast, method, side: ({}, "", _plan_form("新建的工作部署")),
    "plans:detail": _plan,
    "plans:export": _plan,
    "plans:edit": _plan,
    "plans:publish": _draft_plan,
    "plans:archive": _plan,
    "plans:publish_confirm": _draft_plan,
    "plans:archive_confirm": _plan,
    "plans:task_add": _task_add,
    "plans:task": _task(),
    "plans:task_edit": _task_edit,
    "plans:task_assign": _task_assign,
    "plans:task_override": _task({"progress": "55", "note": "按实际情况调整"}),
    "plans:task_delete": _draft_task,
    "plans:task_cancel": _task({"note": "上级已调整部署"}),
    "plans:task_chain": _task(),
    "plans:assignment_override": lambda cast, method, side: _cascaded(cast, side),
    "plans:assignment_cascade": _assignment(),
    "plans:gantt": _plan,
    "plans:task_duties": _task({"oversight_person": "驻部纪检监察组"}),
    "reports:input_ask": lambda cast, method, side: _co_unit_request(cast, answer=False),
    "reports:input_answer": lambda cast, method, side: _co_unit_request(cast, answer=True),
    "reports:my_tasks": _none,
    "reports:assignment": _assignment(),
    "reports:acknowledge": _assignment({"responsible_person": "张三", "responsible_phone": "027-12345678"}),
    "reports:report_start": _assignment(),
    "reports:report_edit": _report_edit,
    "reports:report_review": _report(),
    "reports:report_accept": _report(),
    "reports:report_return": _report({"reason": "请补充佐证材料"}),
    "reports:evidence_download": _evidence,
    "reports:evidence_remove": _draft_evidence,
    "reports:review_queue": _none,
    "reports:reviewed": _none,
    "supervise:dashboard": _dashboard,
    "drafts:list": _none,
    "search:search": lambda cast, method, side: ({}, "q=工程", {}),
    "apitokens:list": lambda cast, method, side: ({}, "", {"name": "对接系统", "days": 30}),
    "apitokens:revoke": _api_token,
    "drafts:new": lambda cast, method, side: (
        {},
        "",
        {"title": "新导入", "year": 2025, "text": "一、加强学习。\n"},
    ),
    "drafts:edit": _intake(),
    "drafts:details": _intake(lambda d: {"title": "改过的标题", "year": 2025}),
    "drafts:node": _intake(lambda d: {"title": "改过的条目"}, node_id=_first_node, op=lambda d: "rename"),
    "drafts:editor": _intake(node_id=_first_node, what=lambda d: "units"),
    "drafts:branch": _intake(node_id=_first_node),
    "drafts:undo": _intake(),
    "drafts:export": _intake(),
    "drafts:publish": _intake(
        lambda d: {
            "year": d.year,
            "period": "monthly",
            "rollup": "weighted",
            "weight_routine": "1",
            "weight_key": "1",
            "weight_highlight": "1",
        }
    ),
    "drafts:discard": _intake(),
    **matrix_items.URLS,
    "assess:index": _none,
    "assess:scheme_create": _assess_create,
    "assess:scheme": _assess_scheme_page,
    "assess:scheme_edit": _assess_scheme_edit,
    "assess:register": _assess_register,
    "assess:ranking": _assess_scheme_page,
    "assess:unit": _assess_unit,
    "assess:self_assess": _assess_self,
    "assess:review": _assess_review,
    "assess:appeal": _assess_appeal,
    "assess:answer": _assess_answer,
    "assess:brands": _none,
    "assess:brand_nominate": _assess_nominate,
    "assess:brand_act": _assess_brand,
    "documents:bulletin": _bulletin,
    "documents:ledger": _ledger,
    "documents:returns": _return_upload,
    "documents:return_sheet": _return_sheet,
    "supervise:letter": _notice_letter,
    **matrix_registers.URLS,
    "documents:scores": _scores,
}


# --- the tests ------------------------------------------------------------------------------------------------


def test_every_url_of_the_project_is_in_the_matrix():
    """A new page must state who may open it: add its rows to TABLE (and how to build it to URLS)."""
    in_table = {c.name for c in CASES}
    missing = sorted(project_url_names() - in_table)
    assert not missing, f"URL patterns missing from the permission matrix: {missing}"
    assert not sorted(in_table - set(URLS)), "rows without a URL builder"


def test_the_table_has_a_cell_for_every_role():
    rows = {(c.name, c.method, c.side) for c in CASES}
    assert len(CASES) == len(rows) * len(ROLES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permission(case, db, client, request):
    cast = Cast(request.getfixturevalue)
    # Every case runs against the whole cast (both units' reports, the other deploying unit's plan), so
    # list pages and scoped getters always have something out of scope to get wrong.
    for name in ("own_report", "other_report", "supervisor", "other_supervisor", "leader", "sysadmin"):
        cast.fixture(name)
    cast.foreign_task  # noqa: B018
    kwargs, query, data = URLS[case.name](cast, case.method, case.side)
    url = reverse(case.name, kwargs=kwargs) + (f"?{query}" if query else "")
    if case.role != "anonymous":
        client.force_login(cast.fixture(case.role))

    before, audit_before, refused_before = fingerprint(), AuditEntry.objects.count(), refusals()
    response = client.post(url, data) if case.method == "POST" else client.get(url)
    status = response.status_code
    to_login = status == 302 and response.url.startswith(reverse("login"))

    if case.expect == "x":
        assert status in (302, 403, 404, 405), f"{case.id}: refused expected, got {status}"
        assert status != 302 or to_login, f"{case.id}: redirected to {response.url}, not to login"
    else:
        assert status == int(case.expect.rstrip("w")), (
            f"{case.id}: expected {case.expect}, got {status} {getattr(response, 'url', '')}"
        )
    refused = case.expect == "x" or status in (403, 404, 405) or case.role == "anonymous"
    if case.role == "anonymous" and case.expect != "x" and case.name not in ("login", "logout"):
        assert to_login, f"{case.id}: anonymous must be sent to the login page"
    if case.role != "anonymous" and case.name != "logout":
        assert not to_login, f"{case.id}: a signed-in person was sent to the login page"
    if refused or case.method == "GET":
        assert fingerprint() == before, f"{case.id}: a refused request or a GET changed stored data"
    if case.expect.endswith("w"):
        assert AuditEntry.objects.count() > audit_before, f"{case.id}: accepted but wrote no audit entry"
    # Every 403 is recorded as one refusal (who, what path, why); nothing else records one.
    assert refusals() - refused_before == (1 if status == 403 else 0), f"{case.id}: refusal not recorded once"


def test_no_business_model_is_in_the_admin_site():
    """Administrators manage accounts and settings in the admin; business data is not offered there."""
    from django.contrib import admin

    business = {"plans", "reports", "drafts", "supervise", "assess"}
    registered = sorted(m._meta.label for m in admin.site._registry if m._meta.app_label in business)
    assert not registered, f"business models registered in the admin site: {registered}"


# List pages answer 200 to several roles; what they list must still be only what is in the person's scope.
OWN_PLAN, FOREIGN_PLAN = "2025年统战工作要点", "另一单位的工作要点"
OWN_TASK, OTHER_UNIT_TASK = "深化凝心工程", "深化聚力工程"
LISTS = [
    # url name, role, must show, must not show
    ("reports:my_tasks", "liaison", OWN_TASK, OTHER_UNIT_TASK),
    ("reports:my_tasks", "other_liaison", OTHER_UNIT_TASK, OWN_TASK),
    ("reports:review_queue", "supervisor", OWN_TASK, FOREIGN_PLAN),
    ("reports:review_queue", "other_supervisor", None, OWN_TASK),
    ("plans:list", "supervisor", OWN_PLAN, FOREIGN_PLAN),
    ("plans:list", "other_supervisor", FOREIGN_PLAN, OWN_PLAN),
    ("plans:list", "leader", OWN_PLAN, FOREIGN_PLAN),
    ("supervise:dashboard", "leader", OWN_PLAN, FOREIGN_PLAN),
    ("supervise:dashboard", "other_supervisor", FOREIGN_PLAN, OWN_PLAN),
    ("supervise:statistics", "leader", OWN_PLAN, FOREIGN_PLAN),
    ("supervise:statistics", "other_supervisor", FOREIGN_PLAN, OWN_PLAN),
    ("drafts:list", "supervisor", "导入草稿own", "导入草稿other"),
    ("drafts:list", "other_supervisor", "导入草稿other", "导入草稿own"),
]


@pytest.mark.parametrize(("name", "role", "shown", "hidden"), LISTS, ids=[f"{n}-{r}" for n, r, *_ in LISTS])
def test_lists_show_only_what_is_in_scope(name, role, shown, hidden, db, client, request):
    cast = Cast(request.getfixturevalue)
    cast.fixture("own_report")
    cast.fixture("other_report")
    cast.foreign_task  # noqa: B018
    cast.intake_draft("own")
    cast.intake_draft("other")
    client.force_login(cast.fixture(role))
    page = client.get(reverse(name)).content.decode()
    if shown:
        assert shown in page
    assert hidden not in page


def test_a_supervisor_cannot_assign_a_unit_outside_their_tree(db, client, request):
    """The URL is the supervisor's own task, but the POSTed unit belongs to another deploying unit."""
    cast = Cast(request.getfixturevalue)
    task, foreign = cast.task, cast.foreign_unit
    client.force_login(cast.supervisor)
    before = fingerprint()
    response = client.post(reverse("plans:task_assign", kwargs={"pk": task.pk}), {"lead": [foreign.pk]})
    assert response.status_code == 200  # the form again, with an error
    assert fingerprint() == before


# --- the policy table behind the pages (luoshi/org/access.py) -------------------------------------------
# The same table the services enforce, written out here so that a change to it is a visible change to this
# test. Columns: action, then the scope each role holds ("-" for none). deployed = plans deployed by the
# person's own unit; deployed_below = by their unit or one under it; own_unit = assigned to their own unit,
# in a published plan. "+d" = report drafts in scope stay hidden; "+c" = and the plans cascaded below those
# in scope (逐级分解); "+a" = and the work assigned to their own unit in a published plan; "+p" = and the
# submitted reports of the other units on a task their unit shares (左右协同).
POLICY_TABLE = """
# action            supervisor     leader            liaison    sysadmin secadmin auditor
view_plan           deployed+c+a   deployed_below+c+a  own_unit   -        -        -
edit_plan           deployed       -                 -          -        -        -
view_assignment     deployed+c+a   deployed_below+c+a  own_unit   -        -        -
work_assignment     -              -                 own_unit   -        -        -
view_report         deployed+d+c   deployed_below+d+c  own_unit+p -        -        -
review_report       deployed       -                 -          -        -        -
edit_draft          deployed       -                 -          -        -        -
approve_item        -              deployed_below    -          -        -        -
view_assessment     deployed       deployed_below    own_unit   -        -        -
manage_assessment   deployed       -                 -          -        -        -
self_assess         -              -                 own_unit   -        -        -
cascade_assignment  own_unit       -                 -          -        -        -
view_risk           deployed       deployed_below    own_unit   -        -        -
manage_risk         deployed       -                 -          -        -        -
view_representative deployed       deployed_below    -          -        -        -
manage_representative deployed     -                 -          -        -        -
view_personal_data  deployed       -                 -          -        -        -
"""
POLICY_ROLES = ("supervisor", "leader", "liaison", "sysadmin", "secadmin", "auditor")


def test_the_policy_table_is_the_one_written_here():
    from luoshi.org.access import POLICY

    written = {}
    for line in POLICY_TABLE.strip().splitlines():
        if line.startswith("#"):
            continue
        action, *cells = line.split()
        written[action] = dict(zip(POLICY_ROLES, cells, strict=True))
    actual = {
        str(action): {
            role: (
                "-"
                if role not in grants
                else grants[role].scope.value
                + ("+d" if grants[role].hides_drafts else "")
                + ("+c" if grants[role].with_cascade else "")
                + ("+a" if grants[role].with_assigned else "")
                + ("+p" if grants[role].with_partners else "")
            )
            for role in POLICY_ROLES
        }
        for action, grants in POLICY.items()
    }
    assert actual == written


def _own_object(cast, action):
    """The object each action is asked about: the supervisor's plan (in which the liaison's unit has
    work), the liaison's unit's assignment and report, the supervisor's intake draft."""
    if action in ("view_plan", "edit_plan"):
        cast.fixture("own_assignment")
        return cast.plan
    if action in ("view_assignment", "work_assignment", "cascade_assignment"):
        return cast.fixture("own_assignment")
    if action in ("view_report", "review_report"):
        return cast.fixture("own_report")
    if action == "approve_item":
        return matrix_items.item(cast, "own")
    return cast.intake_draft("own")


# Who may act on that object by the table above; everyone else is refused.
EXPECTED_OWN = {
    "view_plan": {"supervisor", "leader", "liaison"},
    "edit_plan": {"supervisor"},
    "view_assignment": {"supervisor", "leader", "liaison"},
    "work_assignment": {"liaison"},
    "view_report": {"supervisor", "leader", "liaison"},
    "review_report": {"supervisor"},
    "edit_draft": {"supervisor"},
    "approve_item": {"leader"},
    "cascade_assignment": set(),  # the city's cast holds no supervisor of the assigned district
}


@pytest.mark.parametrize("action", list(EXPECTED_OWN))
@pytest.mark.parametrize("role", ["supervisor", "leader", "liaison", "other_liaison", "sysadmin"])
def test_services_refuse_exactly_what_the_policy_refuses(action, role, db, request):
    from luoshi.audit.services import Actor
    from luoshi.lib.errors import AccessDenied
    from luoshi.org import access

    cast = Cast(request.getfixturevalue)
    own = _own_object(cast, action)
    user = cast.fixture(role)
    allowed = role in EXPECTED_OWN[action]
    assert access.allows(user, access.Action(action), own) is allowed
    if allowed:
        access.require(Actor(user), access.Action(action), own)
    else:
        with pytest.raises(AccessDenied):
            access.require(Actor(user), access.Action(action), own)
        refusal = AuditEntry.objects.filter(action="access_denied").latest("seq")
        assert refusal.actor_id == user.pk and refusal.after["action"] == action


def test_report_drafts_stay_with_their_unit(db, request):
    from luoshi.org import access

    cast = Cast(request.getfixturevalue)
    report = cast.fixture("own_report")
    type(report).objects.filter(pk=report.pk).update(status="draft")
    assert access.allows(cast.fixture("liaison"), access.Action.VIEW_REPORT, report)
    assert not access.allows(cast.fixture("supervisor"), access.Action.VIEW_REPORT, report)
    assert not access.allows(cast.fixture("leader"), access.Action.VIEW_REPORT, report)
