"""The acts of this app that leave a trace: issuing a 通报 and exporting a table (each one audit entry)."""

from __future__ import annotations

from luoshi.audit.services import Actor, record
from luoshi.lib import periods
from luoshi.lib.errors import ServiceError
from luoshi.lib.gbt9704 import Layout, write_docx
from luoshi.lib.official import OfficialDocument
from luoshi.plans.export import division_table
from luoshi.plans.models import Plan

from . import bulletins, discipline, ledger, results, results_bulletin, score_table

KINDS = ("discipline", "results")
TABLES = ("tasks", "ledger", "scores")


def period_or_latest(plan: Plan, period: str | None) -> str:
    """`period` checked against the plan's reporting cycle, or the latest period with reports."""
    if period:
        if not periods.is_valid(period, plan.period):
            example = "2025-Q2" if plan.period == Plan.Period.QUARTERLY else "2025-06"
            raise ServiceError(f"报送周期“{period}”格式不对，应如 {example}。")
        return period
    latest = discipline.latest_period(plan)
    if latest is None:
        raise ServiceError("该工作部署还没有任何进度报送，无法生成通报或台账。")
    return latest


def discipline_document(plan: Plan, period: str | None = None) -> OfficialDocument:
    return bulletins.discipline_bulletin(discipline.compute(plan, period_or_latest(plan, period)))


def results_document(plan: Plan) -> OfficialDocument:
    """The results 通报 of `plan`'s final schemes; refused with the reason while none is final."""
    return results_bulletin.results_bulletin(results.compute(plan))


def bulletin_document(plan: Plan, kind: str, period: str | None = None) -> tuple[OfficialDocument, str]:
    """(the 通报 of `kind`, what it covers: the period for the discipline 通报, the year for the results)."""
    if kind == "results":
        return results_document(plan), str(plan.year)
    if kind == "discipline":
        period = period_or_latest(plan, period)
        return discipline_document(plan, period), period
    raise ServiceError(f"不认识的通报种类“{kind}”。")


def issue_bulletin(actor: Actor, plan: Plan, document: OfficialDocument, *, period: str, kind: str) -> bytes:
    """The 通报 laid out as .docx, with its audit entry."""
    data = write_docx(document, Layout())
    record(
        actor,
        "export_bulletin",
        plan,
        after={"kind": kind, "period": period, "title": document.title[:200]},
        summary=f"导出通报：{document.title}"[:300],
    )
    return data


def export_table(actor: Actor, plan: Plan, what: str, *, period: str | None = None) -> tuple[bytes, str]:
    """(.xlsx bytes, file name) of the 任务分解表 or a period's 进度台账, with its audit entry."""
    if what == "scores":
        data, name = score_table.score_workbook(plan), score_table.scores_title(plan)
    elif what == "tasks":
        data, name = division_table(plan), f"{plan.title}任务分解表"
    elif what == "ledger":
        period = period_or_latest(plan, period)
        data, name = ledger.ledger_workbook(plan, period), ledger.ledger_title(plan, period)
    else:
        raise ServiceError(f"不认识的报表“{what}”。")
    record(actor, "export_table", plan, after={"table": what, "period": period}, summary=f"导出{name}")
    return data, f"{name}.xlsx"
