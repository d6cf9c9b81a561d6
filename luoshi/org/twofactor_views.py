"""Pages of the second factor: the code asked after the password, and each person's own enrolment page
(set up an authenticator app, see recovery codes once, make new ones). Policy and acts: org/twofactor.py."""

from __future__ import annotations

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from . import twofactor
from .lockout import locked_out_response
from .recovery_codes import RecoveryCode, RecoveryCodeDevice


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=32,
        error_messages={"required": "请输入验证码。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return reverse("home")
    return target


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: a code from the authenticator app, or one recovery code."""
    user = request.user
    if request.session.get(twofactor.STAGE) != twofactor.VERIFY or user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.get_username()}
        if twofactor.is_locked(request, user):
            logout(request)
            return locked_out_response(request, credentials=credentials)
        wait = twofactor.wait_seconds(user)
        if wait:
            form.add_error("code", f"输入过于频繁，请 {wait} 秒后再试。")
            return render(request, "org/second_factor_verify.html", {"form": form, "next": _next(request)})
        device = twofactor.match(user, form.cleaned_data["code"])
        if device is not None:
            twofactor.verified(request, device)
            twofactor.record_pass(request, user, device)
            if isinstance(device, RecoveryCodeDevice):
                left = device.remaining()
                messages.warning(
                    request, f"您用了一个恢复码登录，还剩 {left} 个。请尽快在“双因素验证”页面检查身份验证器。"
                )
            return redirect(_next(request))
        if twofactor.count_failure(request, user):
            logout(request)
            return locked_out_response(request, credentials=credentials)
        form.add_error("code", "验证码不正确或已过期，请重新输入。")
    return render(request, "org/second_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    """Each person's own page: set up an authenticator app (required roles are sent here until they do),
    or, once set up, make a new set of recovery codes."""
    user = request.user
    if settings.TWO_FACTOR == "off":
        return render(request, "org/second_factor.html", {"off": True})
    existing = twofactor.authenticator(user)
    action = request.POST.get("action")
    if existing is not None:
        if request.method == "POST" and action == "recovery" and user.is_verified():
            codes = twofactor.new_recovery_codes(request, user)
            return render(request, "org/second_factor_codes.html", {"codes": _shown(codes)})
        left = RecoveryCode.objects.filter(device__user=user).count()
        return render(
            request,
            "org/second_factor.html",
            {"enrolled": True, "left": left, "required": twofactor.is_required(user)},
        )
    device = twofactor.pending_authenticator(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and action == "confirm" and form.is_valid():
        codes = twofactor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request, "org/second_factor_codes.html", {"codes": _shown(codes), "next": _next(request)}
            )
        form.add_error("code", "验证码不正确：请确认手机时间准确，并输入身份验证器当前显示的 6 位数字。")
    return render(
        request,
        "org/second_factor.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
            "secret": twofactor.grouped(b32encode(device.bin_key).decode()),
            "required": twofactor.is_required(user),
            "next": _next(request) if request.GET.get("next") or request.POST.get("next") else "",
        },
    )


def _shown(codes: list[str]) -> list[str]:
    return [twofactor.grouped(c) for c in codes]
