"""Role checks for views: `role_required("supervisor", "leader")`.

Roles gate which pages a person may open at all; which *objects* they see is decided by the
querysets (`visible_to`, `editable_by`), so a wrong role gets 403 and another unit's object a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def has_role(user, *roles: str) -> bool:
    """True when `user` is signed in, holds one of `roles` and (for business roles) belongs to a unit."""
    if not getattr(user, "is_authenticated", False) or user.role not in roles:
        return False
    # Business roles without a unit see nothing: treat them as lacking the role.
    return user.unit_id is not None or user.is_administrator


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    """The 403 page (templates/403.html), with an optional Chinese explanation."""
    return render(request, "403.html", {"message": message}, status=403)


def role_required(*roles: str) -> Callable:
    """Decorate a view so only people holding one of `roles` (User.Role values) reach it.

    Anonymous users are sent to the login page first (login_required); signed-in users without the
    role get 403 rendering templates/403.html.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not has_role(request.user, *roles):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
