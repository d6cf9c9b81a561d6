"""The leader's dashboard (领导驾驶舱): where a plan stands, for leaders in scope and the deploying
unit's supervisors. Read-only; every figure comes from `luoshi.supervise.queries`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from luoshi.core.htmx import wants_partial
from luoshi.lib.cndates import cn_period_short
from luoshi.lib.ids import parse_int
from luoshi.org.permissions import role_required

from . import queries


def _int_param(request: HttpRequest, name: str, default: int | None = None) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return default
    if not value.removeprefix("-").isdigit():
        raise Http404("参数无效")
    return parse_int(value, what="页面参数")  # a number no database holds: 400


def _chart_data(board: queries.Dashboard) -> dict:
    """The figures the ECharts script draws; the same numbers are in the tables on the page."""
    return {
        "lines": {
            "labels": [f"{row['code']} {row['title']}" for row in board.lines],
            "progress": [float(row["progress"]) for row in board.lines],
            "lights": [row["light"] for row in board.lines],
        },
        "trend": {
            "labels": [cn_period_short(row["period"]) for row in board.trend],
            "accepted": [row["accepted"] for row in board.trend],
            "mean": [
                float(row["mean_percent"]) if row["mean_percent"] is not None else None for row in board.trend
            ],
        },
    }


def _units_chart(rows: list[dict]) -> dict:
    return {
        "labels": [row["name"] for row in rows],
        "progress": [float(row["mean_progress"]) for row in rows],
    }


@role_required("leader", "supervisor")
def dashboard(request: HttpRequest) -> HttpResponse:
    """One plan's dashboard; `?plan=` picks the plan (default: the latest published in scope) and
    `?units_page=` the page of the by-unit table (htmx swaps just that panel)."""
    plans = queries.dashboard_plans(request.user)
    plan_id = _int_param(request, "plan")
    if plan_id is not None:
        plan = get_object_or_404(plans.select_related("deploying_unit"), pk=plan_id)
    else:
        plan = queries.default_plan(
            plans.select_related("deploying_unit"), request.user, timezone.localdate()
        )
    context = {"plans": plans.only("id", "year", "title", "status"), "plan": plan}
    if plan is None:
        return render(request, "supervise/dashboard.html", context)

    today = timezone.localdate()
    units_page = max(1, _int_param(request, "units_page", 1))
    if wants_partial(request, target="units"):
        rows, total, units_page = queries.units(plan, units_page)
        board = {
            "units": rows,
            "units_total": total,
            "units_page": units_page,
            "units_pages": max(1, -(-total // queries.UNITS_PER_PAGE)),
        }
        context = {"plan": plan, "board": board, "units_chart": _units_chart(rows)}
        return render(request, "supervise/_units.html", context)

    board = queries.dashboard(plan, today, units_page)
    context.update(board=board, chart_data=_chart_data(board), units_chart=_units_chart(board.units))
    return render(request, "supervise/dashboard.html", context)
