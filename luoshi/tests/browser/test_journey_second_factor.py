"""Signing in with a second factor, in a real browser (issue 13: TOTP for the administrators, optional for
others, with recovery codes): the 安全管理员 sets up an authenticator at first login by reading the key off
the page, keeps the recovery codes, and at the next login gives the code the app shows; a liaison who set
one up gives the code on a phone."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from luoshi.org.models import User

from .conftest import PASSWORD, PHONE, no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR = "required"
    settings.TWO_FACTOR_ROLES = ["sysadmin", "secadmin", "auditor"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a person takes longer than django-otp's pause after a wrong code


def code(key: bytes, steps_ahead: int = 0) -> str:
    """What an authenticator app holding `key` shows now (a code is accepted once: later logins take the
    next period's, which the server also accepts)."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_an_administrator_enrols_then_signs_in_with_a_code(transactional_db, person):
    User.objects.create_user("secadmin", password=PASSWORD, role=User.Role.SECADMIN, is_staff=True)
    admin = person("secadmin")
    page = admin.page
    expect(page.get_by_role("heading", name="双因素验证")).to_be_visible()
    expect(page.get_by_text("必须启用双因素验证")).to_be_visible()
    expect(page.locator("img.qr")).to_be_visible()
    admin.shot("enrol")
    key = b32decode(page.locator(".secret").inner_text().replace(" ", ""))
    page.get_by_label("验证码").fill(code(key))
    page.get_by_role("button", name="完成设置").click()
    expect(page.get_by_role("heading", name="恢复码")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    admin.shot("recovery-codes")
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page).to_have_title("管理 | 落实 系统管理")

    admin.go("/account/2fa/")
    expect(page.get_by_text("已启用")).to_be_visible()
    page.get_by_role("button", name="退出").click()
    admin.go("/login/")
    page.get_by_label("用户名").fill("secadmin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_label("验证码或恢复码")).to_be_visible()
    admin.shot("verify")
    page.get_by_label("验证码或恢复码").fill("000000" if code(key, 1) != "000000" else "000001")
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_text("验证码不正确或已过期")).to_be_visible()
    page.get_by_label("验证码或恢复码").fill(code(key, 1))
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_title("管理 | 落实 系统管理")
    assert not admin.errors


def test_a_liaison_gives_the_code_on_a_phone(transactional_db, person, liaison, own_assignment):
    device = TOTPDevice.objects.create(user=liaison, name="身份验证器", confirmed=True)
    phone = person("jiangan", viewport=PHONE, log_in=False)
    page = phone.page
    phone.go("/login/")
    page.get_by_label("用户名").fill("jiangan")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_label("验证码或恢复码")).to_be_visible()
    assert no_horizontal_scroll(page)
    phone.shot("verify-phone")
    page.get_by_label("验证码或恢复码").fill(code(device.bin_key))
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()  # signed in, on their tasks
    phone.go("/account/2fa/")
    expect(page.get_by_text("已启用")).to_be_visible()
    assert no_horizontal_scroll(page)
    phone.shot("manage-phone")
    assert not phone.errors
