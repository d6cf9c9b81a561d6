"""The assign page (交办): tick lead and co units for a task from the units under the deploying unit.

At province scale the deploying unit's subtree holds thousands of units, so the list is narrowed by unit
kind and a name search (GET `kind`, `q`; the filter form swaps the list by htmx and still works as a plain
GET without JavaScript). Units that are ticked — assigned now, or ticked on the page but not yet saved,
which the htmx filter sends along as `lead`/`co` with `picked=1` — are always listed, so narrowing the list
never drops a choice. Without a filter at most SHOW_LIMIT units are listed, with a note to narrow it.

Queries do not grow with the number of units: the kinds with their counts, the matching units (limited),
the ticked units.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from luoshi.audit.services import Actor
from luoshi.core.htmx import wants_partial
from luoshi.lib.ids import parse_ids
from luoshi.org.models import Unit
from luoshi.org.permissions import role_required

from .. import services
from ..forms import AssignForm
from ..models import Assignment, Task
from .plans import SUPERVISOR
from .tasks import _back_to, editable_task

SHOW_LIMIT = 200  # rows a page lists before asking for a narrower filter; ticked units come on top
KIND_ORDER = [kind for kind, _ in Unit.Kind.choices]
KIND_LABELS = dict(Unit.Kind.choices)


def _kind_rank() -> Case:
    """The kinds in the order Unit.Kind lists them (部门, 区, …, 社区/村), as the page groups them."""
    return Case(
        *(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )


def _name_matches(q: str) -> Q:
    return Q(name__icontains=q) | Q(short_name__icontains=q) | Q(aliases__icontains=q)


def _ids(values: list[str]) -> set[int]:
    return parse_ids(values, what="单位")


class UnitFilter:
    """The kind and name narrowing of the unit list, read from GET."""

    def __init__(self, data, kinds: dict[str, int]):
        kind = data.get("kind", "")
        self.kind = kind if kind in kinds else ""
        self.q = data.get("q", "").strip()[:50]
        self.kinds = [(k, KIND_LABELS.get(k, k), kinds[k]) for k in KIND_ORDER if k in kinds]
        self.total = sum(kinds.values())

    @property
    def active(self) -> bool:
        return bool(self.kind or self.q)

    def apply(self, units: QuerySet) -> QuerySet:
        if self.kind:
            units = units.filter(kind=self.kind)
        if self.q:
            units = units.filter(_name_matches(self.q))
        return units

    def query_string(self) -> str:
        return urlencode({k: v for k, v in (("kind", self.kind), ("q", self.q)) if v})


def unit_rows(
    task: Task, unit_filter: UnitFilter, lead: set[int], co: set[int], acknowledged: set[int]
) -> tuple[list[tuple[str, list[dict]]], int, bool]:
    """Rows grouped by kind in official order: units matching the filter (up to SHOW_LIMIT) plus every
    ticked unit. Returns (groups, number of units matching, whether the list was cut short)."""
    subtree = Unit.objects.subtree(task.plan.deploying_unit).annotate(kind_rank=_kind_rank())
    ordering = ("kind_rank", "order", "id")
    matching = unit_filter.apply(subtree)
    shown = list(matching.order_by(*ordering)[: SHOW_LIMIT + 1])
    cut = len(shown) > SHOW_LIMIT
    shown = shown[:SHOW_LIMIT]
    count = len(shown) if not cut else matching.count()
    ticked = (lead | co) - {u.pk for u in shown}
    if ticked:
        shown += list(subtree.filter(pk__in=ticked))
    shown.sort(key=lambda u: (u.kind_rank, u.order, u.pk))
    groups: list[tuple[str, list[dict]]] = []
    for unit in shown:
        label = KIND_LABELS.get(unit.kind, unit.kind)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(
            {
                "unit": unit,
                "lead": unit.pk in lead,
                "co": unit.pk in co,
                "acknowledged": unit.pk in acknowledged,
                "outside_filter": unit.pk in ticked,
            }
        )
    return groups, count, cut


@role_required(SUPERVISOR)
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose lead and co units from the units under the deploying unit, grouped by kind, official order."""
    task = editable_task(request, pk)
    current = list(task.assignments.all())
    initial = {
        "lead": [a.unit_id for a in current if a.role == Assignment.Role.LEAD],
        "co": [a.unit_id for a in current if a.role == Assignment.Role.CO],
    }
    form = AssignForm(task, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(
                Actor.from_request(request),
                task,
                lead_units=list(form.cleaned_data["lead"]),
                co_units=list(form.cleaned_data["co"]),
            )
        except services.ServiceError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"已交办任务 {task.code}。")
            return redirect(_back_to(task))
    # Ticked boxes: what was posted on a failed submit, what the page had ticked when the filter changed,
    # otherwise what is assigned now.
    if form.is_bound:
        lead, co = _ids(request.POST.getlist("lead")), _ids(request.POST.getlist("co"))
    elif request.GET.get("picked"):
        lead, co = _ids(request.GET.getlist("lead")), _ids(request.GET.getlist("co"))
    else:
        lead, co = set(initial["lead"]), set(initial["co"])
    kinds = dict(
        Unit.objects.subtree(task.plan.deploying_unit).order_by().values_list("kind").annotate(n=Count("id"))
    )
    unit_filter = UnitFilter(request.GET, kinds)
    groups, count, cut = unit_rows(
        task, unit_filter, lead, co, {a.unit_id for a in current if a.is_acknowledged}
    )
    context = {
        "plan": task.plan,
        "task": task,
        "form": form,
        "groups": groups,
        "filter": unit_filter,
        "match_count": count,
        "cut": cut,
        "show_limit": SHOW_LIMIT,
    }
    if wants_partial(request):
        response = render(request, "plans/_assign_units.html", context)
        patch_vary_headers(response, ["HX-Request"])
        # The address bar keeps the filter but not the unsaved ticks, so a reload shows what is saved.
        response["HX-Push-Url"] = request.path + (f"?{qs}" if (qs := unit_filter.query_string()) else "")
        return response
    response = render(request, "plans/task_assign.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
