"""Signed-in requests pass the account policies: a password that must change (first login, after an admin
reset, or expired) sends its owner to the change page before anything else."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from .passwords import must_change

# Pages a person who must change their password can still reach.
# The second factor's pages come first: its gate (org/twofactor.py) runs before this one.
OPEN_PATHS = ("/static/", "/logout/", "/admin/logout/", "/login/verify/", "/account/2fa/")


class PasswordPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and must_change(user):
            target = reverse("password_change")
            if request.path != target and not request.path.startswith(OPEN_PATHS):
                return redirect(f"{target}?next={request.path}")
        return self.get_response(request)
