"""The second factor (TOTP with recovery codes, django-otp): required for the administrators, optional for
others; wrong codes count toward the lockout; the 安全管理员 resets it; every act is audited."""

import re
import time

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from luoshi.audit.models import AuditEntry
from luoshi.org.models import RecoveryCode, RecoveryCodeDevice, User

pytestmark = pytest.mark.django_db
ADDRESS = "10.0.0.7"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR = "required"
    settings.TWO_FACTOR_ROLES = ["sysadmin", "secadmin", "auditor"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the lockout is what these tests count, not django-otp's delay


@pytest.fixture
def secadmin(db):
    return User.objects.create_user(
        "secadmin", password="luoshi-test", role=User.Role.SECADMIN, is_staff=True
    )


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or `steps_ahead` periods later: a code is used once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def pending(client, user) -> TOTPDevice:
    return TOTPDevice(user=user, key=client.session["luoshi_2fa_pending"])


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)


def password_login(client, username, password="luoshi-test"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def send_code(client, code):
    return client.post(reverse("second_factor_verify"), {"code": code}, REMOTE_ADDR=ADDRESS)


def test_an_administrator_must_enrol_before_anything_else(client, secadmin):
    response = password_login(client, "secadmin")
    assert response.status_code == 302
    page = client.get(reverse("admin:index"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("second_factor"))
    assert client.get(reverse("password_change")).status_code == 302
    enrol = client.get(reverse("second_factor"))
    body = enrol.content.decode()
    assert "必须启用双因素验证" in body and 'src="data:image/svg+xml' in body
    assert not TOTPDevice.objects.exists()  # nothing is saved until the first code proves the app has it
    device = pending(client, secadmin)
    wrong = client.post(reverse("second_factor"), {"action": "confirm", "code": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    done = client.post(reverse("second_factor"), {"action": "confirm", "code": code_for(device)})
    codes = re.findall(r"<code>([a-z2-7 ]+)</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("admin:index")).status_code == 200
    assert TOTPDevice.objects.get(user=secadmin).confirmed
    assert AuditEntry.objects.filter(action="second_factor_enrol", object_id=str(secadmin.pk)).exists()


def test_an_enrolled_account_gives_a_code_after_the_password(client, secadmin):
    device = enrolled(secadmin)
    password_login(client, "secadmin")
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("second_factor_verify"))
    wrong = send_code(client, "123456" if code_for(device) != "123456" else "654321")
    assert "验证码不正确或已过期" in wrong.content.decode()
    assert AuditEntry.objects.filter(action="second_factor_failed").count() == 1
    response = send_code(client, code_for(device))
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_code_is_asked_again_at_the_next_login(client, secadmin):
    device = enrolled(secadmin)
    password_login(client, "secadmin")
    send_code(client, code_for(device))
    client.post(reverse("logout"))
    password_login(client, "secadmin")
    assert client.get(reverse("admin:index")).status_code == 302


def test_wrong_codes_count_toward_the_lockout_with_the_passwords(client, secadmin):
    device = enrolled(secadmin)
    password_login(client, "secadmin", "wrong")
    password_login(client, "secadmin")
    for _ in range(3):
        send_code(client, "000000")
    response = send_code(client, "000001")  # the fifth failure of this login
    assert response.status_code == 403 and "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_locked_out").exists()
    # The right password and the right code no longer get in while the lock lasts.
    password_login(client, "secadmin")
    assert "_auth_user_id" not in client.session
    assert code_for(device)  # (the device is untouched)


def test_the_password_alone_does_not_clear_the_failed_codes(client, secadmin):
    """Otherwise whoever has the password could guess codes forever, four at a time."""
    enrolled(secadmin)
    password_login(client, "secadmin")
    for _ in range(4):
        send_code(client, "000000")
    password_login(client, "secadmin")
    response = send_code(client, "000000")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_completed_login_clears_the_count(client, secadmin):
    device = enrolled(secadmin)
    password_login(client, "secadmin")
    for _ in range(4):
        send_code(client, "000000")
    send_code(client, code_for(device))
    client.post(reverse("logout"))
    password_login(client, "secadmin")
    for _ in range(4):
        send_code(client, "000000")
    assert "_auth_user_id" in client.session  # four failures since the last complete login: not locked


def with_recovery_code(user, code: str) -> None:
    device = RecoveryCodeDevice.objects.create(user=user, name="恢复码", confirmed=True)
    RecoveryCode.objects.create(device=device, digest=make_password(code))


def test_a_recovery_code_works_once(client, secadmin):
    enrolled(secadmin)
    with_recovery_code(secadmin, "abcd2345")
    password_login(client, "secadmin")
    response = send_code(client, "ABCD 2345")
    assert response.status_code == 302
    passed = AuditEntry.objects.get(action="second_factor_passed")
    assert "恢复码" in passed.summary
    assert "还剩 0 个" in client.get(response["Location"], follow=True).content.decode()
    client.post(reverse("logout"))
    password_login(client, "secadmin")
    assert "验证码不正确" in send_code(client, "abcd2345").content.decode()


def test_new_recovery_codes_replace_the_old_ones(client, secadmin):
    device = enrolled(secadmin)
    with_recovery_code(secadmin, "abcd2345")
    password_login(client, "secadmin")
    send_code(client, code_for(device))
    page = client.post(reverse("second_factor"), {"action": "recovery"})
    assert len(re.findall(r"<code>", page.content.decode())) == 10
    assert RecoveryCode.objects.filter(device__user=secadmin).count() == 10
    assert not any(check_password("abcd2345", c.digest) for c in RecoveryCode.objects.all())
    assert AuditEntry.objects.filter(action="second_factor_recovery_codes").exists()


def test_business_users_may_enrol_and_are_then_asked(client, liaison):
    password_login(client, "jiangan")
    assert client.get(reverse("reports:my_tasks")).status_code == 200  # optional: walks in
    enrol = client.get(reverse("second_factor"))
    assert "必须启用" not in enrol.content.decode()
    device = pending(client, liaison)
    client.post(reverse("second_factor"), {"action": "confirm", "code": code_for(device)})
    client.post(reverse("logout"))
    password_login(client, "jiangan")
    assert client.get(reverse("reports:my_tasks")).status_code == 302
    send_code(client, code_for(device, steps_ahead=1))
    assert client.get(reverse("reports:my_tasks")).status_code == 200


def test_with_the_second_factor_off_no_code_is_asked(client, secadmin, settings):
    settings.TWO_FACTOR = "off"
    enrolled(secadmin)
    password_login(client, "secadmin")
    assert client.get(reverse("admin:index")).status_code == 200
    assert "未启用双因素验证" in client.get(reverse("second_factor")).content.decode()


def test_the_roles_that_must_enrol_are_a_setting(client, supervisor, settings):
    settings.TWO_FACTOR_ROLES = ["sysadmin", "secadmin", "auditor", "supervisor"]
    password_login(client, "duban")
    assert client.get(reverse("plans:list"))["Location"].startswith(reverse("second_factor"))


def test_the_security_administrator_resets_a_business_account(client, secadmin, liaison):
    enrolled(liaison)
    other = client_class_login(liaison)
    secadmin_device = enrolled(secadmin)
    password_login(client, "secadmin")
    send_code(client, code_for(secadmin_device))
    response = client.post(
        reverse("admin:org_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [liaison.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=liaison).exists()
    assert AuditEntry.objects.filter(action="second_factor_reset", object_id=str(liaison.pk)).exists()
    assert other.get(reverse("reports:my_tasks")).status_code == 302  # the liaison's sessions ended


def client_class_login(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    assert other.get(reverse("reports:my_tasks")).status_code in (200, 302)
    return other


def test_the_operator_resets_an_administrator_on_the_command_line(secadmin):
    enrolled(secadmin)
    call_command("reset_second_factor", "--username", "secadmin")
    assert not TOTPDevice.objects.filter(user=secadmin).exists()
    entry = AuditEntry.objects.get(action="second_factor_reset")
    assert entry.actor_id is None


def test_a_code_right_after_a_wrong_one_is_asked_to_wait(client, secadmin, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # django-otp's pause after a wrong code, longer than a test
    device = enrolled(secadmin)
    password_login(client, "secadmin")
    send_code(client, "000000" if code_for(device) != "000000" else "000001")
    response = send_code(client, code_for(device))
    assert "输入过于频繁，请" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_pages_are_in_chinese(client, secadmin):
    enrolled(secadmin)
    password_login(client, "secadmin")
    body = client.get(reverse("second_factor_verify")).content.decode()
    visible = re.sub(r"<[^>]+>", " ", body.split('<main class="page">', 1)[1])
    assert "双因素验证" in visible and not re.search(r"[A-Za-z]{4,}", visible)
