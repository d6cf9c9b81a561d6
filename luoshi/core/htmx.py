"""Pages that answer htmx with a part of themselves."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_partial(request: HttpRequest, target: str | None = None) -> bool:
    """Whether to answer with the partial: an htmx request that is neither a boosted navigation nor a
    history restore (the back button after the cache expired needs the whole page), aimed at `target`
    when one is named."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.boosted or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def render_page_or_partial(
    request: HttpRequest, page: str, partial: str, context: dict, target: str | None = None
) -> HttpResponse:
    """The whole `page`, or only `partial` for htmx; either way varying on HX-Request, so a cache never
    serves the partial as the page."""
    response = render(request, partial if wants_partial(request, target) else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
