"""Sessions (等保 身份鉴别/访问控制): idle timeout, absolute limit, one session per account, logout everywhere."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from luoshi import settings as project_settings
from luoshi.audit.models import AuditEntry
from luoshi.org import sessions
from luoshi.org.models import User

pytestmark = pytest.mark.django_db


def _age(client, key, seconds):
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def _signed_in(client) -> bool:
    return client.get(reverse("reports:my_tasks")).status_code == 200


def test_defaults_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert project_settings.SESSION_IDLE_SECONDS == 30 * 60
    assert project_settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_a_session_idle_past_the_timeout_ends(client, liaison):
    client.force_login(liaison)
    _age(client, sessions.SEEN, 31 * 60)
    response = client.get(reverse("reports:my_tasks"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not _signed_in(client)


def test_a_session_in_use_lasts_past_the_idle_timeout_but_not_twelve_hours(client, liaison):
    client.force_login(liaison)
    _age(client, sessions.STARTED, 11 * 3600)
    assert _signed_in(client)
    _age(client, sessions.STARTED, 12 * 3600 + 60)
    assert not _signed_in(client)


def test_one_session_per_account_when_switched_on(client, liaison, settings):
    settings.SESSION_SINGLE_PER_ACCOUNT = True
    first, second = client, Client()
    first.force_login(liaison)
    assert _signed_in(first)
    second.post(reverse("login"), {"username": "jiangan", "password": "luoshi-test"})
    assert _signed_in(second)
    assert not _signed_in(first)


def test_two_sessions_are_allowed_by_default(client, liaison):
    first, second = client, Client()
    first.force_login(liaison)
    second.force_login(liaison)
    assert _signed_in(first) and _signed_in(second)


def test_the_security_administrator_logs_a_user_out_everywhere(client, liaison):
    secadmin = User.objects.create_user("secadmin", password="x", role=User.Role.SECADMIN, is_staff=True)
    victim = Client()
    victim.force_login(liaison)
    client.force_login(secadmin)
    response = client.post(
        reverse("admin:org_user_changelist"), {"action": "end_sessions", "_selected_action": [liaison.pk]}
    )
    assert response.status_code == 302
    assert not _signed_in(victim)
    assert AuditEntry.objects.filter(action="admin_end_sessions", object_id=str(liaison.pk)).exists()
