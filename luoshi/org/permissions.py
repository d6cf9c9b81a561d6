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

from luoshi.audit.services import Actor, record


def has_role(user, *roles: str) -> bool:
    """True when `user` is signed in, holds one of `roles` and (for business roles) belongs to a unit."""
    if not getattr(user, "is_authenticated", False) or user.role not in roles:
        return False
    # Business roles without a unit see nothing: treat them as lacking the role.
    return user.unit_id is not None or user.is_administrator


def forbidden(request: HttpRequest, message: str = "", *, reason: str = "") -> HttpResponse:
    """The 403 page (templates/403.html), with an optional Chinese explanation for the person; the
    refusal goes into the audit record with `reason` (or the message) — one insert, even on a GET."""
    why = reason or message or "无权访问"
    record(
        Actor.from_request(request),
        "access_denied",
        None,
        after={"method": request.method, "path": request.get_full_path()[:500], "reason": why},
        summary=f"拒绝访问：{request.method} {request.path[:200]}（{why[:60]}）",
    )
    return render(request, "403.html", {"message": message, "reason": reason}, status=403)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """handler403 (luoshi/urls.py): a PermissionDenied raised anywhere, the admin site included, is refused
    and recorded the same way."""
    return forbidden(request, reason=str(exception or "") or "无权执行此操作")


def role_required(*roles: str) -> Callable:
    """Decorate a view so only people holding one of `roles` (User.Role values) reach it.

    Anonymous users are sent to the login page first (login_required); signed-in users without the
    role get 403 rendering templates/403.html.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not has_role(request.user, *roles):
                return forbidden(request, reason=_missing_role(request.user, roles))
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def _missing_role(user, roles) -> str:
    from .models import User

    wanted = "、".join(str(User.Role(r).label) if r in User.Role.values else r for r in roles)
    if user.role in roles:
        return f"角色“{user.get_role_display()}”未归属任何单位（需要：{wanted}）"
    return f"角色“{user.get_role_display()}”无此权限（需要：{wanted}）"
