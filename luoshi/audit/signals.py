"""Signing in, signing out and failed sign-ins go into the audit record (django.contrib.auth signals)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import Actor, record


def _ip(request) -> str | None:
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    record(Actor(user, _ip(request)), "login", user, summary=f"登录：{user.username}")


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is None:  # signing out without being signed in
        return
    record(Actor(user, _ip(request)), "logout", user, summary=f"退出登录：{user.username}")


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    tried = str(credentials.get(User.USERNAME_FIELD) or "")[:150]
    account = User.objects.filter(**{User.USERNAME_FIELD: tried}).first() if tried else None
    visitor = getattr(request, "user", None) if request is not None else None
    record(
        Actor(visitor, _ip(request)),
        "login_failed",
        account,
        after={"username": tried, "account_exists": account is not None},
        summary=f"登录失败：用户名“{tried}”",
    )
