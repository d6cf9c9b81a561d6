"""A refused form (CSRF failure) in Chinese with the person's navigation. Django's own handlers render
templates/404.html and templates/500.html; the 403 page is `luoshi.org.permissions.permission_denied`
(it also audits the refusal)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from an expired page (or another site) is refused, and says so.
    Rendered with the request, unlike Django's default, so the signed-in person keeps their navigation."""
    return render(request, "403_csrf.html", status=403)
