"""The search page (搜索): one box for plans, tasks, reports and units, each kind on its own tab, paged."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from luoshi.lib.ids import parse_id
from luoshi.org.permissions import role_required

from . import queries
from .queries import Kind

PER_PAGE = 20


def _unit(request: HttpRequest, user):
    """The unit a search is narrowed to (`?unit=`), when the person may find it; None otherwise."""
    raw = request.GET.get("unit", "")
    if not raw.isdigit():
        return None
    return queries.units_in_scope(user).filter(pk=parse_id(raw, what="单位")).first()


@role_required("supervisor", "leader", "liaison")
def search(request: HttpRequest) -> HttpResponse:
    """`?q=` words (all must be found), `?kind=` the tab, `?unit=` one unit's things, `?page=`. With
    neither words nor unit the page shows the empty box. Queries: one count per kind and one page."""
    user = request.user
    query = " ".join(request.GET.get("q", "").split())[:200]
    terms = queries.terms_of(query)
    unit = _unit(request, user)
    context = {"query": query, "terms": terms, "unit": unit, "kinds": [], "page": None}
    if not terms and unit is None:
        return render(request, "search/search.html", context)
    found = queries.counts(user, terms, unit.pk if unit else None)
    allowed = [f.kind for f in found]
    wanted = request.GET.get("kind", "")
    if wanted in allowed:
        kind = Kind(wanted)
    else:  # the first tab with something in it
        kind = next((f.kind for f in found if f.count), allowed[0])
    results = queries.search(user, terms, kind, unit.pk if unit else None)
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    base = request.GET.copy()
    for name in ("page", "kind"):
        base.pop(name, None)
    context.update(kinds=found, kind=kind, page=page, base=base.urlencode())
    return render(request, "search/search.html", context)
