"""Session policy: an idle timeout (SESSION_IDLE_SECONDS, 30 minutes), an absolute limit
(SESSION_COOKIE_AGE, 12 hours, counted from the login), optionally one session per account
(SESSION_SINGLE_PER_ACCOUNT: a new login ends the old one), and logout everywhere.

Each session remembers when it started, when it was last used and the account's session generation at
login. Ending every session of an account is one increment of `User.session_generation`: sessions carrying
an older generation are ended at their next request, wherever they are stored."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.db.models import F
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

from .models import User

STARTED, SEEN, GENERATION = "luoshi_started", "luoshi_seen", "luoshi_generation"
# The last-used stamp is rewritten at most this often, so reading a page does not write the session each time.
SEEN_RESOLUTION = 60


def end_all_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


@receiver(user_logged_in, dispatch_uid="session_policy_login")
def stamp_session(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if settings.SESSION_SINGLE_PER_ACCOUNT:
        end_all_sessions(user)
    now = int(time.time())
    request.session[STARTED] = request.session[SEEN] = now
    request.session[GENERATION] = user.session_generation


def expiry_reason(session, user, now: int) -> str | None:
    """Why this session must end now, in Chinese; None while it is still good."""
    if session.get(GENERATION, 0) != user.session_generation:
        return "您的账号已在别处登录或被安全管理员注销了会话，请重新登录。"
    if now - session.get(STARTED, now) > settings.SESSION_COOKIE_AGE:
        return f"登录已超过 {settings.SESSION_COOKIE_AGE // 3600} 小时，请重新登录。"
    if now - session.get(SEEN, now) > settings.SESSION_IDLE_SECONDS:
        return f"超过 {settings.SESSION_IDLE_SECONDS // 60} 分钟没有操作，已自动退出，请重新登录。"
    return None


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            reason = expiry_reason(request.session, user, now)
            if reason:
                path = request.get_full_path()
                logout(request)
                messages.warning(request, reason)
                login = reverse("admin:login") if request.path.startswith("/admin/") else reverse("login")
                return redirect(f"{login}?next={path}")
            if STARTED not in request.session:  # a session from before this policy: it starts counting now
                request.session[STARTED] = now
            if now - request.session.get(SEEN, 0) >= SEEN_RESOLUTION:
                request.session[SEEN] = now
        return self.get_response(request)
