"""Login lockout, counted by django-axes: the refusal page (in Chinese, with the time to retry), the
security administrator's unlock, and the lockout's audit entry (failures are recorded by luoshi.audit)."""

from __future__ import annotations

from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from luoshi.audit.services import Actor, record
from luoshi.lib.cndates import cn_datetime


def retry_at(username: str | None, address: str | None) -> datetime:
    """When the lock on this account or address ends: the cool-off after the last counted failure."""
    matching = Q(username=username) if username else Q()
    if address:
        matching |= Q(ip_address=address)
    last = (
        AccessAttempt.objects.filter(matching).aggregate(last=Max("attempt_time"))["last"]
        if matching
        else None
    )
    return (last or timezone.now()) + get_cool_off()


def locked_out_response(request, original_response=None, credentials=None):
    username = (credentials or {}).get("username") or request.POST.get("username")
    until = retry_at(username, getattr(request, "axes_ip_address", None))
    return render(
        request,
        "org/locked_out.html",
        {
            "retry_at": cn_datetime(timezone.localtime(until)),
            "minutes": int(get_cool_off().total_seconds() // 60),
        },
        status=403,
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def record_lockout(sender, request, username, ip_address, **kwargs):
    User = get_user_model()
    account = User.objects.filter(username=username).first() if username else None
    record(
        Actor(None, ip_address),
        "login_locked_out",
        account,
        after={"username": str(username or "")[:150], "address": ip_address},
        summary=f"登录被锁定：用户名“{username or ''}”，来源地址 {ip_address}",
    )


def unlock(username: str) -> int:
    """Clear the counted failures of one account (and so of the addresses they came from)."""
    return reset(username=username)
