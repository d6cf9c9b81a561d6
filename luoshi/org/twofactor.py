"""The second factor (等保2.0 身份鉴别: two kinds of credential): a TOTP authenticator app, with one-time
recovery codes, kept by django-otp (its TOTP and static-token plugins); the pages are ours, in Chinese.

Policy, from settings:

* `TWO_FACTOR` ("required", "optional" or "off", env LUOSHI_2FA): with "required", the roles in
  `TWO_FACTOR_ROLES` (env LUOSHI_2FA_ROLES; default the three administrators) must enrol before anything
  else; everyone else may. With "optional" nobody must. With "off" no code is asked.
* Whoever has a confirmed authenticator is asked for a code after the password, at every login.

The stage a session is in is decided once, at login, and kept in the session (`STAGE`), so ordinary
requests cost no query. A wrong code counts toward the login lockout (django-axes) like a wrong password,
and the lockout's counter is cleared only when the whole login — password and code — succeeds.
"""

from __future__ import annotations

import math

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from luoshi.audit.services import Actor, record

from .recovery_codes import RecoveryCodeDevice
from .sessions import end_all_sessions

STAGE = "luoshi_2fa"
PENDING_KEY = "luoshi_2fa_pending"
VERIFY, ENROL, DONE = "verify", "enrol", "done"
RECOVERY_CODES = 10


def is_required(user) -> bool:
    """Whether this account must use a second factor under the configured policy."""
    if settings.TWO_FACTOR != "required":
        return False
    return user.role in settings.TWO_FACTOR_ROLES or user.is_superuser


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def stage_for(user) -> str:
    if settings.TWO_FACTOR == "off":
        return DONE
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    return ENROL if is_required(user) else DONE


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def clear_failures(request, user) -> None:
    """The whole login succeeded: forget its counted failures (django-axes, for this account and address)."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, _credentials(user))


@receiver(user_logged_in, dispatch_uid="second_factor_stage")
def decide_stage(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(DEVICE_ID_SESSION_KEY, None)  # a code is proved afresh at every login
    stage = stage_for(user)
    request.session[STAGE] = stage
    if stage != VERIFY:
        clear_failures(request, user)


def verified(request, device) -> None:
    """The code was right: the session is verified by `device` and the login is complete."""
    otp_login(request, device)
    request.session[STAGE] = DONE
    clear_failures(request, request.user)


def record_pass(request, user, device) -> None:
    """The login's second step passed: audited, saying whether a recovery code was spent."""
    how = "恢复码" if isinstance(device, RecoveryCodeDevice) else "身份验证器"
    record(
        Actor.from_request(request),
        "second_factor_passed",
        user,
        after={"with": "recovery_code" if isinstance(device, RecoveryCodeDevice) else "authenticator"},
        summary=f"双因素验证通过（{how}）：{user.get_username()}",
    )


def count_failure(request, user) -> bool:
    """A wrong code: audited, and counted toward the lockout. True when it locked the account."""
    record(
        Actor.from_request(request),
        "second_factor_failed",
        user,
        summary=f"双因素验证失败：{user.get_username()}",
    )
    AxesProxyHandler.user_login_failed(sender=match, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def is_locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, _credentials(user))


def wait_seconds(user) -> int:
    """How long django-otp still refuses to check this account's codes after recent wrong ones (0: not)."""
    totp = authenticator(user)
    if totp is None:
        return 0
    allowed, info = totp.verify_is_allowed()
    until = (info or {}).get("locked_until")
    return 0 if allowed or until is None else max(1, math.ceil((until - timezone.now()).total_seconds()))


def match(user, code: str):
    """The device a code proves (the authenticator, or a recovery code — which is then used up), or None."""
    code = "".join(code.split()).replace("-", "").lower()
    if not code:
        return None
    totp = authenticator(user)
    if code.isdigit() and totp is not None and totp.verify_token(code):
        return totp
    recovery = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and not code.isdigit() and recovery.verify_token(code):
        return recovery
    return None


# --- enrolment, recovery codes, reset -----------------------------------------------------------------------


def pending_authenticator(request) -> TOTPDevice:
    """The authenticator being set up, not yet saved: its random key waits in the session until the first
    code proves the app holds it (so opening the page writes nothing)."""
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = random_hex(20)
    return TOTPDevice(user=request.user, name="身份验证器", key=key, confirmed=False)


def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Save the pending authenticator once `code` is one it shows now; returns the new recovery codes, or
    None when the code is wrong."""
    code = "".join(code.split())
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    if not code.isdigit() or not totp.verify(int(code), device.tolerance):
        return None
    user = device.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.confirmed, device.last_t = True, totp.t()  # this code may not be used again
        device.save()
        codes = _recovery_codes(request, user, "second_factor_enrol", "启用双因素验证（身份验证器）")
    request.session.pop(PENDING_KEY, None)
    verified(request, device)
    return codes


def new_recovery_codes(request, user) -> list[str]:
    """A new set of recovery codes for a verified session; the old ones stop working."""
    with transaction.atomic():
        return _recovery_codes(request, user, "second_factor_recovery_codes", "重新生成双因素恢复码")


def _recovery_codes(request, user, action: str, summary: str) -> list[str]:
    record(Actor.from_request(request), action, user, summary=f"{summary}：{user.get_username()}")
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="恢复码", confirmed=True)
    return device.issue(RECOVERY_CODES)


def reset(actor: Actor, user, summary: str) -> None:
    """Delete an account's authenticator and recovery codes and end its sessions: at the next login it sets
    up a new authenticator (if it must). The 安全管理员 does this in the admin, the operator with
    `luoshi reset_second_factor` for an administrator's account."""
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        removed_codes, _ = RecoveryCodeDevice.objects.filter(user=user).delete()
        end_all_sessions(user)
        record(
            actor,
            "second_factor_reset",
            user,
            after={"devices_removed": removed + removed_codes},
            summary=summary,
        )


def grouped(code: str) -> str:
    """A recovery code or key in groups of four for reading aloud or copying by hand."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


# --- the gate ------------------------------------------------------------------------------------------------

OPEN_PATHS = ("/static/", "/logout/", "/admin/logout/")


class SecondFactorMiddleware:
    """After the password, a session whose stage is VERIFY reaches only the code page, and one whose stage is
    ENROL only the enrolment page, until it is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            stage = request.session.get(STAGE)
            if stage is None:  # a session from before the second factor was switched on
                stage = request.session[STAGE] = stage_for(user)
            if stage != DONE and not user.is_verified():
                target = reverse("second_factor_verify" if stage == VERIFY else "second_factor")
                if request.path != target and not request.path.startswith(OPEN_PATHS):
                    return redirect(f"{target}?next={request.path}")
        return self.get_response(request)
