"""Password rules (等保 身份鉴别): strength, history, expiry, forced change, a change page, Chinese messages."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from luoshi import settings as project_settings
from luoshi.audit.models import AuditEntry
from luoshi.org.models import User

pytestmark = pytest.mark.django_db


def _refusal(password, user=None) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize("weak", ["12345678", "aaaaaaaa", "password", "Ab1!", "abcdefgh12"])
def test_weak_passwords_are_refused_in_chinese(weak):
    message = _refusal(weak)
    assert message and not any("a" <= ch.lower() <= "z" for ch in message.replace("%", "")), message


def test_three_of_four_character_classes_pass():
    validate_password("Luoshi2025")
    validate_password("luoshi-2025")


def test_a_password_containing_the_username_is_refused(liaison):
    assert "用户名" in _refusal("Jiangan-2025", liaison)


def test_the_last_five_passwords_cannot_come_back(liaison):
    used = [f"Passwort-{n}x" for n in range(6)]
    for password in used:
        liaison.set_password(password)
        liaison.save()
    assert "最近" in _refusal(used[1], liaison)
    validate_password(used[0], liaison)  # six changes ago: allowed again


def test_argon2_hashes_passwords():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_the_admin_reset_form_speaks_chinese(client, sysadmin, liaison):
    client.force_login(sysadmin)
    url = reverse("admin:auth_user_password_change", args=[liaison.pk])
    response = client.post(url, {"password1": "short", "password2": "short", "usable_password": "true"})
    text = response.content.decode()
    assert "This password" not in text and "too short" not in text
    assert "密码" in text


def test_an_admin_reset_forces_a_change_at_next_login(client, sysadmin, liaison):
    client.force_login(sysadmin)
    url = reverse("admin:auth_user_password_change", args=[liaison.pk])
    client.post(url, {"password1": "Neues-2025x", "password2": "Neues-2025x", "usable_password": "true"})
    liaison.refresh_from_db()
    assert liaison.must_change_password
    client.force_login(liaison)
    response = client.get(reverse("reports:my_tasks"))
    assert response.status_code == 302 and response.url.startswith(reverse("password_change"))


def test_an_expired_password_must_be_changed(client, liaison, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=liaison.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client.force_login(liaison)
    response = client.get(reverse("reports:my_tasks"))
    assert response.status_code == 302 and response.url.startswith(reverse("password_change"))


def test_a_fresh_password_is_not_expired(client, liaison):
    User.objects.filter(pk=liaison.pk).update(password_changed_at=timezone.now() - timedelta(days=10))
    client.force_login(liaison)
    assert client.get(reverse("reports:my_tasks")).status_code == 200


def test_demo_accounts_walk_straight_in(client, liaison):
    User.objects.filter(pk=liaison.pk).update(
        is_demo=True, must_change_password=True, password_changed_at=timezone.now() - timedelta(days=400)
    )
    client.force_login(liaison)
    assert client.get(reverse("reports:my_tasks")).status_code == 200


def test_every_user_changes_their_own_password(client, liaison):
    User.objects.filter(pk=liaison.pk).update(must_change_password=True)
    client.force_login(liaison)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    refused = client.post(
        reverse("password_change"),
        {"old_password": "luoshi-test", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert refused.status_code == 200 and "This password" not in refused.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "luoshi-test", "new_password1": "Neues-2025x", "new_password2": "Neues-2025x"},
    )
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert liaison.check_password("Neues-2025x") and not liaison.must_change_password
    assert AuditEntry.objects.filter(action="change_own_password", object_id=str(liaison.pk)).exists()
    assert client.get(reverse("reports:my_tasks")).status_code == 200
