"""Who may do what to which objects: one table of action × role → scope, used by every page, service
and (later) the API.

* `restrict(user, action, queryset)` narrows any queryset to the objects the user may act on. Each model
  says once where its deploying unit, its plan's status and its assigned unit are (`access_paths`), so
  the same scope applies to plans, tasks, assignments, reports, evidence and drafts alike.
* `allows(user, action, obj)` asks the same of one object; `require(actor, action, obj)` raises
  `AccessDenied` with a Chinese message. Services call `require`, so a request that reaches a service by
  another road than the page still gets exactly what the page gets.

Roles gate which pages a person may open at all (`permissions.role_required`); this table decides which
objects. Administrators (三员) hold no business action: they see no business data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet

from luoshi.audit.services import record
from luoshi.lib.errors import AccessDenied

from .models import Unit, User

Role = User.Role


class Action(StrEnum):
    VIEW_PLAN = "view_plan"  # read a plan, its tasks and figures
    EDIT_PLAN = "edit_plan"  # build and change a plan: tasks, assignments, publish, archive, overrides
    VIEW_ASSIGNMENT = "view_assignment"  # read a unit's assignment
    WORK_ASSIGNMENT = "work_assignment"  # 签收, write and submit reports, attach evidence
    VIEW_REPORT = "view_report"  # read a report and its evidence
    REVIEW_REPORT = "review_report"  # 采纳 or 退回 a report
    EDIT_DRAFT = "edit_draft"  # intake drafts: the deploying unit's working papers
    APPROVE_ITEM = "approve_item"  # 领导审核 of a 督办事项 (luoshi.items): the one act a leader holds
    # Assessment (luoshi/assess): schemes, scores, the flow, bonuses and brands
    VIEW_ASSESSMENT = "view_assessment"  # read schemes, rankings and a unit's scores
    MANAGE_ASSESSMENT = "manage_assessment"  # define schemes, review, register bonuses, move the flow
    SELF_ASSESS = "self_assess"  # a unit's own self-assessment and appeals
    # 逐级分解: a unit's supervisor turns the unit's assignment into its own sub-plan for the units below
    CASCADE_ASSIGNMENT = "cascade_assignment"
    # Registers (luoshi/registers)
    VIEW_RISK = "view_risk"  # read the risk register: the deploying unit's, or the risks a unit owns
    MANAGE_RISK = "manage_risk"  # register a risk (it becomes a task of the year's risk plan)
    VIEW_REPRESENTATIVE = "view_representative"  # read the 党外代表人士 register (phone, ID number masked)
    MANAGE_REPRESENTATIVE = "manage_representative"  # add, import, move along the pipeline
    VIEW_PERSONAL_DATA = "view_personal_data"  # the full phone and ID number (every view audited)


class Scope(StrEnum):
    DEPLOYED = "deployed"  # the plan was deployed by the user's own unit
    DEPLOYED_BELOW = "deployed_below"  # deployed by the user's unit or a unit under it
    OWN_UNIT = "own_unit"  # assigned to the user's own unit, in a published plan


@dataclass(frozen=True)
class Grant:
    scope: Scope
    hides_drafts: bool = False  # report drafts in scope stay hidden (they are the unit's unfinished work)
    # 上下联动: also the plans cascaded (逐级分解) from the scope's plans, down every level
    with_cascade: bool = False
    # also the work assigned to the user's own unit in published plans (a district sees the city's tasks)
    with_assigned: bool = False
    # 左右协同: also what the other units of a task the user's unit shares (lead and co) submitted on it
    with_partners: bool = False


POLICY: dict[Action, dict[str, Grant]] = {
    # Supervisors and leaders also read the chain cascaded below their plans (上下联动), and the upper
    # plans' work assigned to their own unit (what their unit was given to break down).
    Action.VIEW_PLAN: {
        Role.SUPERVISOR: Grant(Scope.DEPLOYED, with_cascade=True, with_assigned=True),
        Role.LEADER: Grant(Scope.DEPLOYED_BELOW, with_cascade=True, with_assigned=True),
        Role.LIAISON: Grant(Scope.OWN_UNIT),
    },
    Action.EDIT_PLAN: {Role.SUPERVISOR: Grant(Scope.DEPLOYED)},
    Action.VIEW_ASSIGNMENT: {
        Role.SUPERVISOR: Grant(Scope.DEPLOYED, with_cascade=True, with_assigned=True),
        Role.LEADER: Grant(Scope.DEPLOYED_BELOW, with_cascade=True, with_assigned=True),
        Role.LIAISON: Grant(Scope.OWN_UNIT),
    },
    Action.WORK_ASSIGNMENT: {Role.LIAISON: Grant(Scope.OWN_UNIT)},
    Action.VIEW_REPORT: {
        # A draft is the unit's unfinished work: only its own liaison reads it. The lead and co units of a
        # task read each other's submitted reports on that task (左右协同), on no other task.
        Role.SUPERVISOR: Grant(Scope.DEPLOYED, hides_drafts=True, with_cascade=True),
        Role.LEADER: Grant(Scope.DEPLOYED_BELOW, hides_drafts=True, with_cascade=True),
        Role.LIAISON: Grant(Scope.OWN_UNIT, with_partners=True),
    },
    Action.REVIEW_REPORT: {Role.SUPERVISOR: Grant(Scope.DEPLOYED)},
    Action.EDIT_DRAFT: {Role.SUPERVISOR: Grant(Scope.DEPLOYED)},
    Action.APPROVE_ITEM: {Role.LEADER: Grant(Scope.DEPLOYED_BELOW)},
    # Assessment: a liaison reads only its own unit's assessment (schemes and rankings have no unit).
    Action.VIEW_ASSESSMENT: {
        Role.SUPERVISOR: Grant(Scope.DEPLOYED),
        Role.LEADER: Grant(Scope.DEPLOYED_BELOW),
        Role.LIAISON: Grant(Scope.OWN_UNIT),
    },
    Action.MANAGE_ASSESSMENT: {Role.SUPERVISOR: Grant(Scope.DEPLOYED)},
    Action.SELF_ASSESS: {Role.LIAISON: Grant(Scope.OWN_UNIT)},
    Action.CASCADE_ASSIGNMENT: {Role.SUPERVISOR: Grant(Scope.OWN_UNIT)},
    Action.VIEW_RISK: {
        Role.SUPERVISOR: Grant(Scope.DEPLOYED),
        Role.LEADER: Grant(Scope.DEPLOYED_BELOW),
        Role.LIAISON: Grant(Scope.OWN_UNIT),
    },
    Action.MANAGE_RISK: {Role.SUPERVISOR: Grant(Scope.DEPLOYED)},
    Action.VIEW_REPRESENTATIVE: {
        Role.SUPERVISOR: Grant(Scope.DEPLOYED),
        Role.LEADER: Grant(Scope.DEPLOYED_BELOW),
    },
    Action.MANAGE_REPRESENTATIVE: {Role.SUPERVISOR: Grant(Scope.DEPLOYED)},
    Action.VIEW_PERSONAL_DATA: {Role.SUPERVISOR: Grant(Scope.DEPLOYED)},
}

DENIED = {
    Action.VIEW_PLAN: "无权查看该工作部署。",
    Action.EDIT_PLAN: "无权修改该工作部署：只有部署单位的督办员可以操作。",
    Action.VIEW_ASSIGNMENT: "无权查看该交办事项。",
    Action.WORK_ASSIGNMENT: "无权办理该任务：只有承办单位的联络员可以签收和报送。",
    Action.VIEW_REPORT: "无权查看该报告。",
    Action.REVIEW_REPORT: "无权审核该报告：只有部署单位的督办员可以采纳或退回。",
    Action.EDIT_DRAFT: "无权编辑该导入草稿：只有部署单位的督办员可以操作。",
    Action.APPROVE_ITEM: "无权审核该督办事项：只有督办单位的领导可以审核。",
    Action.VIEW_ASSESSMENT: "无权查看该考核结果。",
    Action.MANAGE_ASSESSMENT: "无权操作考核：只有部署单位的督办员可以制定方案、审核评分和登记加扣分。",
    Action.SELF_ASSESS: "无权自评或申请复核：只有被考核单位的联络员可以操作。",
    Action.CASCADE_ASSIGNMENT: "无权分解该任务：只有承办单位的督办员可以把本单位承担的任务分解到下级单位。",
    Action.VIEW_RISK: "无权查看该风险。",
    Action.MANAGE_RISK: "无权登记风险：只有部署单位的督办员可以操作。",
    Action.VIEW_REPRESENTATIVE: "无权查看党外代表人士名册。",
    Action.MANAGE_REPRESENTATIVE: "无权修改党外代表人士名册：只有管理单位的督办员可以操作。",
    Action.VIEW_PERSONAL_DATA: "无权查看完整的联系电话和身份证号码：只有管理单位的督办员可以查看。",
}


@dataclass(frozen=True)
class AccessPaths:
    """Where a model finds what the scopes ask about, as ORM lookups from the model."""

    deploying_unit: str  # the deploying unit's foreign key
    plan_status: str | None = None  # the plan's status; None for objects that are not in a plan yet
    unit: str | None = None  # the unit the work is assigned to; None where there is none
    to_many: bool = False  # whether `unit` crosses a one-to-many relation (then rows are made distinct)
    report_status: str | None = None  # for reports and their evidence: the report's status
    cascade_units: str | None = None  # the plan's `cascade_units` (units deploying the plans above it)
    partner_unit: str | None = None  # the units of every assignment on the same task (to-many)


def _own_unit(user, paths: AccessPaths) -> Q | None:
    if paths.unit is None or paths.plan_status is None:
        return None
    return Q(**{f"{paths.unit}_id": user.unit_id, paths.plan_status: "published"})


def _in_scope(user, grant: Grant, paths: AccessPaths, include_assigned: bool = True) -> Q | None:
    if grant.scope == Scope.DEPLOYED:
        q = Q(**{f"{paths.deploying_unit}_id": user.unit_id})
    elif grant.scope == Scope.DEPLOYED_BELOW:
        q = Q(**{f"{paths.deploying_unit}__in": Unit.objects.subtree(user.unit)})
    else:  # OWN_UNIT
        q = _own_unit(user, paths)
        if q is None:
            return None
    if grant.with_cascade and paths.cascade_units:
        q |= Q(**{f"{paths.cascade_units}__contains": f"/{user.unit_id}/"})
    if include_assigned and grant.with_assigned and (assigned := _own_unit(user, paths)) is not None:
        q |= assigned
    if grant.with_partners and paths.partner_unit and paths.plan_status:
        partners = Q(**{f"{paths.partner_unit}_id": user.unit_id, paths.plan_status: "published"})
        if paths.report_status:  # another unit's draft stays its own
            partners &= ~Q(**{paths.report_status: "draft"})
        q |= partners
    if grant.hides_drafts and paths.report_status:
        q &= ~Q(**{paths.report_status: "draft"})
    return q


def grant_for(user, action: Action) -> Grant | None:
    """The user's grant for `action`, or None. A business role without a unit holds none."""
    if not getattr(user, "is_authenticated", False) or user.unit_id is None:
        return None
    return POLICY[action].get(user.role)


def restrict(user, action: Action, queryset: QuerySet, *, include_assigned: bool = True) -> QuerySet:
    """`queryset` narrowed to the objects `user` may act on by `action` (empty when none).
    `include_assigned=False` leaves out what the user reaches only because it is assigned to their unit
    (a whole upper plan is not theirs to read or export because one of its tasks is)."""
    grant = grant_for(user, action)
    if grant is None:
        return queryset.none()
    paths: AccessPaths = queryset.model.access_paths
    q = _in_scope(user, grant, paths, include_assigned)
    if q is None:
        return queryset.none()
    queryset = queryset.filter(q)
    crosses_many = paths.to_many and (
        grant.scope == Scope.OWN_UNIT or (grant.with_assigned and include_assigned)
    )
    if crosses_many or (grant.with_partners and paths.partner_unit is not None):
        return queryset.distinct()
    return queryset


def allows(user, action: Action, obj) -> bool:
    return restrict(user, action, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def may_deploy(user, action: Action, unit: Unit) -> bool:
    """Whether `user` may do `action` for plans (or drafts) that `unit` deploys, before any exists."""
    grant = grant_for(user, action)
    if grant is None:
        return False
    if grant.scope == Scope.DEPLOYED:
        return unit.pk == user.unit_id
    if grant.scope == Scope.DEPLOYED_BELOW:
        return Unit.objects.subtree(user.unit).filter(pk=unit.pk).exists()
    return False


def _refuse(actor, action: Action, obj) -> None:
    """Record the refused act (等保: refusals are audited like acts) and raise. Services call `require`
    before they open their own transaction, so the entry stays when the act is refused."""
    message = DENIED[action]
    record(
        actor,
        "access_denied",
        obj,
        after={"action": str(action), "reason": message},
        summary=f"拒绝操作：{action.value}（{message[:60]}）",
    )
    raise AccessDenied(message)


def require_deploying(actor, action: Action, unit: Unit) -> None:
    """`require` for an act that creates something `unit` deploys (a plan, an intake draft)."""
    if actor.user is not None and not may_deploy(actor.user, action, unit):
        _refuse(actor, action, unit)


def require(actor, action: Action, obj) -> None:
    """Raise `AccessDenied` unless the actor may do `action` to `obj`. The system (commands, the demo
    loader: an actor whose user is None) may do anything; an anonymous visitor may do nothing."""
    if actor.user is None:
        return
    if not allows(actor.user, action, obj):
        _refuse(actor, action, obj)
