"""The REST API (django-ninja) at /api/: plans, tasks, assignments, reports (read, and submit for a unit's
liaison), units and 督办事项 (read, for supervisors and leaders as on the pages), authenticated by per-user
tokens.

Every list and getter starts from the same scoped querysets as the pages (`visible_to`, one line each over
the policy table in `luoshi.org.access`), and every write goes through the same services, so a token gets
exactly what its owner gets on the pages. Errors answer in Chinese: {"detail": "…", "code": "…"}.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from luoshi.audit.services import Actor
from luoshi.items.models import Item
from luoshi.items.services import task_light
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.registers.models import Representative, Risk
from luoshi.registers.querysets import (
    filter_representatives,
    filter_risks,
    representatives_visible_to,
    risks_visible_to,
)
from luoshi.reports import services as report_services
from luoshi.reports.models import Report

from .models import ApiToken, digest

PAGE_SIZE = 50
MAX_ID = 2**63 - 1  # the largest id a database key holds: larger ones are refused as invalid, not a 500
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
MAX_PAGE = 100_000  # 5 million rows at 50 a page: past any real list, and an offset every database holds
MAX_PAGE_SIZE = 100
LAST_USED_EVERY = 60  # seconds: a token's last use is written at most this often


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ls_…`: a usable token of an active account."""

    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.usable()
            .select_related("user", "user__unit")
            .filter(key_hash=digest(token))
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="落实 接口",
    version="1",
    description="工作部署、任务、交办、进度报送和单位。令牌在“接口令牌”页面创建，请求时放在 Authorization: Bearer 头中。",
    auth=TokenAuth(),
    urls_namespace="api",
    throttle=[AuthRateThrottle("600/m")],
)


def _error(request, message: str, code: str, status: int):
    return api.create_response(request, {"detail": message, "code": code}, status=status)


@api.exception_handler(AccessDenied)
def _access_denied(request, exc: AccessDenied):
    return _error(request, exc.message, exc.code, 403)


@api.exception_handler(ServiceError)
def _refused(request, exc: ServiceError):
    return _error(request, exc.message, exc.code, 400)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, "没有找到，或不在您的权限范围内。", "not_found", 404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, "未提供有效的接口令牌，或令牌已撤销、已过期、账号已停用。", "unauthenticated", 401)


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    return _error(request, "请求太频繁，请稍后再试。", "throttled", 429)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    """The framework's own refusals (a body that is not JSON, …) said in Chinese."""
    if exc.status_code == 400:
        return _error(request, "请求体不是合法的 JSON 对象。", "bad_body", 400)
    return _error(request, "请求被拒绝。", "refused", exc.status_code)


ERROR_WORDS = {
    "missing": "缺少该字段",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "decimal_parsing": "应为数字",
    "float_parsing": "应为数字",
    "string_type": "应为文本",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "string_too_long": "文本太长",
    "literal_error": "不是允许的取值",
    "json_invalid": "不是合法的 JSON",
    "model_attributes_type": "格式不对",
    "dict_type": "应为对象",
}


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors = [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": ERROR_WORDS.get(e.get("type", ""), "格式不对"),
        }
        for e in exc.errors
    ]
    where = "；".join(f"{'.'.join(e['loc'][1:]) or e['loc'][0]}：{e['msg']}" for e in errors[:5] if e["loc"])
    return api.create_response(
        request, {"detail": f"请求数据不符合要求：{where}", "code": "invalid", "errors": errors}, status=422
    )


class Pages(PageNumberPagination):
    """Page numbers 1…MAX_PAGE and sizes 1…MAX_PAGE_SIZE: anything larger is refused as invalid (422), never
    turned into an offset the database cannot hold (a 500 that schemathesis found)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，默认 {PAGE_SIZE}")

    def __init__(self, **kwargs):
        super().__init__(max_page_size=MAX_PAGE_SIZE, **kwargs)


# --- schemas ----------------------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None


class PlanOut(Schema):
    id: int
    year: int
    title: str
    kind: str
    status: str
    period: str
    deploying_unit_id: int
    published_at: datetime | None


class TaskOut(Schema):
    id: int
    plan_id: int
    parent_id: int | None
    code: str
    title: str
    tier: str
    is_guidance: bool
    weight: Decimal
    deadline: date | None
    deadline_text: str
    status: str
    progress: Decimal
    light: str
    is_overdue: bool
    days_overdue: int


class AssignmentOut(Schema):
    id: int
    task_id: int
    task_code: str = Field(alias="task.code")
    task_title: str = Field(alias="task.title")
    plan_id: int = Field(alias="task.plan_id")
    unit_id: int
    role: str
    acknowledged_at: datetime | None
    responsible_person: str
    progress: Decimal
    light: str
    due_on: date | None
    is_overdue: bool
    days_overdue: int
    latest_report_status: str


class ReportOut(Schema):
    id: int
    assignment_id: int
    period: str
    version: int
    status: str
    narrative: str
    percent: int
    submitted_at: datetime | None
    reviewed_at: datetime | None
    return_reason: str


class ItemOut(Schema):
    id: int
    number: str = Field(description="督办编号，如 督〔2026〕15号")
    year: int
    serial: int
    source: str
    urgency: str
    title: str
    content: str
    origin_author: str
    origin_date: date | None
    origin_title: str
    deploying_unit_id: int
    lead_unit_ids: list[int]
    co_unit_ids: list[int]
    time_limit_days: int
    due_on: date
    first_report_on: date | None
    status: str
    reviewed_at: datetime | None
    review_note: str
    plan_id: int | None
    task_id: int | None
    rating: str
    rounds: int

    @staticmethod
    def resolve_lead_unit_ids(obj) -> list[int]:
        return [u.pk for u in obj.lead_units.all()]

    @staticmethod
    def resolve_co_unit_ids(obj) -> list[int]:
        return [u.pk for u in obj.co_units.all()]


class ReportIn(Schema):
    period: str | None = Field(
        None, description="报送周期，如 2025-03 或 2025-Q1；不填为当前周期", max_length=10
    )
    narrative: str = Field(..., description="工作进展", max_length=20000)
    percent: int = Field(..., ge=0, le=100, description="完成进度（%）")
    values: dict[Id, Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]] = Field(
        default_factory=dict, description="量化指标编号 → 完成值"
    )


class AssignmentFilter(FilterSchema):
    plan: Annotated[Id | None, FilterLookup("task__plan_id")] = None
    light: str | None = None
    overdue: Annotated[bool | None, FilterLookup("is_overdue")] = None


class ReportFilter(FilterSchema):
    assignment: Annotated[Id | None, FilterLookup("assignment_id")] = None
    status: str | None = None
    period: str | None = None


class ItemFilter(FilterSchema):
    year: int | None = None
    status: str | None = None
    source: str | None = None
    urgency: str | None = None


class RiskOut(Schema):
    id: int
    year: int
    title: str
    area: Literal[tuple(Risk.Area.values)] = Field(description="风险领域")
    level: Literal[tuple(Risk.Level.values)] = Field(
        description="风险等级：major 重大、serious 较大、general 一般"
    )
    status: Literal[tuple(Risk.Status.values)] = Field(
        description="controlled 在控、resolved 已化解、withdrawn 已撤销"
    )
    description: str
    measures: str
    deploying_unit_id: int
    owner_unit_id: int
    task_id: int
    resolve_by: date | None = Field(alias="task.deadline", description="化解时限")
    light: Literal["green", "yellow", "red"] = Field(description="亮灯（含复查节点）")

    @staticmethod
    def resolve_light(risk: Risk) -> str:
        return task_light(risk.task, risk.task.milestones.all(), timezone.localdate()).light


class RepresentativeOut(Schema):
    """A person of the 党外代表人士 register. The phone and ID number only ever masked: the full values are
    shown on the page to the managing unit's supervisor, one audited view at a time."""

    id: int
    name: str
    workplace: str
    sector: Literal[tuple(Representative.Sector.values)] = Field(description="领域")
    category: Literal[tuple(Representative.Category.values)] = Field(description="类别")
    stage: Literal[tuple(Representative.Stage.values)] = Field(description="队伍阶段：储备、培养、使用、退出")
    deploying_unit_id: int
    unit_id: int | None = Field(description="推荐单位")
    phone_masked: str
    id_number_masked: str
    positions: str
    training: str


class RepresentativeQuery(Schema):
    sector: Literal[tuple(Representative.Sector.values)] | None = None
    category: Literal[tuple(Representative.Category.values)] | None = None
    stage: Literal[tuple(Representative.Stage.values)] | None = None


class RiskQuery(Schema):
    area: Literal[tuple(Risk.Area.values)] | None = None
    level: Literal[tuple(Risk.Level.values)] | None = None
    status: Literal[tuple(Risk.Status.values)] | None = None


# --- endpoints ----------------------------------------------------------------------------------------------

router = Router()


@router.get("/units", response=list[UnitOut], summary="单位（本单位及下级）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_units(request):
    user = request.user
    if user.unit_id is None or user.is_administrator:
        return Unit.objects.none()
    return Unit.objects.subtree(user.unit).official_order()


@router.get("/plans", response=list[PlanOut], summary="工作部署")
@paginate(Pages, page_size=PAGE_SIZE)
def list_plans(request):
    return Plan.objects.visible_to(request.user).order_by("-year", "-id")


@router.get("/plans/{plan_id}", response=PlanOut, summary="一个工作部署")
def get_plan(request, plan_id: Id):
    return get_object_or_404(Plan.objects.visible_to(request.user), pk=plan_id)


@router.get("/plans/{plan_id}/tasks", response=list[TaskOut], summary="工作部署的任务")
@paginate(Pages, page_size=PAGE_SIZE)
def list_tasks(request, plan_id: Id):
    get_object_or_404(Plan.objects.visible_to(request.user), pk=plan_id)
    return Task.objects.visible_to(request.user).filter(plan_id=plan_id).order_by("position", "id")


@router.get("/assignments", response=list[AssignmentOut], summary="交办（可按部署、亮灯、逾期筛选）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_assignments(request, filters: Query[AssignmentFilter]):
    rows = Assignment.objects.visible_to(request.user).select_related("task")
    return filters.filter(rows).order_by("task__plan_id", "task__position", "id")


@router.get("/assignments/{assignment_id}", response=AssignmentOut, summary="一个交办")
def get_assignment(request, assignment_id: Id):
    return get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("task"), pk=assignment_id
    )


@router.get("/reports", response=list[ReportOut], summary="进度报送（可按交办、状态、周期筛选）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_reports(request, filters: Query[ReportFilter]):
    return filters.filter(Report.objects.visible_to(request.user)).order_by("-period", "-version", "-id")


@router.get("/reports/{report_id}", response=ReportOut, summary="一份进度报送")
def get_report(request, report_id: Id):
    return get_object_or_404(Report.objects.visible_to(request.user), pk=report_id)


@router.post(
    "/assignments/{assignment_id}/reports", response={201: ReportOut}, summary="报送进度（承办单位联络员）"
)
def submit_report(request, assignment_id: Id, payload: ReportIn):
    """Write and submit the period's report in one call, through the same services as the page: the unit must
    have acknowledged (签收) the assignment, and a period already submitted or accepted is refused."""
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=assignment_id)
    actor = Actor.from_request(request)
    # Checked (and a refusal recorded) before the transaction, which a refusal would roll back.
    access.require(actor, Action.WORK_ASSIGNMENT, assignment)
    with transaction.atomic():
        report = report_services.start_report(actor, assignment, period=payload.period)
        report = report_services.save_draft(
            actor,
            report,
            revision=report.revision,
            narrative=payload.narrative,
            percent=payload.percent,
            values=payload.values,
        )
        report = report_services.submit_report(actor, report, revision=report.revision)
    return Status(201, report)


ITEM_ROLES_ONLY = "只有督办员和领导可以查看督办事项。"


def _items(request):
    """The items the token's owner sees on the 督办事项 pages: supervisors and leaders, in their scope."""
    user = request.user
    if not (user.is_supervisor or user.is_leader):
        raise AccessDenied(ITEM_ROLES_ONLY)
    return Item.objects.visible_to(user).prefetch_related("lead_units", "co_units")


@router.get("/items", response=list[ItemOut], summary="督办事项（可按年度、状态、来源、紧急程度筛选）")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_items(request, filters: Query[ItemFilter]):
    return filters.filter(_items(request)).order_by("-year", "-serial", "-id")


@router.get("/items/{item_id}", response=ItemOut, summary="一个督办事项")
def get_item(request, item_id: Id):
    return get_object_or_404(_items(request), pk=item_id)


def _risks(request):
    return risks_visible_to(request.user).select_related("task").prefetch_related("task__milestones")


@router.get("/risks", response=list[RiskOut], summary="风险防范台账（可按领域、等级、状态筛选）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_risks(request, filters: Query[RiskQuery]):
    return filter_risks(_risks(request), **filters.dict(exclude_none=True)).order_by("-year", "id")


@router.get("/risks/{risk_id}", response=RiskOut, summary="一项风险")
def get_risk(request, risk_id: Id):
    return get_object_or_404(_risks(request), pk=risk_id)


@router.get("/representatives", response=list[RepresentativeOut], summary="党外代表人士名册（号码脱敏）")
@paginate(Pages, page_size=PAGE_SIZE)
def list_representatives(request, filters: Query[RepresentativeQuery]):
    people = representatives_visible_to(request.user)
    return filter_representatives(people, **filters.dict(exclude_none=True)).order_by("id")


@router.get("/representatives/{representative_id}", response=RepresentativeOut, summary="一位党外代表人士")
def get_representative(request, representative_id: Id):
    return get_object_or_404(representatives_visible_to(request.user), pk=representative_id)


api.add_router("/", router)
